package extract

import "bytes"

// Byte classes for the JSON fast paths.
var (
	// nestedStop marks the bytes that matter inside a skipped container.
	nestedStop = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}
	// strStop marks the bytes that end the plain run of a string.
	strStop = [256]bool{'"': true, '\\': true}
	// keyStop marks the bytes that end the plain run of a key: '"', '\\' and
	// control bytes.
	keyStop = func() (t [256]bool) {
		for c := range ' ' {
			t[c] = true
		}
		t['"'], t['\\'] = true, true
		return t
	}()
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
			case s.fail(jNested):
				i--
			}
		case jObjNext:
			switch {
			case isSpace(c):
			case c == '"':
				s.state, s.nameLen = jKey, 0
			case s.fail(jNested):
				i--
			}
		case jKey:
			for !keyStop[c] {
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
			default: // a control byte
				if s.fail(jNestedStr) {
					i--
				}
			}
		case jKeyEsc:
			if !s.keyEscape(c) && s.fail(jNestedEsc) {
				i--
			}
		case jKeyHex:
			h, ok := unhex(c)
			if !ok {
				if s.fail(jNestedStr) {
					i--
				}
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
			case s.fail(jNested):
				i--
			}
		case jValue:
			if s.role == roleNone { // most values: read no further
				switch {
				case c == '"':
					s.state = jSkipStr
				case isLiteralByte(c):
					s.state = jSkipLit
				case isSpace(c):
				case s.skipValue(c):
					i--
				}
				break
			}
			if c == '{' && s.role == roleElement && s.more.seen < MaxRecipients {
				if n := s.fastElement(p[i:]); n > 0 {
					i += n - 1
					s.state = jAfter
					break
				}
			}
			if s.value(c) {
				i--
			}
		case jAfter:
			switch {
			case c == ',' && s.obj < objReport: // the root, "resp", "account"
				s.state = jObjNext
			case isSpace(c):
			case s.obj == objReport:
				if s.afterElement(c) {
					i--
				}
			case s.obj == objRecipient && s.more.elemDecided:
				// The element's code is known: the rest of it is skipped
				// like any nested value, and it is counted when it closes.
				s.obj, s.state, s.more.pending = objReport, jNested, true
				i--
			case c == ',':
				s.state = jObjNext
			case c == '}':
				s.closeExamined()
			case s.fail(jNested):
				i--
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
			for {
				for !nestedStop[c] {
					if i++; i == len(p) {
						return
					}
					c = p[i]
				}
				if c != '"' {
					break
				}
				// A string, skipped here rather than through jNestedStr: nested
				// values are mostly short strings.
				j := i + 1
				for {
					if j = stringStop(p, j); j == len(p) {
						s.state = jNestedStr
						return
					}
					if p[j] == '"' {
						break
					}
					if j++; j == len(p) { // after '\\': the next byte is escaped
						s.state = jNestedEsc
						return
					}
					j++
				}
				if i = j + 1; i == len(p) {
					return
				}
				c = p[i]
			}
			switch c {
			case '{', '[':
				if !s.push(c == '[') {
					s.finish(false)
				}
			default:
				if !s.pop(c == ']') {
					s.finish(false)
				} else if s.depth == s.examined() {
					s.state = jAfter
					if s.obj == objReport && s.more.pending {
						s.more.pending = false
						s.endElement()
					}
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

// keyEscape handles the byte after '\' in an examined key; false when it is
// no escape.
func (s *Scanner) keyEscape(c byte) bool {
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
		return false
	}
	return true
}

// value handles a byte where a value of the examined container is expected.
// It reports whether c must be read again (see fail).
func (s *Scanner) value(c byte) (again bool) {
	if isSpace(c) {
		return false
	}
	isNumber := c == '-' || c >= '0' && c <= '9'
	switch s.role {
	case roleCode:
		switch {
		case c == '"':
			s.state, s.codeLen = jCodeStr, 0
			return false
		case isNumber:
			s.state, s.codeLen = jCodeNum, 1
			s.code[0] = c
			return false
		}
		// null, true, an object…: the first code key decides
		if s.judgeCode(false, jValue); s.state == stDone {
			return false
		}
	case roleBalance, roleRecipientCode:
		switch {
		case c == '"':
			s.state, s.more.tokLen = jTokStr, 0
			return false
		case isNumber:
			s.state, s.more.tokLen = jTokNum, 1
			s.more.tok[0] = c
			return false
		}
		if s.judgeTok(false, jValue); s.state == stDone {
			return false
		}
	case roleElement:
		if s.startElement(c) {
			return false
		}
	}
	return s.skipValue(c)
}

// skipValue starts a value of the examined container that is read no further,
// unless it is a container the scan examines ("resp", "account", "report"). It
// reports whether c must be read again (see fail).
func (s *Scanner) skipValue(c byte) (again bool) {
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
		return s.fail(jNested)
	}
	return false
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
		return false // malformed: the caller gives the report up
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
	s.obj = objReport
	if !s.more.tokOK {
		s.tally(nil, false)
		return
	}
	s.tally(s.more.tok[:s.more.tokLen], true)
}

// tally counts one result of the report: its code token when ok.
func (s *Scanner) tally(tok []byte, ok bool) {
	m := &s.more
	m.seen++
	if !ok {
		m.noCode++
		return
	}
	key := packToken(tok)
	for i := range m.distinct {
		if m.keys[i] == key && (key != 0 || string(m.codes[i][:m.codeLens[i]]) == string(tok)) {
			m.counts[i]++
			return
		}
	}
	if int(m.distinct) == MaxRecipientCodes {
		m.overflow++
		return
	}
	copy(m.codes[m.distinct][:], tok)
	m.codeLens[m.distinct] = uint8(len(tok))
	m.keys[m.distinct] = key
	m.counts[m.distinct] = 1
	m.distinct++
}

// packToken packs a token of 1–7 bytes and its length into one word (so that
// the usual six-digit codes compare as integers); 0 for a longer token.
func packToken(tok []byte) uint64 {
	if len(tok) > 7 {
		return 0
	}
	key := uint64(len(tok)) << 56
	for i, c := range tok {
		key |= uint64(c) << (8 * i)
	}
	return key
}

// afterElement handles c after an element of the report array. It reports
// whether c must be read again (see fail).
func (s *Scanner) afterElement(c byte) (again bool) {
	switch c {
	case ',':
		s.state, s.role = jValue, roleElement
	case ']':
		s.closeReport()
	default:
		return s.fail(jNested)
	}
	return false
}

// fail handles malformed JSON at the current byte. In an object the code-only
// scan examines too (the root, "resp") the scan ends, as it always did. In a
// container only a collecting scan examines (the report array and its
// elements, "account"), the code-only scan would have been skipping bytes
// without judging them: the collecting scan gives that container up (the
// report counts as truncated, the balance as absent) and goes on skipping in
// state next (jNested, or jNestedStr/jNestedEsc inside a string), so that the
// return code is found exactly where the code-only scan finds it. It reports
// whether the caller must read the byte again in that state.
func (s *Scanner) fail(next state) bool {
	switch s.obj {
	case objReport, objRecipient:
		s.obj = objRoot
	case objAccount:
		s.obj = objResp
	default:
		s.finish(false)
		return false
	}
	s.more.extraEnd = true
	s.state = next
	s.checkComplete()
	return s.state != stDone
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

// fastElement reads an element object of the report array that lies whole in
// p (p[0] is its '{') in one go, with the outcome the state machine would give,
// counts it and returns its length. It returns 0, having changed nothing, when
// the element is left to the state machine: the chunk ends inside it, a key has
// an escape, a value before the code is a container, or anything is malformed.
// Most elements are small and flat, and the state machine costs a state change
// per token.
func (s *Scanner) fastElement(p []byte) int {
	i := skipSpace(p, 1)
	if i < len(p) && p[i] == '}' {
		return s.countFast(nil, false, i+1)
	}
	for {
		if i >= len(p) || p[i] != '"' {
			return 0
		}
		j := i + 1
		for j < len(p) && !keyStop[p[j]] {
			j++
		}
		if j >= len(p) || p[j] != '"' {
			return 0
		}
		isCode := string(p[i+1:j]) == "code"
		if i = skipSpace(p, j+1); i >= len(p) || p[i] != ':' {
			return 0
		}
		if i = skipSpace(p, i+1); i >= len(p) {
			return 0
		}
		if isCode {
			return s.fastCode(p, i)
		}
		switch c := p[i]; {
		case c == '"':
			if i = skipString(p, i+1); i < 0 {
				return 0
			}
		case isLiteralByte(c):
			for i < len(p) && isLiteralByte(p[i]) {
				i++
			}
		default:
			return 0
		}
		if i = skipSpace(p, i); i >= len(p) {
			return 0
		}
		switch p[i] {
		case '}':
			return s.countFast(nil, false, i+1)
		case ',':
			i = skipSpace(p, i+1)
		default:
			return 0
		}
	}
}

// fastCode judges the value at p[i] of an element's first "code" member, then
// skips the rest of the element as the state machine does once an element's
// code is known (as a nested value: strings and brackets only).
func (s *Scanner) fastCode(p []byte, i int) int {
	var tok []byte
	ok := false
	switch c := p[i]; {
	case c == '"':
		j := i + 1
		for j < len(p) && isCodeByte(p[j]) {
			j++
		}
		if j < len(p) && p[j] == '"' && j > i+1 && j-i-1 <= maxCode {
			tok, ok = p[i+1:j], true
		}
	case c == '-' || c >= '0' && c <= '9':
		j := i
		for j < len(p) && isNumberByte(p[j]) {
			j++
		}
		if j < len(p) && j-i <= maxCode && (isSpace(p[j]) || p[j] == ',' || p[j] == '}') {
			tok, ok = p[i:j], true
		}
	case c != '{' && c != '[' && !isLiteralByte(c):
		return 0 // malformed: the state machine gives the report up
	}
	if n := flatEnd(p[i:]); n > 0 {
		return s.countFast(tok, ok, i+n)
	}
	// From the value on, only strings and brackets matter, up to the element's '}'.
	var stack uint64 // bit d set: level d+1 below the element is an array
	depth := 0
	for ; i < len(p); i++ {
		for i < len(p) && !nestedStop[p[i]] {
			i++
		}
		if i == len(p) {
			break
		}
		switch p[i] {
		case '"':
			if i = skipString(p, i+1); i < 0 {
				return 0
			}
			i--
		case '{', '[':
			if depth == 63 {
				return 0
			}
			if p[i] == '[' {
				stack |= 1 << depth
			} else {
				stack &^= 1 << depth
			}
			depth++
		case '}', ']':
			if depth == 0 {
				if p[i] == ']' {
					return 0 // a mismatch: the state machine ends the scan
				}
				return s.countFast(tok, ok, i+1)
			}
			depth--
			if (stack&(1<<depth) != 0) != (p[i] == ']') {
				return 0
			}
		}
	}
	return 0
}

// flatEnd returns the index after the '}' that ends an element whose rest p
// holds no bracket and no escape (the usual report element): its first '}'
// ends it when an even number of quotes stands before it. It returns 0 when p
// is not such a rest, and the byte-by-byte loop decides.
func flatEnd(p []byte) int {
	e := bytes.IndexByte(p, '}')
	if e < 0 {
		return 0
	}
	rest := p[:e]
	if bytes.Count(rest, quote)%2 != 0 || bytes.IndexByte(rest, '\\') >= 0 ||
		bytes.IndexByte(rest, '{') >= 0 || bytes.IndexByte(rest, '[') >= 0 || bytes.IndexByte(rest, ']') >= 0 {
		return 0
	}
	return e + 1
}

// quote is the byte slice bytes.Count needs to count quotes.
var quote = []byte{'"'}

// countFast counts an element fastElement read (its code token tok when ok)
// and returns n, the element's length.
func (s *Scanner) countFast(tok []byte, ok bool, n int) int {
	s.tally(tok, ok)
	return n
}

// skipSpace returns the index of the first byte at or after i that is not
// whitespace, or len(p).
func skipSpace(p []byte, i int) int {
	for i < len(p) && isSpace(p[i]) {
		i++
	}
	return i
}

// skipString returns the index after the '"' that ends the string whose
// contents start at p[i], or -1 when p ends first. The strings of a report's
// elements are short: a plain loop costs less than stringStop's IndexByte calls.
func skipString(p []byte, i int) int {
	for {
		for i < len(p) && !strStop[p[i]] {
			i++
		}
		switch {
		case i >= len(p):
			return -1
		case p[i] == '"':
			return i + 1
		}
		i += 2 // '\\' and the byte it escapes
	}
}
