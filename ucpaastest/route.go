package ucpaastest

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ucpobs/ucpobs/operation"
)

// The REST API versions of family A the simulator serves, and the prefix of the paths Builder
// makes.
const (
	version2014   = "2014-06-30"
	version2015   = "2015-06-30"
	familyAPrefix = "/" + version2014 + "/Accounts/"
)

// family says which reply format a request gets.
type family int

const (
	familyA family = iota // {"resp":{"respCode":…}} or <resp>…</resp>
	familyB               // flat JSON, "code" a string
	familyC               // flat JSON, "code" the number 0 on success
)

// route is a request, routed.
type route struct {
	family family
	sid    string // family A: the account id in the path
	asXML  bool   // family A: answer in XML
	op     string // the operation's name (package operation); "" when not served
	handle opA    // family A: the operation's handler
	allow  string // a served path asked with a method it does not take: the methods it takes
	code   string // a path not served: the code to answer (100007, or 101107 for an unknown version)
}

// familyAOp is a family A operation the simulator serves: its name and its handler.
type familyAOp struct {
	name   string
	handle opA
}

// accountOps maps "METHOD rest-of-path" (after /{version}/Accounts/{sid}, suffix removed) to an
// operation; both versions serve every one of them.
var accountOps = map[string]familyAOp{
	"GET ":                          {operation.AccountInfo, (*Simulator).accountInfo},
	"POST /Clients":                 {operation.CreateClient, (*Simulator).createClient},
	"GET /Clients":                  {operation.QueryClient, (*Simulator).queryClient},
	"GET /ClientsByMobile":          {operation.QueryClientByMobile, (*Simulator).queryClientByMobile},
	"GET /ClientsByUserId":          {operation.QueryClientByUserID, (*Simulator).queryClientByUserID},
	"POST /dropClient":              {operation.DropClient, (*Simulator).dropClient},
	"POST /clientList":              {operation.ListClients, (*Simulator).listClients},
	"POST /chargeClient":            {operation.ChargeClient, (*Simulator).chargeClient},
	"POST /billList":                {operation.AppBill, (*Simulator).appBill},
	"POST /Clients/billList":        {operation.ClientBill, (*Simulator).clientBill},
	"POST /Calls/callBack":          {operation.Callback, (*Simulator).callback},
	"POST /Calls/callCancel":        {operation.CancelCallback, (*Simulator).cancelCallback},
	"POST /Calls/voiceCode":         {operation.VoiceCode, (*Simulator).voiceCode},
	"POST /Calls/voiceNotify":       {operation.VoiceNotify, (*Simulator).voiceNotify},
	"POST /Messages/templateSMS":    {operation.TemplateSMS, (*Simulator).templateSMS},
	"POST /Roam/Open":               {operation.RoamOpen, (*Simulator).roamOpen},
	"POST /Roam/Close":              {operation.RoamClose, (*Simulator).roamClose},
	"POST /safetyCalls/allocNumber": {operation.SafetyCallAllocNumber, (*Simulator).allocNumber},
	"POST /safetyCalls/freeNumber":  {operation.SafetyCallFreeNumber, (*Simulator).freeNumber},
	"POST /safetyCalls/applyNumber": {operation.SafetyCallApplyNumber, (*Simulator).applyNumber},
	"POST /Conference/create":       {operation.ConferenceCreate, (*Simulator).conferenceCreate},
	"POST /Conference/invite":       {operation.ConferenceInvite, (*Simulator).conferenceInvite},
	"POST /Conference/dismiss":      {operation.ConferenceDismiss, (*Simulator).conferenceDismiss},
	"POST /Conference/mute":         {operation.ConferenceMute, memberAction(func(m *member) { m.muted = true })},
	"POST /Conference/unmute":       {operation.ConferenceUnmute, memberAction(func(m *member) { m.muted = false })},
	"POST /Conference/deaf":         {operation.ConferenceDeaf, memberAction(func(m *member) { m.deaf = true })},
	"POST /Conference/undeaf":       {operation.ConferenceUndeaf, memberAction(func(m *member) { m.deaf = false })},
	"POST /Conference/remove":       {operation.ConferenceRemove, (*Simulator).conferenceRemove},
	"POST /Conference/query":        {operation.ConferenceQuery, (*Simulator).conferenceQuery},
	"POST /Conference/record":       {operation.ConferenceRecord, recordAction(true)},
	"POST /Conference/stopRecord":   {operation.ConferenceStopRecord, recordAction(false)},
	"POST /im/group/createGroup":    {operation.IMGroupCreate, (*Simulator).groupCreate},
	"POST /im/group/dismissGroup":   {operation.IMGroupDismiss, (*Simulator).groupDismiss},
	"POST /im/group/joinGroupBatch": {operation.IMGroupJoinBatch, (*Simulator).groupJoinBatch},
	"POST /im/group/quitGroup":      {operation.IMGroupQuit, (*Simulator).groupQuit},
	"POST /im/group/updateGroup":    {operation.IMGroupUpdate, (*Simulator).groupUpdate},
	"POST /im/group/getGroup":       {operation.IMGroupGet, (*Simulator).groupGet},
}

