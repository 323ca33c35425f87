package ucpaastest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Builder builds requests the way the platform's SDKs send them, signed with Account's
// credentials, so that tests and examples need no SDK. The zero Now means time.Now.
type Builder struct {
	// BaseURL is where the platform is, e.g. Server.URL or https://api.ucpaas.com; no trailing
	// slash needed.
	BaseURL string
	// Account gives SID, Token and AppID.
	Account Account
	// XML sends family A bodies as XML and asks for XML replies; the default is JSON.
	XML bool
	// Now is the clock the signature is made with.
	Now func() time.Time
}

// FamilyA builds a signed family A request to path (after /Accounts/{sid}, e.g.
// "/Messages/templateSMS"). A GET carries fields in its query; any other method in a body
// {"root":{fields}} or <root>fields</root>, fields in key order.
func (b Builder) FamilyA(ctx context.Context, method, path, root string, fields map[string]string) (*http.Request, error) {
	return b.familyA(ctx, method, familyAPrefix+b.Account.SID+path, root, fields)
}

// FamilyA2015 is FamilyA for the 2015-06-30 API (conference, IM groups):
// /2015-06-30/Accounts/{sid} + path.
func (b Builder) FamilyA2015(ctx context.Context, method, path, root string, fields map[string]string) (*http.Request, error) {
	return b.familyA(ctx, method, "/"+version2015+"/Accounts/"+b.Account.SID+path, root, fields)
}

// RestAPI builds the 2015-06-30 SDK's client queries, GET /2015-06-30/restApi/{sid} + path with
// fields in the query (path "/ClientsByMobile" or "/ClientsByUserId").
func (b Builder) RestAPI(ctx context.Context, path string, fields map[string]string) (*http.Request, error) {
	return b.familyA(ctx, http.MethodGet, "/"+version2015+"/restApi/"+b.Account.SID+path, "", fields)
}

// familyA builds a signed family A request to the absolute path p.
func (b Builder) familyA(ctx context.Context, method, p, root string, fields map[string]string) (*http.Request, error) {
	u := strings.TrimSuffix(b.BaseURL, "/") + p
	contentType := "application/json;charset=utf-8"
	if b.XML {
		contentType = "application/xml;charset=utf-8"
	}
	var body []byte
	if method == http.MethodGet {
		q := url.Values{}
		for k, v := range fields {
			q.Set(k, v)
		}
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
	} else {
		var err error
		if body, err = encodeFamilyA(root, fields, b.XML); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", contentType)
	if method != http.MethodGet {
		req.Header.Set("Content-Type", contentType)
	}
	Sign(req, b.Account.SID, b.Account.Token, b.now())
	return req, nil
}

func (b Builder) now() time.Time {
	if b.Now == nil {
		return time.Now()
	}
	return b.Now()
}

// encodeFamilyA writes a family A body.
func encodeFamilyA(root string, fields map[string]string, asXML bool) ([]byte, error) {
	if !asXML {
		return json.Marshal(map[string]map[string]string{root: fields})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header + "<" + root + ">")
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		buf.WriteString("<" + k + ">")
		if err := xml.EscapeText(&buf, []byte(fields[k])); err != nil {
			return nil, err
		}
		buf.WriteString("</" + k + ">")
	}
	buf.WriteString("</" + root + ">")
	return buf.Bytes(), nil
}

// TemplateSMS builds POST /Messages/templateSMS to up to 100 numbers.
func (b Builder) TemplateSMS(ctx context.Context, to []string, templateID string, params ...string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/Messages/templateSMS", "templateSMS", map[string]string{
		"appId": b.Account.AppID, "templateId": templateID,
		"to": strings.Join(to, ","), "param": strings.Join(params, ","),
	})
}

// VoiceCode builds POST /Calls/voiceCode: a call that reads verifyCode to the number to.
func (b Builder) VoiceCode(ctx context.Context, to, verifyCode string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/Calls/voiceCode", "voiceCode", map[string]string{
		"appId": b.Account.AppID, "to": to, "verifyCode": verifyCode,
	})
}

// VoiceNotify builds POST /Calls/voiceNotify: a call that reads a text to the number to.
func (b Builder) VoiceNotify(ctx context.Context, to, text string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/Calls/voiceNotify", "voiceNotify", map[string]string{
		"appId": b.Account.AppID, "to": to, "type": "0", "content": text,
	})
}

// Callback builds POST /Calls/callBack: the platform calls the sub-account's bound mobile, then to.
func (b Builder) Callback(ctx context.Context, fromClient, to string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/Calls/callBack", "callback", map[string]string{
		"appId": b.Account.AppID, "fromClient": fromClient, "to": to,
	})
}

// CreateClient builds POST /Clients: a sub-account named friendlyName, bound to mobile if not "".
func (b Builder) CreateClient(ctx context.Context, friendlyName, mobile string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/Clients", "client", map[string]string{
		"appId": b.Account.AppID, "friendlyName": friendlyName, "mobile": mobile, "clientType": "0",
	})
}

// QueryClient builds GET /Clients?clientNumber=…&appId=….
func (b Builder) QueryClient(ctx context.Context, clientNumber string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodGet, "/Clients", "", map[string]string{
		"appId": b.Account.AppID, "clientNumber": clientNumber,
	})
}

