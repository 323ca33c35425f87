package middleware

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/extract"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// codeField is the ucpaas.code log field the reporter writes for the code scanning b finds.
func codeField(b []byte) string {
	var s extract.Scanner
	s.Feed(b)
	raw, found := s.Code()
	var o observation.Observation
	setCode(&o, codes.Default(), raw, found)
	if o.ReplyCode == "" {
		return observation.LabelNone
	}
	return o.ReplyCode
}

// FuzzTransportPeek sends any body, plain or gzip-encoded, in chunks of any size, through
// NewTransport with any peek cap: the caller gets the body byte-for-byte, and the code recorded is
// what the scanner finds in the bytes the cap allows (for gzip, a code found is the one the whole
// decoded body holds, and a body within the cap is decided as a whole).
func FuzzTransportPeek(f *testing.F) {
	for _, s := range []string{
		`{"resp":{"respCode":"000000","templateSMS":{"createDate":"20140820145658","smsId":"d2c49329f363b802fb3531d9c67b54f8"}}}`,
		`{"resp":{"respCode":"105110"}}`,
		`{"code":"000000","count":"1","create_date":"2018-07-23 13:34:06","mobile":"15811564298","msg":"OK","smsid":"852579cbb829c08c917f162b267efce6","uid":""}`,
		`{"code":0,"msg":"成功"}`,
		`<?xml version="1.0" encoding="UTF-8"?><resp><respCode>100001</respCode></resp>`,
		"<html><head><title>502 Bad Gateway</title></head></html>",
		"",
	} {
		f.Add([]byte(s), uint8(7), uint16(64), false)
		f.Add([]byte(s), uint8(1), uint16(5), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, chunk uint8, maxPeek uint16, zip bool) {
		data, peekCap := body, int(maxPeek)%4096+1
		if zip {
			data = gzipped(t, string(body))
		}
		resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: &chunkBody{data: bytes.Clone(data), n: int(chunk)%64 + 1, err: io.EOF}, ContentLength: -1}
		if zip {
			resp.Header.Set("Content-Encoding", "gzip")
		}
		core, logs := observer.New(zapcore.DebugLevel)
		rt := NewTransport(stubTransport{resp: resp}, WithLogger(zap.New(core)), WithTracerProvider(noop.NewTracerProvider()), WithMaxPeekBytes(peekCap))
		got, err := rt.RoundTrip(httptest.NewRequest("POST", "https://open.ucpaas.com/ol/sms/sendsms", nil))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(got.Body)
		if err != nil || !bytes.Equal(b, data) {
			t.Fatalf("body: %d bytes (%v), want the %d original bytes", len(b), err, len(data))
		}
		code := logs.All()[0].ContextMap()["ucpaas.code"]
		switch {
		case !zip:
			if want := codeField(body[:min(len(body), peekCap)]); code != want {
				t.Fatalf("code %v, want %s", code, want)
			}
		case code != observation.LabelNone || (len(data) <= peekCap && len(body) <= peekCap):
			if want := codeField(body); code != want {
				t.Fatalf("gzip: code %v, want %s", code, want)
			}
		}
	})
}