// restAPIOps maps "METHOD rest-of-path" after /2015-06-30/restApi/{sid} (the 2015-06-30 SDK's
// client queries) to an operation.
var restAPIOps = map[string]familyAOp{
	"GET /ClientsByMobile": accountOps["GET /ClientsByMobile"],
	"GET /ClientsByUserId": accountOps["GET /ClientsByUserId"],
}

// familyBOps and familyCOps map the paths of families B and C to operations; they take POST only.
var (
	familyBOps = map[string]string{
		"/ol/sms/sendsms":       operation.SendSMS,
		"/ol/sms/sendsms_batch": operation.SendSMSBatch,
	}
	familyCOps = map[string]string{
		"/sms-server/variablesms":    operation.VariableSMS,
		"/sms-server/templatesms":    operation.TemplateSMS,
		"/sms-server/addsmstemplate": operation.AddSMSTemplate,
	}
)

// routeOf routes a request. A path the simulator does not serve routes with code set, a served
// path with a method it does not take with allow set.
func routeOf(r *http.Request) route {
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/ol/"):
		return routeFlat(r, familyB, familyBOps)
	case strings.HasPrefix(path, "/sms-server/"):
		return routeFlat(r, familyC, familyCOps)
	}
	rt := route{family: familyA, asXML: wantsXML(r), code: codeNotServed}
	switch {
	case strings.HasSuffix(path, ".json"):
		path, rt.asXML = strings.TrimSuffix(path, ".json"), false
	case strings.HasSuffix(path, ".xml"):
		path, rt.asXML = strings.TrimSuffix(path, ".xml"), true
	}
	version, rest, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if version != version2014 && version != version2015 {
		if looksLikeVersion(version) {
			rt.code = codeBadVersion
		}
		return rt
	}
	base, rest, _ := strings.Cut(rest, "/")
	ops := accountOps
	if base == "restApi" && version == version2015 {
		ops = restAPIOps
	} else if base != "Accounts" {
		return rt
	}
	rt.sid, rest, _ = strings.Cut(rest, "/")
	if rest != "" {
		rest = "/" + rest
	}
	if op, found := ops[r.Method+" "+rest]; found {
		rt.op, rt.handle, rt.code = op.name, op.handle, ""
		return rt
	}
	var allow []string
	for key := range ops {
		if method, p, _ := strings.Cut(key, " "); p == rest {
			allow = append(allow, method)
		}
	}
	slices.Sort(allow)
	rt.allow = strings.Join(allow, ", ")
	return rt
}

// routeFlat routes a family B or C request: POST to one of ops.
func routeFlat(r *http.Request, fam family, ops map[string]string) route {
	rt := route{family: fam, code: codeNotServed}
	if op, found := ops[r.URL.Path]; found {
		if r.Method != http.MethodPost {
			rt.allow = http.MethodPost
			return rt
		}
		rt.op, rt.code = op, ""
	}
	return rt
}

// looksLikeVersion reports whether seg has the shape of an API version, 2014-06-30.
func looksLikeVersion(seg string) bool {
	return len(seg) == 10 && seg[4] == '-' && seg[7] == '-' &&
		allDigits(seg[:4]) && allDigits(seg[5:7]) && allDigits(seg[8:])
}

// wantsXML reports whether the request asks for XML: by Accept, else by Content-Type.
func wantsXML(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	if strings.Contains(accept, "xml") {
		return true
	}
	if strings.Contains(accept, "json") {
		return false
	}
	return strings.Contains(r.Header.Get("Content-Type"), "xml")
}
