package ucpaastest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// maxBody is the largest request body the simulator reads.
const maxBody = 1 << 20

// readBody reads at most maxBody bytes of the request body.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, errors.New("request body too large")
	}
	return b, nil
}

// parseFamilyA returns the fields of a family A request body: the children of the root element,
// {"templateSMS":{"appId":"…"}} or <templateSMS><appId>…</appId></templateSMS>. The root's name
// is not checked. A body that does not decode yields no fields, so the operation answers the code
// of its first missing field.
func parseFamilyA(body []byte) map[string]string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return map[string]string{}
	}
	if body[0] == '<' {
		return parseXMLFields(body)
	}
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(body, &outer); err != nil {
		return map[string]string{}
	}
	for _, inner := range outer {
		return parseJSONFields(inner)
	}
	return map[string]string{}
}

// parseJSONFields decodes a flat JSON object into strings; numbers and booleans are accepted
// as the platform's SDKs send either. Nested values are ignored.
func parseJSONFields(body []byte) map[string]string {
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return map[string]string{}
	}
	fields := make(map[string]string, len(raw))
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			fields[k] = v
		case json.Number:
			fields[k] = v.String()
		case bool:
			fields[k] = strconv.FormatBool(v)
		}
	}
	return fields
}

// parseXMLFields returns the text of the root element's children.
func parseXMLFields(body []byte) map[string]string {
	fields := map[string]string{}
	dec := xml.NewDecoder(bytes.NewReader(body))
	depth, name := 0, ""
	var text []byte
	for {
		tok, err := dec.Token()
		if err != nil {
			return fields // io.EOF or a syntax error: keep what was read
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				name, text = t.Name.Local, text[:0]
			}
		case xml.CharData:
			if depth == 2 {
				text = append(text, t...)
			}
		case xml.EndElement:
			if depth == 2 {
				fields[name] = string(bytes.TrimSpace(text))
			}
			depth--
		}
	}
}
