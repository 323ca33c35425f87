package redact

import (
	"net/url"
	"testing"
)

func BenchmarkRedact(b *testing.B) {
	u, err := url.Parse("https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/ClientsByMobile?mobile=13800138000&appId=" + appID + "&sig=5A1F0B9C3D7E2F4A")
	if err != nil {
		b.Fatal(err)
	}
	errText := `Post "` + u.String() + `": dial tcp 10.0.0.1:443: connect: connection refused`
	clean := "dial tcp 10.0.0.1:443: connect: connection refused"
	b.Run("url", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			URL(u)
		}
	})
	b.Run("text_error_with_url", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Text(errText)
		}
	})
	b.Run("text_nothing_to_hide", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Text(clean)
		}
	})
}
