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
			case s.obj == objReport:
				s.afterElement(c)
			case c == ',':
				s.state = jObjNext
			case c == '}':
				s.closeExamined()
			default:
				s.finish(false)
			}
		case jArrOpen:
			switch {
			case isSpace(c):
			case c == ']':
				s.closeReport()
			default:
				s.state, s.role = jValue, roleElement
				i--
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
					s.judgeCode(false, jSkipStr) // too long: the rest of the string is skipped
					break
				}
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			switch {
			case s.state != jCodeStr:
			case c == '"':
				s.judgeCode(true, jAfter)
			default: // an escape, a space, a control or non-ASCII byte: not a code
				s.judgeCode(false, jSkipStr)
				i--
			}
		case jCodeNum:
			switch {
			case isNumberByte(c):
				if !s.appendCode(c) {
					s.judgeCode(false, jSkipLit)
				}
			default:
				s.judgeCode(isSpace(c) || c == ',' || c == '}', jAfter)
				i--
			}
		case jTokStr:
			for isCodeByte(c) && s.appendTok(c) {
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			if c == '"' {
				s.judgeTok(true, jAfter)
			} else { // an escape, a space, a control or non-ASCII byte, or too long
				s.judgeTok(false, jSkipStr)
				i--
			}
		case jTokNum:
			switch {
			case !isNumberByte(c):
				s.judgeTok(isSpace(c) || c == ',' || c == '}', jAfter)
				i--
			case !s.appendTok(c):
				s.judgeTok(false, jSkipLit)
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

// examined is the depth of the container whose members are being examined.
func (s *Scanner) examined() uint32 { return examinedDepth[s.obj] }

// endKey decides what the key just read means in the examined object.
func (s *Scanner) endKey() {
	s.state, s.role = jColon, roleNone
	switch s.obj {
	case objRoot:
		switch {
		case s.nameIs("code"), s.nameIs("respCode"):
			if !s.decided {
				s.role = roleCode
			}
		case s.nameIs("resp"):
			s.role = roleResp
		case s.want == Recipients && !s.more.reportMet && s.nameIs("report"):
			s.role = roleReport
			s.more.reportMet = true
		}
	case objResp:
		switch {
		case s.nameIs("respCode"):
			if !s.decided {
				s.role = roleCode
			}
		case s.want == Balance && !s.more.extraEnd && s.nameIs("account"):
			s.role = roleAccount
		}
	case objAccount:
		if !s.more.extraEnd && s.nameIs("balance") {
			s.role = roleBalance
		}
	case objRecipient:
		if !s.more.elemDecided && s.nameIs("code") {
			s.role = roleRecipientCode
		}
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

// value handles a byte where a value of the examined container is expected.
func (s *Scanner) value(c byte) {
	if isSpace(c) {
		return
	}
	isNumber := c == '-' || c >= '0' && c <= '9'
	switch s.role {
	case roleCode:
		switch {
		case c == '"':
			s.state, s.codeLen = jCodeStr, 0
			return
		case isNumber:
			s.state, s.codeLen = jCodeNum, 1
			s.code[0] = c
			return
		}
		// null, true, an object…: the first code key decides
		if s.judgeCode(false, jValue); s.state == stDone {
			return
		}
	case roleBalance, roleRecipientCode:
		switch {
		case c == '"':
			s.state, s.more.tokLen = jTokStr, 0
			return
		case isNumber:
			s.state, s.more.tokLen = jTokNum, 1
			s.more.tok[0] = c
			return
		}
		if s.judgeTok(false, jValue); s.state == stDone {
			return
		}
	case roleElement:
		if s.startElement(c) {
			return
		}
	}
	s.skipValue(c)
}

// skipValue starts a value of the examined container that is read no further,
// unless it is a container the scan examines ("resp", "account", "report").
func (s *Scanner) skipValue(c byte) {
	switch {
	case c == '"':
		s.state = jSkipStr
	case c == '{' || c == '[':
		switch {
		case !s.push(c == '['):
			s.finish(false)
		case c == '{' && s.role == roleResp:
			s.obj, s.state = objResp, jObjOpen
		case c == '{' && s.role == roleAccount:
			s.obj, s.state = objAccount, jObjOpen
		case c == '[' && s.role == roleReport:
			s.obj, s.state = objReport, jArrOpen
			s.more.arrayMet, s.more.inReport = true, true
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
	switch s.obj {
	case objRoot:
		s.finish(false) // the root closed: nothing more can come
		return
	case objResp:
		s.obj = objRoot
	case objAccount:
		s.obj = objResp
	case objRecipient:
		s.endElement()
	}
	s.state = jAfter
}

// appendTok adds a byte to the balance or recipient code token; false when it
// would be too long.
func (s *Scanner) appendTok(c byte) bool {
	if s.more.tokLen == maxCode {
		return false
	}
	s.more.tok[s.more.tokLen] = c
	s.more.tokLen++
	return true
}

// judgeTok records the verdict on a balance or recipient code value (ok: tok
// holds a whole token) and goes on in state next, unless that completed the
// scan.
func (s *Scanner) judgeTok(ok bool, next state) {
	s.more.tokOK = ok && s.more.tokLen > 0
	s.state = next
	if s.role == roleRecipientCode {
		s.more.elemDecided = true
		return
	}
	s.more.extraEnd = true // the first balance key decides
	s.checkComplete()
}

// startElement handles the first byte c of an element of the report array. An
// object is examined for its code; any other value is one result without a
// code, and is skipped by the caller (as is an element past MaxRecipients).
// It reports whether it handled c.
func (s *Scanner) startElement(c byte) bool {
	m := &s.more
	switch {
	case c != '"' && c != '{' && c != '[' && !isLiteralByte(c):
		return false // malformed: the caller ends the scan
	case m.seen == MaxRecipients:
		m.capped = true
		return false
	case c != '{':
		m.seen++
		m.noCode++
		return false
	case !s.push(false):
		s.finish(false)
		return true
	}
	s.obj, s.state = objRecipient, jObjOpen
	m.elemDecided, m.tokOK, m.tokLen = false, false, 0
	return true
}

// endElement counts the object element of the report array that just closed.
func (s *Scanner) endElement() {
	m := &s.more
	s.obj = objReport
	m.seen++
	if !m.tokOK {
		m.noCode++
		return
	}
	tok := m.tok[:m.tokLen]
	for i := range m.distinct {
		if string(m.codes[i][:m.codeLens[i]]) == string(tok) {
			m.counts[i]++
			return
		}
	}
	if int(m.distinct) == MaxRecipientCodes {
		m.overflow++
		return
	}
	copy(m.codes[m.distinct][:], tok)
	m.codeLens[m.distinct] = m.tokLen
	m.counts[m.distinct] = 1
	m.distinct++
}

// afterElement handles c after an element of the report array.
func (s *Scanner) afterElement(c byte) {
	switch c {
	case ',':
		s.state, s.role = jValue, roleElement
	case ']':
		s.closeReport()
	default:
		s.finish(false)
	}
}

// closeReport handles ']' closing the report array.
func (s *Scanner) closeReport() {
	if !s.pop(true) {
		s.finish(false)
		return
	}
	s.obj, s.state = objRoot, jAfter
	s.more.inReport = false
	s.more.extraEnd = true
	s.checkComplete()
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
