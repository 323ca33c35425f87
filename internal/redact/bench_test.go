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

// BenchmarkRedactURL renders a typical family A URL (the SID in the path,
// sig in the query) with URL, beside the standard library's String, which
// hides nothing (baseline). The target is 400 ns and one allocation.
func BenchmarkRedactURL(b *testing.B) {
	u, err := url.Parse("https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/ClientsByMobile?mobile=13800138000&appId=" + appID + "&sig=" + sigUpper)
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name   string
		render func(*url.URL) string
	}{{"ucpobs", URL}, {"baseline", (*url.URL).String}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v.render(u)
			}
		})
	}
}
