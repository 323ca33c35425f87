package extract

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"
	"testing"
)

// BenchmarkExtract compares the scanner with decoding the same body into the
// small struct a caller would otherwise write.
func BenchmarkExtract(b *testing.B) {
	familyA := []byte(bodyFamilyA)
	familyB := []byte(bodyFamilyB)
	familyBCodeLast := []byte(`{"count":"1","create_date":"2018-07-23 13:34:06","mobile":"15811564298","msg":"OK","smsid":"852579cbb829c08c917f162b267efce6","uid":"","code":"000000"}`)
	familyAXML := []byte(bodyFamilyAXML)

	b.Run("family_a_json", func(b *testing.B) {
		b.Run("ucpobs", benchScanner(familyA, "000000"))
		b.Run("encoding_json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(familyA)))
			for b.Loop() {
				var v struct {
					Resp struct {
						RespCode string `json:"respCode"`
					} `json:"resp"`
				}
				if err := json.Unmarshal(familyA, &v); err != nil || v.Resp.RespCode != "000000" {
					b.Fatal(err, v.Resp.RespCode)
				}
			}
		})
	})
	for _, bc := range []struct {
		name string
		body []byte
	}{{"family_b_json", familyB}, {"family_b_json_code_last", familyBCodeLast}} {
		b.Run(bc.name, func(b *testing.B) {
			b.Run("ucpobs", benchScanner(bc.body, "000000"))
			b.Run("encoding_json", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(bc.body)))
				for b.Loop() {
					var v struct {
						Code json.RawMessage `json:"code"`
					}
					if err := json.Unmarshal(bc.body, &v); err != nil || string(v.Code) != `"000000"` {
						b.Fatal(err, string(v.Code))
					}
				}
			})
		})
	}
	for _, n := range []int{10, 100} {
		codes := make([]string, n)
		for i := range codes {
			codes[i] = []string{"000000", "000000", "105107", "100006"}[i%4]
		}
		body := []byte(batchReply("000000", false, codes...))
		b.Run(fmt.Sprintf("family_b_batch_%d", n), func(b *testing.B) {
			b.Run("ucpobs", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(body)))
				var s Scanner
				for b.Loop() {
					s.ResetFor(Recipients)
					s.Feed(body)
					if c, ok := s.Code(); !ok || string(c) != "000000" || s.Report().Seen != n {
						b.Fatalf("code %q, %v, report %+v", c, ok, s.Report())
					}
				}
			})
			b.Run("encoding_json", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					var v struct {
						Report []struct {
							Code string `json:"code"`
						} `json:"report"`
						Code string `json:"code"`
					}
					if err := json.Unmarshal(body, &v); err != nil || v.Code != "000000" || len(v.Report) != n {
						b.Fatal(err, v.Code, len(v.Report))
					}
				}
			})
		})
	}
	accountInfo := []byte(`{"resp":{"respCode":"000000","account":{"accountSid":"8a48b5514a9e4a0b014aa3f2d8a57d2f","balance":"1002.00","createDate":"2014-06-30 12:00:00","type":"0","status":"1"}}}`)
	b.Run("family_a_account_info", func(b *testing.B) {
		b.Run("ucpobs", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(accountInfo)))
			var s Scanner
			for b.Loop() {
				s.ResetFor(Balance)
				s.Feed(accountInfo)
				if v, ok := s.Balance(); !ok || v != 1002 {
					b.Fatal(v, ok)
				}
			}
		})
		b.Run("encoding_json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(accountInfo)))
			for b.Loop() {
				var v struct {
					Resp struct {
						RespCode string `json:"respCode"`
						Account  struct {
							Balance string `json:"balance"`
						} `json:"account"`
					} `json:"resp"`
				}
				if err := json.Unmarshal(accountInfo, &v); err != nil {
					b.Fatal(err)
				}
				if f, err := strconv.ParseFloat(v.Resp.Account.Balance, 64); err != nil || f != 1002 {
					b.Fatal(err, f)
				}
			}
		})
	})
	b.Run("xml", func(b *testing.B) {
		b.Run("ucpobs", benchScanner(familyAXML, "000000"))
		b.Run("encoding_xml", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(familyAXML)))
			for b.Loop() {
				var v struct {
					RespCode string `xml:"respCode"`
				}
				if err := xml.Unmarshal(familyAXML, &v); err != nil || v.RespCode != "000000" {
					b.Fatal(err, v.RespCode)
				}
			}
		})
	})
}

func benchScanner(body []byte, want string) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		var s Scanner
		for b.Loop() {
			s.Reset()
			s.Feed(body)
			if c, ok := s.Code(); !ok || string(c) != want {
				b.Fatalf("code %q, %v", c, ok)
			}
		}
	}
}
