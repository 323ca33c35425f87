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
// /Accounts/{sid}/Clients, which creates a client with POST and queries one with GET.
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
		return lastOf(rest, familyBPaths)
	case strings.EqualFold(seg, "sms-server"):
		return lastOf(rest, familyCPaths)
	}
	return Other
}

var (
	familyBPaths = map[string]string{
		"sendsms": SendSMS, "sendsms_batch": SendSMSBatch, "addsmstemplate": AddSMSTemplate,
		"getsmstemplate": GetSMSTemplate, "editsmstemplate": EditSMSTemplate,
		"deletesmstemplate": DeleteSMSTemplate,
	}
	familyCPaths = map[string]string{
		"variablesms": VariableSMS, "templatesms": TemplateSMS, "addsmstemplate": AddSMSTemplate,
	}
	conferencePaths = map[string]string{
		"create": ConferenceCreate, "invite": ConferenceInvite, "dismiss": ConferenceDismiss,
		"mute": ConferenceMute, "unmute": ConferenceUnmute, "deaf": ConferenceDeaf,
		"undeaf": ConferenceUndeaf, "query": ConferenceQuery, "record": ConferenceRecord,
		"stoprecord": ConferenceStopRecord, "remove": ConferenceRemove,
	}
	accountPaths = map[string]string{
		"dropclient": DropClient, "clientlist": ListClients, "clientsbymobile": QueryClientByMobile,
		"chargeclient": ChargeClient, "billlist": AppBill,
		"dispalynumber": DisplayNumber, "displaynumber": DisplayNumber,
	}
	clientSubPaths = map[string]string{"billlist": ClientBill}
	messagePaths   = map[string]string{"templatesms": TemplateSMS}
	callPaths      = map[string]string{
		"callback": Callback, "voicecode": VoiceCode, "voicenotify": VoiceNotify,
	}
)

// familyAOp maps what follows the API version: Accounts/{sid}/….
func familyAOp(method, rest string) string {
	seg, rest := next(rest)
	if !strings.EqualFold(seg, "accounts") {
		return Other
	}
	sid, rest := next(rest)
	if sid == "" {
		return Other
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
		return lastOf(rest, clientSubPaths)
	case strings.EqualFold(seg, "calls"):
		return lastOf(rest, callPaths)
	case strings.EqualFold(seg, "messages"):
		return lastOf(rest, messagePaths)
	case strings.EqualFold(seg, "conference"):
		return lastOf(rest, conferencePaths)
	case rest == "":
		return lookupFold(seg, accountPaths)
	}
	return Other
}

// lastOf looks rest up in m when it is a single segment.
func lastOf(rest string, m map[string]string) string {
	seg, tail := next(rest)
	if tail != "" {
		return Other
	}
	return lookupFold(seg, m)
}

// lookupFold finds seg in m, whose keys are lower case, without allocating for short segments.
func lookupFold(seg string, m map[string]string) string {
	var buf [32]byte
	if len(seg) == 0 || len(seg) > len(buf) {
		return Other
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if op, ok := m[string(buf[:len(seg)])]; ok {
		return op
	}
	return Other
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

func trimSuffixFold(s, suffix string) string {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)]
	}
	return s
}