// DropClient builds POST /dropClient: closes a sub-account.
func (b Builder) DropClient(ctx context.Context, clientNumber string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/dropClient", "client", map[string]string{
		"appId": b.Account.AppID, "clientNumber": clientNumber,
	})
}

// ListClients builds POST /clientList: limit sub-accounts from start.
func (b Builder) ListClients(ctx context.Context, start, limit int) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/clientList", "client", map[string]string{
		"appId": b.Account.AppID, "start": strconv.Itoa(start), "limit": strconv.Itoa(limit),
	})
}

// AccountInfo builds GET on the account: its balance and state.
func (b Builder) AccountInfo(ctx context.Context) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodGet, "", "", nil)
}

// QueryClientByMobile builds GET /ClientsByMobile?mobile=…&appId=….
func (b Builder) QueryClientByMobile(ctx context.Context, mobile string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodGet, "/ClientsByMobile", "", map[string]string{"appId": b.Account.AppID, "mobile": mobile})
}

// ChargeClient builds POST /chargeClient: moves yuan whole yuan from the account to the
// sub-account (refund false) or back (refund true).
func (b Builder) ChargeClient(ctx context.Context, clientNumber string, yuan int64, refund bool) (*http.Request, error) {
	chargeType := "0"
	if refund {
		chargeType = "1"
	}
	return b.FamilyA(ctx, http.MethodPost, "/chargeClient", "client", map[string]string{
		"appId": b.Account.AppID, "clientNumber": clientNumber, "chargeType": chargeType,
		"charge": strconv.FormatInt(yuan, 10),
	})
}

// AppBill builds POST /billList for the period date: "day", "week" or "month".
func (b Builder) AppBill(ctx context.Context, date string) (*http.Request, error) {
	return b.FamilyA(ctx, http.MethodPost, "/billList", "appBill", map[string]string{"appId": b.Account.AppID, "date": date})
}

// Conference builds POST /2015-06-30/Accounts/{sid}/Conference/{action} with the account's appId
// and fields (e.g. "create" with creator, "invite" with confId and to).
func (b Builder) Conference(ctx context.Context, action string, fields map[string]string) (*http.Request, error) {
	f := map[string]string{"appId": b.Account.AppID}
	maps.Copy(f, fields)
	return b.FamilyA2015(ctx, http.MethodPost, "/Conference/"+action, "conference", f)
}

// IMGroup builds POST /2015-06-30/Accounts/{sid}/im/group/{action} with an imGroup body: the
// account's appId and fields (userId, groupId, groupName).
func (b Builder) IMGroup(ctx context.Context, action string, fields map[string]string) (*http.Request, error) {
	f := map[string]string{"appId": b.Account.AppID}
	maps.Copy(f, fields)
	return b.FamilyA2015(ctx, http.MethodPost, "/im/group/"+action, "imGroup", f)
}

// FamilyB builds a family B request to path (e.g. "/ol/sms/sendsms") whose JSON body is fields
// plus the account's sid, token and appid.
func (b Builder) FamilyB(ctx context.Context, path string, fields map[string]string) (*http.Request, error) {
	body := map[string]string{"sid": b.Account.SID, "token": b.Account.Token, "appid": b.Account.AppID}
	maps.Copy(body, fields)
	return b.flatJSON(ctx, path, body)
}

// flatJSON builds a POST of body as a JSON object to path.
func (b Builder) flatJSON(ctx context.Context, path string, body map[string]string) (*http.Request, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(b.BaseURL, "/")+path, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json;charset=utf-8")
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// SendSMS builds POST /ol/sms/sendsms to one mobile number.
func (b Builder) SendSMS(ctx context.Context, mobile, templateID string, params ...string) (*http.Request, error) {
	return b.FamilyB(ctx, "/ol/sms/sendsms", map[string]string{
		"templateid": templateID, "param": strings.Join(params, ","), "mobile": mobile,
	})
}

// SendSMSBatch builds POST /ol/sms/sendsms_batch to up to 100 distinct mobile numbers.
func (b Builder) SendSMSBatch(ctx context.Context, mobiles []string, templateID string, params ...string) (*http.Request, error) {
	return b.FamilyB(ctx, "/ol/sms/sendsms_batch", map[string]string{
		"templateid": templateID, "param": strings.Join(params, ","), "mobile": strings.Join(mobiles, ","),
	})
}

// FamilyC builds a family C (open2 sms-server) request to path (e.g. "/sms-server/variablesms")
// whose JSON body is fields plus the account's clientid and password digest.
func (b Builder) FamilyC(ctx context.Context, path string, fields map[string]string) (*http.Request, error) {
	body := map[string]string{"clientid": b.Account.ClientID, "password": PasswordDigest(b.Account.Password)}
	maps.Copy(body, fields)
	return b.flatJSON(ctx, path, body)
}

// VariableSMS builds POST /sms-server/variablesms to mobiles, parameters separated by ";".
func (b Builder) VariableSMS(ctx context.Context, mobiles []string, templateID string, params ...string) (*http.Request, error) {
	return b.FamilyC(ctx, "/sms-server/variablesms", map[string]string{
		"templateid": templateID, "param": strings.Join(params, ";"), "mobile": strings.Join(mobiles, ","),
	})
}
