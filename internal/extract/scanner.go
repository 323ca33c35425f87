package extract

// maxCode is the longest code token reported; a longer one means no code.
const maxCode = 32

// nameCap is how many bytes of a JSON key or XML element name are kept: enough
// for the longest name looked for, "respCode".
const nameCap = 8

// maxDepth bounds the nesting counter; deeper bodies end with no code.
const maxDepth = 1 << 30

// state is where the scanner stands in the body.
type state uint8

const (
	stStart state = iota // nothing seen yet: a byte order mark may come
	stBOM                // inside a UTF-8 byte order mark
	stLead               // before the first significant byte
	stDone               // decided

	jObjOpen   // after '{' of an examined object: a key or '}'
	jObjNext   // after ',' in an examined object: a key
	jKey       // inside a key of an examined object
	jKeyEsc    // after '\' in such a key
	jKeyHex    // inside \uXXXX in such a key
	jColon     // after a key: ':'
	jValue     // after ':': the value
	jAfter     // after a value: ',' or '}'
	jSkipStr   // inside a string value of an examined object
	jSkipEsc   // after '\' there
	jSkipLit   // inside a number or literal value of an examined object
	jNested    // inside an array or object that cannot hold the code
	jNestedStr // inside a string there
	jNestedEsc // after '\' there
	jCodeStr   // inside the code string
	jCodeNum   // inside the code number

	xText      // between tags, outside the code element
	xLT        // after '<'
	xPI        // inside <? … ?>
	xBang      // after "<!"
	xBangDash  // after "<!-"
	xComment   // inside <!-- … -->
	xCDATAOpen // inside "<![CDATA["
	xCDATA     // inside a CDATA section outside the code element
	xName      // inside an element name of a start tag
	xAttrs     // inside a start tag after its name
	xAttrQ1    // inside a '…' attribute value
	xAttrQ2    // inside a "…" attribute value
	xEndTag    // inside an end tag
	xCode      // inside the code element's text
	xCodeLT    // after '<' inside the code element
	xCodeCDATA // inside a CDATA section of the code element
)

// role is what the key or element just read means.
type role uint8

const (
	roleNone role = iota
	roleCode      // its value is the return code
	roleResp      // family A's "resp" object
)

// Scanner finds the return code in a reply body written to it in chunks of
// any size. Its zero value is ready to use and equals Reset(). It holds
// fixed-size state only and never allocates. A Scanner is not safe for
// concurrent use.
type Scanner struct {
	code    [maxCode]byte
	name    [nameCap]byte // decoded start of the current key or element name
	stack   uint64        // bit i set: nesting level i+1 is a JSON array (levels 1–64)
	depth   uint32        // open JSON containers or XML elements
	uval    uint16        // value of a \uXXXX escape being read
	state   state
	role    role
	codeLen uint8
	nameLen uint8 // nameCap+1 means the name is longer than nameCap
	aux     uint8 // progress through a multi-byte marker ("]]>", "-->", "[CDATA[", BOM, \u digits)
	phase   uint8 // XML code text: 0 leading space, 1 token, 2 trailing space
	slash   bool  // XML start tag: the last byte was '/'
	inResp  bool  // JSON: the examined object is "resp" (depth 2)
	inCode  bool  // XML: the CDATA section being opened belongs to the code element
	found   bool
}

// Reset prepares the scanner for a new body. The code returned by a previous
// Code becomes invalid.
func (s *Scanner) Reset() {
	*s = Scanner{}
}

// Done reports whether the scanner has decided: the code was found, or the
// body cannot hold one (malformed, root closed, not JSON or XML, HTML).
func (s *Scanner) Done() bool { return s.state == stDone }

// Code returns the raw code token and whether one was found: a JSON string's
// contents (escapes are not decoded: a code containing one is rejected), a
// JSON number literal as written ("0", "105147"), or an XML element's text
// without surrounding whitespace. A token is 1–32 bytes of printable ASCII.
// The slice is valid until the next Reset. Before Done, or when the body ended
// early, ok is false.
func (s *Scanner) Code() (code []byte, ok bool) {
	if !s.found {
		return nil, false
	}
	return s.code[:s.codeLen], true
}

// Write feeds the next bytes of the body and reports whether the scanner has
// decided. Once it has, further writes are ignored and return true.
func (s *Scanner) Write(p []byte) (done bool) {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch s.state {
		case stDone:
			return true
		case stStart:
			if c == 0xEF {
				s.state, s.aux = stBOM, 1
				continue
			}
			s.state = stLead
			i--
		case stBOM:
			if c != bom[s.aux] {
				s.finish(false)
				return true
			}
			s.aux++
			if int(s.aux) == len(bom) {
				s.state, s.aux = stLead, 0
			}
		case stLead:
			switch {
			case isSpace(c):
			case c == '{':
				s.push(false)
				s.state = jObjOpen
				s.writeJSON(p[i+1:])
				return s.state == stDone
			case c == '<':
				s.state = xLT
				s.writeXML(p[i+1:])
				return s.state == stDone
			default:
				s.finish(false)
				return true
			}
		default:
			if s.state < xText {
				s.writeJSON(p[i:])
			} else {
				s.writeXML(p[i:])
			}
			return s.state == stDone
		}
	}
	return s.state == stDone
}

var bom = [3]byte{0xEF, 0xBB, 0xBF}

// finish ends the scan; found says whether the collected token is the code.
func (s *Scanner) finish(found bool) {
	s.state = stDone
	s.found = found && s.codeLen > 0
}

// appendCode adds a byte to the code token; false when it would be too long.
func (s *Scanner) appendCode(c byte) bool {
	if s.codeLen == maxCode {
		return false
	}
	s.code[s.codeLen] = c
	s.codeLen++
	return true
}

// appendName adds a decoded byte to the current key or element name.
func (s *Scanner) appendName(c byte) {
	if s.nameLen < nameCap {
		s.name[s.nameLen] = c
	}
	if s.nameLen <= nameCap {
		s.nameLen++
	}
}

// nameIs reports whether the current name is exactly want.
func (s *Scanner) nameIs(want string) bool {
	return int(s.nameLen) == len(want) && string(s.name[:s.nameLen]) == want
}

// push opens a nesting level; false when the body is nested too deeply.
func (s *Scanner) push(array bool) bool {
	if s.depth == maxDepth {
		return false
	}
	if s.depth < 64 {
		if array {
			s.stack |= 1 << s.depth
		} else {
			s.stack &^= 1 << s.depth
		}
	}
	s.depth++
	return true
}

// pop closes a JSON nesting level; false when the bracket does not match the
// one that opened it (checked for the first 64 levels).
func (s *Scanner) pop(array bool) bool {
	if s.depth == 0 {
		return false
	}
	s.depth--
	if s.depth < 64 && (s.stack&(1<<s.depth) != 0) != array {
		return false
	}
	return true
}

// isSpace reports JSON and XML whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// isCodeByte reports the bytes a code token may hold: printable ASCII
// without space, quote, and the escape characters of either format.
func isCodeByte(c byte) bool { return c > ' ' && c < 0x7F && c != '"' && c != '\\' && c != '&' }
