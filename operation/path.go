package operation

import (
	"net/http"
	"strings"
)

// FromRequest returns the operation of a request to the platform from its method and URL path:
// one of the names returned by All, Other when the path is not a known operation. It does not
// allocate and never returns (part of) the path itself.
func FromRequest(r *http.Request) string {
	if r == nil || r.URL == nil {
		return Other
	}
	return FromPath(r.Method, r.URL.Path)
}

// FromPath is FromRequest for a method and a path. The method only matters for
// /Accounts/{sid}/Clients, which creates a client with POST and queries one with GET. Family A
// paths are /{version}/Accounts/{sid}/… and, for the 2015-06-30 SDK's client queries,
// /{version}/restApi/{sid}/{ClientsByMobile,ClientsByUserId}.
func FromPath(method, path string) string {
	path = trimSuffixFold(path, ".json")
	path = trimSuffixFold(path, ".xml")
	path = strings.TrimRight(path, "/")
	seg, rest := next(path)
	switch {
	case isVersion(seg):
		return familyAOp(method, rest)
	case strings.EqualFold(seg, "ol"):
		seg, rest = next(rest)
		if !strings.EqualFold(seg, "sms") {
			return Other
		}
		return lastOf(rest, familyBRoutes)
	case strings.EqualFold(seg, "sms-server"):
		return lastOf(rest, familyCRoutes)
	}
	return Other
}

// route is one operation under a path segment, which is matched without regard to ASCII case.
type route struct{ seg, op string }

// The routes of the last path segment, by where the segment sits. Families B and C and the
// conference list their operations in the order All gives them.
var (
	familyBRoutes = []route{
		{"sendsms", SendSMS}, {"sendsms_batch", SendSMSBatch}, {"addsmstemplate", AddSMSTemplate},
		{"getsmstemplate", GetSMSTemplate}, {"editsmstemplate", EditSMSTemplate},
		{"deletesmstemplate", DeleteSMSTemplate},
	}
	familyCRoutes = []route{
		{"variablesms", VariableSMS}, {"templatesms", TemplateSMS}, {"addsmstemplate", AddSMSTemplate},
	}
	conferenceRoutes = []route{
		{"create", ConferenceCreate}, {"invite", ConferenceInvite}, {"dismiss", ConferenceDismiss},
		{"mute", ConferenceMute}, {"unmute", ConferenceUnmute}, {"deaf", ConferenceDeaf},
		{"undeaf", ConferenceUndeaf}, {"query", ConferenceQuery}, {"record", ConferenceRecord},
		{"stoprecord", ConferenceStopRecord}, {"remove", ConferenceRemove},
	}
	imGroupRoutes = []route{
		{"creategroup", IMGroupCreate}, {"dismissgroup", IMGroupDismiss}, {"joingroupbatch", IMGroupJoinBatch},
		{"quitgroup", IMGroupQuit}, {"updategroup", IMGroupUpdate}, {"getgroup", IMGroupGet},
	}
	accountRoutes = []route{
		{"dropclient", DropClient}, {"clientlist", ListClients}, {"clientsbymobile", QueryClientByMobile},
		{"clientsbyuserid", QueryClientByUserID}, {"chargeclient", ChargeClient}, {"billlist", AppBill},
		{"dispalynumber", DisplayNumber}, {"displaynumber", DisplayNumber},
	}
	restAPIRoutes    = []route{{"clientsbymobile", QueryClientByMobile}, {"clientsbyuserid", QueryClientByUserID}}
	clientRoutes     = []route{{"billlist", ClientBill}}
	messageRoutes    = []route{{"templatesms", TemplateSMS}}
	roamRoutes       = []route{{"open", RoamOpen}, {"close", RoamClose}}
	safetyCallRoutes = []route{
		{"allocnumber", SafetyCallAllocNumber}, {"freenumber", SafetyCallFreeNumber}, {"applynumber", SafetyCallApplyNumber},
	}
	// callRoutes lists the further operations (callCancel) first: All takes them from here, after
	// family A's list, which holds the others already.
	callRoutes = []route{
		{"callcancel", CancelCallback}, {"callback", Callback}, {"voicecode", VoiceCode}, {"voicenotify", VoiceNotify},
	}
)

// familyAOp maps what follows the API version: Accounts/{sid}/… or restApi/{sid}/….
func familyAOp(method, rest string) string {
	seg, rest := next(rest)
	restAPI := strings.EqualFold(seg, "restapi")
	if !restAPI && !strings.EqualFold(seg, "accounts") {
		return Other
	}
	sid, rest := next(rest)
	if sid == "" {
		return Other
	}
	if restAPI {
		return lastOf(rest, restAPIRoutes)
	}
	seg, rest = next(rest)
	switch {
	case seg == "":
		return AccountInfo
	case strings.EqualFold(seg, "clients"):
		if rest == "" {
			if method == http.MethodGet || method == http.MethodHead {
				return QueryClient
			}
			return CreateClient
		}
		return lastOf(rest, clientRoutes)
	case strings.EqualFold(seg, "calls"):
		return lastOf(rest, callRoutes)
	case strings.EqualFold(seg, "messages"):
		return lastOf(rest, messageRoutes)
	case strings.EqualFold(seg, "conference"):
		return lastOf(rest, conferenceRoutes)
	case strings.EqualFold(seg, "roam"):
		return lastOf(rest, roamRoutes)
	case strings.EqualFold(seg, "safetycalls"):
		return lastOf(rest, safetyCallRoutes)
	case strings.EqualFold(seg, "im"):
		if seg, rest = next(rest); !strings.EqualFold(seg, "group") {
			return Other
		}
		return lastOf(rest, imGroupRoutes)
	case rest == "":
		return match(seg, accountRoutes)
	}
	return Other
}

// lastOf matches rest against routes when it is a single segment.
func lastOf(rest string, routes []route) string {
	seg, tail := next(rest)
	if tail != "" {
		return Other
	}
	return match(seg, routes)
}

// match returns the operation of the route whose segment equals seg up to ASCII case, Other if
// there is none.
func match(seg string, routes []route) string {
	for _, r := range routes {
		if equalFoldASCII(seg, r.seg) {
			return r.op
		}
	}
	return Other
}

// equalFoldASCII reports whether s equals lower, which is lower case, when ASCII letters of s are
// folded to lower case; other bytes must be equal.
func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// next splits "/a/b/c" into "a" and "/b/c" (leading slashes skipped).
func next(path string) (seg, rest string) {
	path = strings.TrimLeft(path, "/")
	if i := strings.IndexByte(path, '/'); i >= 0 {
		return path[:i], path[i:]
	}
	return path, ""
}

// isVersion reports whether seg looks like an API version, "2014-06-30".
func isVersion(seg string) bool {
	if len(seg) != 10 || seg[4] != '-' || seg[7] != '-' {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if i == 4 || i == 7 {
			continue
		}
		if seg[i] < '0' || seg[i] > '9' {
			return false
		}
	}
	return true
}

// trimSuffixFold removes suffix from the end of s, regardless of case.
func trimSuffixFold(s, suffix string) string {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)]
	}
	return s
}
