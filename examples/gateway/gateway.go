package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/operation"
)

// credentials are the company's platform credentials, which only the gateway holds.
type credentials struct {
	SID, Token, AppID string
}

// smsRequest is what the company's services post to the gateway.
type smsRequest struct {
	Mobile   string   `json:"mobile"`
	Template string   `json:"template"`
	Params   []string `json:"params"`
}

// reply is the gateway's answer, in the platform's family B format.
type reply struct {
	Code  string `json:"code"`
	Msg   string `json:"msg"`
	SMSID string `json:"smsid,omitempty"`
}

// codeUpstreamFailed is answered when the platform could not be reached or answered without a
// code: 105100 短信服务请求异常 (platform, retryable).
const codeUpstreamFailed = "105100"

// gateway is an internal SMS service: the company's other services post {"mobile", "template",
// "params"} to POST /v1/sms, and it sends the SMS through the platform's family B API
// (/ol/sms/sendsms) with the company's credentials, answering in the platform's format with the
// platform's return code.
type gateway struct {
	platformURL string
	creds       credentials
	base        *http.Transport
	client      *http.Client
}

// newGateway returns the gateway as an http.Handler observed by middleware.NewHandler (its
// answers: ucpaas_server_*), whose calls to the platform are observed by
// middleware.NewTransport (ucpaas_client_*), both counted in m and logged to log.
func newGateway(platformURL string, creds credentials, m *metrics.Metrics, log *zap.Logger) (*gateway, http.Handler) {
	g := &gateway{platformURL: platformURL, creds: creds, base: http.DefaultTransport.(*http.Transport).Clone()}
	g.client = &http.Client{
		Timeout:   10 * time.Second,
		Transport: middleware.NewTransport(g.base, middleware.WithMetrics(m), middleware.WithLogger(log)),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/sms", g.sendSMS)
	return g, middleware.NewHandler(mux,
		middleware.WithMetrics(m),
		middleware.WithLogger(log),
		// The gateway's own path is not a platform path; name its operation for the labels.
		middleware.WithOperationFunc(func(r *http.Request) string {
			if r.URL.Path == "/v1/sms" {
				return operation.SendSMS
			}
			return operation.Other
		}),
	)
}

// Close closes the idle connections to the platform.
func (g *gateway) Close() { g.base.CloseIdleConnections() }

// sendSMS forwards one SMS to the platform and relays its return code.
func (g *gateway) sendSMS(w http.ResponseWriter, r *http.Request) {
	var in smsRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&in); err != nil {
		// Not the platform's format: the middleware counts it as unparsed (code "none").
		http.Error(w, "the body must be JSON: {\"mobile\", \"template\", \"params\"}", http.StatusBadRequest)
		return
	}
	body, err := json.Marshal(map[string]string{
		"sid": g.creds.SID, "token": g.creds.Token, "appid": g.creds.AppID,
		"templateid": in.Template, "param": strings.Join(in.Params, ","), "mobile": in.Mobile,
	})
	if err != nil {
		answer(w, reply{Code: codeUpstreamFailed})
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, g.platformURL+"/ol/sms/sendsms", bytes.NewReader(body))
	if err != nil {
		answer(w, reply{Code: codeUpstreamFailed})
		return
	}
	req.Header.Set("Content-Type", "application/json;charset=utf-8")
	resp, err := g.client.Do(req)
	if err != nil {
		answer(w, reply{Code: codeUpstreamFailed})
		return
	}
	defer resp.Body.Close()
	var out reply
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Code == "" {
		answer(w, reply{Code: codeUpstreamFailed})
		return
	}
	answer(w, out)
}

// answer writes r as JSON with HTTP 200, as the platform does; an empty Msg gets the code's
// Chinese text from the catalog.
func answer(w http.ResponseWriter, r reply) {
	if c, ok := codes.Lookup(r.Code); ok && r.Msg == "" {
		r.Msg = c.Message
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	_ = json.NewEncoder(w).Encode(r)
}
