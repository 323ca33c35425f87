package extract

import (
	"encoding/json"
	"encoding/xml"
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
			s.Write(body)
			if c, ok := s.Code(); !ok || string(c) != want {
				b.Fatalf("code %q, %v", c, ok)
			}
		}
	}
}
