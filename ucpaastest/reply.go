package ucpaastest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
)

// codeOK is the platform's success code.
const codeOK = "000000"

// field is one element of a reply, in order. Its value is a string, an int (a JSON number), a
// []field (an object) or a [][]field (a list of objects, repeated elements in XML).
type field struct {
	name  string
	value any
}

// reply is what a family A operation answers: a code and, on success, a payload.
type reply struct {
	code    string
	payload []field
}

// fail is a reply with a code and no payload.
func fail(code string) reply { return reply{code: code} }

// ok is a success reply with a payload.
func ok(payload ...field) reply { return reply{code: codeOK, payload: payload} }

// writeFamilyA writes {"resp":{"respCode":…,…}} or <resp><respCode>…</respCode>…</resp>.
func writeFamilyA(w http.ResponseWriter, asXML bool, rep reply) {
	resp := append([]field{{"respCode", rep.code}}, rep.payload...)
	var buf bytes.Buffer
	if asXML {
		buf.WriteString(xml.Header)
		writeXML(&buf, "resp", resp)
		w.Header().Set("Content-Type", "application/xml;charset=utf-8")
	} else {
		buf.WriteString(`{"resp":`)
		writeJSONObject(&buf, resp)
		buf.WriteByte('}')
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
	}
	writeBody(w, buf.Bytes())
}

// writeFlatJSON writes a JSON object, as families B and C answer.
func writeFlatJSON(w http.ResponseWriter, fields []field) {
	var buf bytes.Buffer
	writeJSONObject(&buf, fields)
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	writeBody(w, buf.Bytes())
}

func writeBody(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body) // the client may be gone; nothing to do about it
}

func writeJSONObject(buf *bytes.Buffer, fields []field) {
	buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeJSONString(buf, f.name)
		buf.WriteByte(':')
		switch v := f.value.(type) {
		case string:
			writeJSONString(buf, v)
		case int:
			buf.WriteString(strconv.Itoa(v))
		case []field:
			writeJSONObject(buf, v)
		case [][]field:
			buf.WriteByte('[')
			for j, obj := range v {
				if j > 0 {
					buf.WriteByte(',')
				}
				writeJSONObject(buf, obj)
			}
			buf.WriteByte(']')
		}
	}
	buf.WriteByte('}')
}

func writeJSONString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	buf.Write(b)
}

func writeXML(buf *bytes.Buffer, name string, fields []field) {
	buf.WriteString("<" + name + ">")
	for _, f := range fields {
		switch v := f.value.(type) {
		case string:
			buf.WriteString("<" + f.name + ">")
			_ = xml.EscapeText(buf, []byte(v)) // a bytes.Buffer does not fail
			buf.WriteString("</" + f.name + ">")
		case []field:
			writeXML(buf, f.name, v)
		case [][]field:
			for _, obj := range v {
				writeXML(buf, f.name, obj)
			}
		}
	}
	buf.WriteString("</" + name + ">")
}
