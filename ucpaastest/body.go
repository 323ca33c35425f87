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

// readBodyOr400 reads the request body; when it cannot (a read error, more than maxBody bytes) it
// answers HTTP 400 and reports false.
func readBodyOr400(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := readBody(r)
	if err != nil {
		http.Error(w, "unreadable request body", http.StatusBadRequest)
		return nil, false
	}
	return body, true
}

// parseFamilyA returns the fields of a family A request body: the children of the root element,
// {"templateSMS":{"appId":"…"}} or <templateSMS><appId>…</appId></templateSMS>. The root's name
// is not checked. An empty body has no fields; decoded is false for a body that does not decode
// (bad syntax, a truncated document, JSON that is not an object holding one object).
func parseFamilyA(body []byte) (fields map[string]string, decoded bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return map[string]string{}, true
	}
	if body[0] == '<' {
		return parseXMLFields(body)
	}
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(body, &outer); err != nil || len(outer) != 1 {
		return map[string]string{}, false
	}
	for _, inner := range outer {
		return parseJSONFields(inner)
	}
	return map[string]string{}, false // not reached: outer has one entry
}

// parseFlat returns the fields of a family B or C request body, a flat JSON object; an empty body
// has none. decoded is false for a body that is not one JSON object.
func parseFlat(body []byte) (fields map[string]string, decoded bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]string{}, true
	}
	return parseJSONFields(body)
}

// parseJSONFields decodes a flat JSON object into strings; numbers and booleans are accepted
// as the platform's SDKs send either. Nested values are ignored. decoded is false for a body that
// is not one JSON object.
func parseJSONFields(body []byte) (fields map[string]string, decoded bool) {
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil || dec.More() {
		return map[string]string{}, false
	}
	fields = make(map[string]string, len(raw))
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
	return fields, true
}

// parseXMLFields returns the text of the root element's children; decoded is false for a document
// that is not well-formed (the official PHP SDK's <verifyCode>…</clientNumber>) or has no root.
func parseXMLFields(body []byte) (fields map[string]string, decoded bool) {
	fields = map[string]string{}
	dec := xml.NewDecoder(bytes.NewReader(body))
	depth, name, roots := 0, "", 0
	var text []byte
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return fields, roots == 1 && depth == 0
		}
		if err != nil {
			return fields, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch depth {
			case 1:
				roots++
			case 2:
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
