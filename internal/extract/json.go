package extract

import "bytes"

// Byte classes for the JSON fast paths.
var (
	// nestedStop marks the bytes that matter inside a skipped container.
	nestedStop = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}
)

// writeJSON advances the JSON state machine over p.
func (s *Scanner) writeJSON(p []byte) {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch s.state {
		case jObjOpen:
			switch {
			case isSpace(c):
			case c == '"':
				s.state, s.nameLen = jKey, 0
			case c == '}':
				s.closeExamined()
			default:
				s.finish(false)
			}
		case jObjNext:
			switch {
			case isSpace(c):
			case c == '"':
				s.state, s.nameLen = jKey, 0
			default:
				s.finish(false)
			}
		case jKey:
			for c != '"' && c != '\\' && c >= ' ' {
				s.appendName(c)
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			switch c {
			case '"':
				s.endKey()
			case '\\':
				s.state = jKeyEsc
			default:
				s.finish(false)
			}
		case jKeyEsc:
			s.keyEscape(c)
		case jKeyHex:
			h, ok := unhex(c)
			if !ok {
				s.finish(false)
				break
			}
			s.uval = s.uval<<4 | uint16(h)
			if s.aux++; s.aux == 4 {
				if s.uval < 0x80 {
					s.appendName(byte(s.uval))
				} else {
					s.nameLen = nameCap + 1 // non-ASCII: matches no name looked for
				}
				s.state = jKey
			}
		case jColon:
			switch {
			case isSpace(c):
			case c == ':':
				s.state = jValue
			default:
				s.finish(false)
			}
		case jValue:
			s.value(c)
		case jAfter:
			switch {
			case isSpace(c):
			case c == ',':
				s.state = jObjNext
			case c == '}':
				s.closeExamined()
			default:
				s.finish(false)
			}
		case jSkipStr, jNestedStr:
			if i = stringStop(p, i); i == len(p) {
				return
			}
			c = p[i]
			if c == '\\' {
				s.state++ // jSkipEsc or jNestedEsc
			} else if s.state == jSkipStr {
				s.state = jAfter
			} else {
				s.state = jNested
			}
		case jSkipEsc, jNestedEsc:
			s.state-- // back into the string; the escaped byte is skipped
		case jSkipLit:
			if !isLiteralByte(c) {
				s.state = jAfter
				i--
			}
		case jNested:
			for !nestedStop[c] {
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			switch c {
			case '"':
				s.state = jNestedStr
			case '{', '[':
				if !s.push(c == '[') {
					s.finish(false)
				}
			default:
				if !s.pop(c == ']') {
					s.finish(false)
				} else if s.depth == s.examined() {
					s.state = jAfter
				}
			}
		case jCodeStr:
			for isCodeByte(c) {
				if !s.appendCode(c) {
					s.finish(false)
					return
				}
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			s.finish(c == '"')
		case jCodeNum:
			switch {
			case isNumberByte(c):
				if !s.appendCode(c) {
					s.finish(false)
				}
			default:
				s.finish(isSpace(c) || c == ',' || c == '}')
			}
		}
		if s.state == stDone {
			return
		}
	}
}

// stringStop returns the index of the first '"' or '\' in p at or after i,
// or len(p).
func stringStop(p []byte, i int) int {
	rest := p[i:]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		end = len(rest)
	}
	if esc := bytes.IndexByte(rest[:end], '\\'); esc >= 0 {
		end = esc
	}
	return i + end
}

// examined is the depth of the object whose keys are being examined: the
// root, or family A's "resp" inside it.
func (s *Scanner) examined() uint32 {
	if s.inResp {
		return 2
	}
	return 1
}

// endKey decides what the key just read means at the examined level.
func (s *Scanner) endKey() {
	s.state, s.role = jColon, roleNone
	switch {
	case s.inResp:
		if s.nameIs("respCode") {
			s.role = roleCode
		}
	case s.nameIs("code"), s.nameIs("respCode"):
		s.role = roleCode
	case s.nameIs("resp"):
		s.role = roleResp
	}
}

// keyEscape handles the byte after '\' in an examined key.
func (s *Scanner) keyEscape(c byte) {
	s.state = jKey
	switch c {
	case '"', '\\', '/':
		s.appendName(c)
	case 'b':
		s.appendName('\b')
	case 'f':
		s.appendName('\f')
	case 'n':
		s.appendName('\n')
	case 'r':
		s.appendName('\r')
	case 't':
		s.appendName('\t')
	case 'u':
		s.state, s.aux, s.uval = jKeyHex, 0, 0
	default:
		s.finish(false)
	}
}

// value handles a byte where a value of the examined object is expected.
func (s *Scanner) value(c byte) {
	switch {
	case isSpace(c):
	case s.role == roleCode:
		switch {
		case c == '"':
			s.state, s.codeLen = jCodeStr, 0
		case c == '-' || c >= '0' && c <= '9':
			s.state, s.codeLen = jCodeNum, 1
			s.code[0] = c
		default: // null, true, an object…: the first code key decides
			s.finish(false)
		}
	case c == '"':
		s.state = jSkipStr
	case c == '{' || c == '[':
		switch {
		case !s.push(c == '['):
			s.finish(false)
		case c == '{' && s.role == roleResp:
			s.inResp = true
			s.state = jObjOpen
		default:
			s.state = jNested
		}
	case isLiteralByte(c):
		s.state = jSkipLit
	default:
		s.finish(false)
	}
}

// closeExamined handles '}' closing the examined object.
func (s *Scanner) closeExamined() {
	s.pop(false)
	if !s.inResp {
		s.finish(false) // the root closed without a code
		return
	}
	s.inResp = false
	s.state = jAfter
}

// isLiteralByte reports bytes of numbers, true, false and null.
func isLiteralByte(c byte) bool {
	return c >= 'a' && c <= 'z' || isNumberByte(c)
}

// isNumberByte reports bytes that may appear in a JSON number.
func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// unhex decodes one hexadecimal digit.
func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
