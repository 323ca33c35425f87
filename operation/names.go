package operation

import "slices"

// Other is the operation of every request whose path is not a known platform operation.
const Other = "other"

// Family A operations (REST API 2014-06-30, paths below /Accounts/{accountSid}).
const (
	AccountInfo         = "account_info"
	CreateClient        = "create_client"
	DropClient          = "drop_client"
	ListClients         = "list_clients"
	QueryClient         = "query_client"
	QueryClientByMobile = "query_client_by_mobile"
	// QueryClientByUserID is GET ClientsByUserId (also /2015-06-30/restApi/{accountSid}/ClientsByUserId).
	QueryClientByUserID = "query_client_by_user_id"
	ChargeClient        = "charge_client"
	AppBill             = "app_bill"
	ClientBill          = "client_bill"
	DisplayNumber       = "display_number"
	Callback            = "callback"
	VoiceCode           = "voice_code"
	VoiceNotify         = "voice_notify"
	TemplateSMS         = "template_sms"
)

// Further family A operations that the platform's own SDKs call: cancelling a callback call,
// international roaming, privacy ("safety") numbers.
const (
	CancelCallback        = "cancel_callback"          // Calls/callCancel
	RoamOpen              = "roam_open"                // Roam/Open
	RoamClose             = "roam_close"               // Roam/Close
	SafetyCallAllocNumber = "safety_call_alloc_number" // safetyCalls/allocNumber
	SafetyCallFreeNumber  = "safety_call_free_number"  // safetyCalls/freeNumber
	SafetyCallApplyNumber = "safety_call_apply_number" // safetyCalls/applyNumber
)

// IM group operations (im/group/{action} below /Accounts/{accountSid}, as the SDKs call them).
const (
	IMGroupCreate    = "im_group_create"     // im/group/createGroup
	IMGroupDismiss   = "im_group_dismiss"    // im/group/dismissGroup
	IMGroupJoinBatch = "im_group_join_batch" // im/group/joinGroupBatch
	IMGroupQuit      = "im_group_quit"       // im/group/quitGroup
	IMGroupUpdate    = "im_group_update"     // im/group/updateGroup
	IMGroupGet       = "im_group_get"        // im/group/getGroup
)

// Family A' conference operations (REST API 2015-06-30, /Conference/{action}).
const (
	ConferenceCreate     = "conference_create"
	ConferenceInvite     = "conference_invite"
	ConferenceDismiss    = "conference_dismiss"
	ConferenceMute       = "conference_mute"
	ConferenceUnmute     = "conference_unmute"
	ConferenceDeaf       = "conference_deaf"
	ConferenceUndeaf     = "conference_undeaf"
	ConferenceQuery      = "conference_query"
	ConferenceRecord     = "conference_record"
	ConferenceStopRecord = "conference_stop_record"
	ConferenceRemove     = "conference_remove"
)

// Family B operations (SMS open platform, /ol/sms/…).
const (
	SendSMS           = "send_sms"
	SendSMSBatch      = "send_sms_batch"
	AddSMSTemplate    = "add_sms_template"
	GetSMSTemplate    = "get_sms_template"
	EditSMSTemplate   = "edit_sms_template"
	DeleteSMSTemplate = "delete_sms_template"
)

// Family C operations (SMS "open2", /sms-server/…). Its template SMS and template creation share
// the names TemplateSMS and AddSMSTemplate with families A and B.
const (
	VariableSMS = "variable_sms"
)

// familyA lists the family A operations in the order All gives them.
var familyA = []string{
	AccountInfo, CreateClient, DropClient, ListClients, QueryClient, QueryClientByMobile,
	ChargeClient, AppBill, ClientBill, DisplayNumber, Callback, VoiceCode, VoiceNotify,
	TemplateSMS,
}

var (
	// all is every operation FromPath can return, without duplicates: family A, its further
	// operations, the conference, IM groups, families B and C, Other.
	all = func() []string {
		var out []string
		lists := [][]string{
			familyA, {QueryClientByUserID}, opsOf(callRoutes), opsOf(roamRoutes), opsOf(safetyCallRoutes),
			opsOf(conferenceRoutes), opsOf(imGroupRoutes), opsOf(familyBRoutes), opsOf(familyCRoutes), {Other},
		}
		for _, list := range lists {
			for _, op := range list {
				if !slices.Contains(out, op) {
					out = append(out, op)
				}
			}
		}
		return out
	}()
	// known holds the names of all.
	known = func() map[string]bool {
		m := make(map[string]bool, len(all))
		for _, op := range all {
			m[op] = true
		}
		return m
	}()
)

// opsOf returns the operations of routes, in order.
func opsOf(routes []route) []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.op
	}
	return out
}

// All returns every operation name FromRequest can return, Other included, without duplicates.
func All() []string { return slices.Clone(all) }

// Known reports whether op is one of the names returned by All.
func Known(op string) bool { return known[op] }
