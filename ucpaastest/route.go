package ucpaastest

import (
	"net/http"
	"slices"
	"strings"
)

// familyAPrefix starts every family A path the simulator serves.
const familyAPrefix = "/2014-06-30/Accounts/"

// routeA is a family A request, routed.
type routeA struct {
	sid   string    // the account id in the path
	op    familyAOp // the operation; zero when allow is set
	asXML bool      // answer in XML
	allow string    // for a known path asked with the wrong method: the methods it takes
}

// familyAOp is a family A operation the simulator serves: its name and its handler.
type familyAOp struct {
	name   string
	handle opA
}

// familyAOps maps "METHOD rest-of-path" (after /Accounts/{sid}, suffix removed) to an operation.
var familyAOps = map[string]familyAOp{
	"GET ":                       {"account_info", (*Simulator).accountInfo},
	"POST /Clients":              {"create_client", (*Simulator).createClient},
	"GET /Clients":               {"query_client", (*Simulator).queryClient},
	"POST /dropClient":           {"drop_client", (*Simulator).dropClient},
	"POST /clientList":           {"list_clients", (*Simulator).listClients},
	"POST /Calls/callBack":       {"callback", (*Simulator).callback},
	"POST /Calls/voiceCode":      {"voice_code", (*Simulator).voiceCode},
	"POST /Calls/voiceNotify":    {"voice_notify", (*Simulator).voiceNotify},
	"POST /Messages/templateSMS": {"template_sms", (*Simulator).templateSMS},
}

// routeFamilyA routes a family A request; found is false for a path the simulator does not serve.
// A served path with a method it does not serve routes with allow set and no operation (answered
// 405).
func routeFamilyA(r *http.Request) (routeA, bool) {
	rest, found := strings.CutPrefix(r.URL.Path, familyAPrefix)
	if !found {
		return routeA{}, false
	}
	rt := routeA{asXML: wantsXML(r)}
	switch {
	case strings.HasSuffix(rest, ".json"):
		rest, rt.asXML = strings.TrimSuffix(rest, ".json"), false
	case strings.HasSuffix(rest, ".xml"):
		rest, rt.asXML = strings.TrimSuffix(rest, ".xml"), true
	}
	rt.sid, rest, _ = strings.Cut(rest, "/")
	if rest != "" {
		rest = "/" + rest
	}
	if op, found := familyAOps[r.Method+" "+rest]; found {
		rt.op = op
		return rt, true
	}
	var allow []string
	for key := range familyAOps {
		if method, path, _ := strings.Cut(key, " "); path == rest {
			allow = append(allow, method)
		}
	}
	if len(allow) == 0 {
		return routeA{}, false
	}
	slices.Sort(allow)
	rt.allow = strings.Join(allow, ", ") // known path, wrong method
	return rt, true
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

// familyBOps maps family B paths to operations.
var familyBOps = map[string]string{
	"/ol/sms/sendsms":       "send_sms",
	"/ol/sms/sendsms_batch": "send_sms_batch",
}
