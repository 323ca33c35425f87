package operation

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
	ChargeClient        = "charge_client"
	AppBill             = "app_bill"
	ClientBill          = "client_bill"
	DisplayNumber       = "display_number"
	Callback            = "callback"
	VoiceCode           = "voice_code"
	VoiceNotify         = "voice_notify"
	TemplateSMS         = "template_sms"
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

var (
	familyA = []string{
		AccountInfo, CreateClient, DropClient, ListClients, QueryClient, QueryClientByMobile,
		ChargeClient, AppBill, ClientBill, DisplayNumber, Callback, VoiceCode, VoiceNotify,
		TemplateSMS,
	}
	conference = []string{
		ConferenceCreate, ConferenceInvite, ConferenceDismiss, ConferenceMute, ConferenceUnmute,
		ConferenceDeaf, ConferenceUndeaf, ConferenceQuery, ConferenceRecord, ConferenceStopRecord,
		ConferenceRemove,
	}
	familyB = []string{SendSMS, SendSMSBatch, AddSMSTemplate, GetSMSTemplate, EditSMSTemplate, DeleteSMSTemplate}
	familyC = []string{VariableSMS, TemplateSMS, AddSMSTemplate}
	known   = func() map[string]bool {
		m := map[string]bool{Other: true}
		for _, list := range [][]string{familyA, conference, familyB, familyC} {
			for _, op := range list {
				m[op] = true
			}
		}
		return m
	}()
)

// All returns every operation name FromRequest can return, Other included, without duplicates.
func All() []string {
	out := make([]string, 0, len(known))
	seen := make(map[string]bool, len(known))
	for _, list := range [][]string{familyA, conference, familyB, familyC, {Other}} {
		for _, op := range list {
			if !seen[op] {
				seen[op] = true
				out = append(out, op)
			}
		}
	}
	return out
}

// Common returns the operations of families A (without conference) and B, the ones most
// applications call: the default set for which metrics pre-initialise their failure series.
func Common() []string {
	out := make([]string, 0, len(familyA)+len(familyB))
	out = append(out, familyA...)
	return append(out, familyB...)
}

// Known reports whether op is one of the names returned by All.
func Known(op string) bool { return known[op] }
