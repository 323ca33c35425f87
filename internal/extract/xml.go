package extract

// cdataOpen is what follows "<!" to open a CDATA section.
const cdataOpen = "[CDATA["

// writeXML advances the XML state machine over p.
func (s *Scanner) writeXML(p []byte) {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch s.state {
		case xText:
			if s.depth == 0 { // prolog: only whitespace between markup
				switch {
				case c == '<':
					s.state = xLT
				case !isSpace(c):
					s.finish(false)
				}
				break
			}
			for c != '<' {
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			s.state = xLT
		case xLT:
			switch {
			case c == '?':
				s.state, s.aux = xPI, 0
			case c == '!':
				s.state = xBang
			case c == '/' && s.depth > 0:
				s.state = xEndTag
			case isNameStart(c):
				s.state, s.nameLen = xName, 0
				s.appendName(c)
			default:
				s.finish(false)
			}
		case xPI:
			switch {
			case c == '>' && s.aux == 1:
				s.state = xText
			case c == '?':
				s.aux = 1
			default:
				s.aux = 0
			}
		case xBang:
			switch {
			case c == '-':
				s.state = xBangDash
			case c == '[' && s.depth > 0:
				s.state, s.aux, s.inCode = xCDATAOpen, 1, false
			default: // <!DOCTYPE (an HTML page) or another declaration
				s.finish(false)
			}
		case xBangDash:
			if c != '-' {
				s.finish(false)
				break
			}
			s.state, s.aux = xComment, 0
		case xComment:
			if s.endsSection(c, '-') {
				s.state = xText
			}
		case xCDATAOpen:
			if c != cdataOpen[s.aux] {
				if s.inCode && s.aux == 0 && s.role == roleBalance {
					// "<!" inside the balance: no balance, but a comment (or
					// anything after "<!") is read as the code-only scan reads it.
					s.judgeTok(false, xBang)
					i--
					break
				}
				s.finish(false)
				break
			}
			if s.aux++; int(s.aux) == len(cdataOpen) {
				s.aux = 0
				if s.inCode {
					s.state = xCodeCDATA
				} else {
					s.state = xCDATA
				}
			}
		case xCDATA:
			if s.endsSection(c, ']') {
				s.state = xText
			}
		case xName:
			if !isSpace(c) && c != '/' && c != '>' {
				s.appendName(c)
				break
			}
			s.endName()
			i-- // the byte belongs to the rest of the tag
		case xAttrs:
			switch c {
			case '>':
				s.closeStartTag()
			case '/':
				s.slash = true
			case '"':
				s.state, s.slash = xAttrQ2, false
			case '\'':
				s.state, s.slash = xAttrQ1, false
			default:
				s.slash = false
			}
		case xAttrQ1, xAttrQ2:
			q := byte('"')
			if s.state == xAttrQ1 {
				q = '\''
			}
			for c != q {
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			s.state = xAttrs
		case xEndTag:
			for c != '>' {
				if i++; i == len(p) {
					return
				}
				c = p[i]
			}
			s.depth--
			if s.depth == 0 {
				s.finish(false) // the root closed: nothing more can come
				break
			}
			if s.obj == objAccount && s.depth == 1 {
				s.obj = objRoot
			}
			s.state = xText
		case xCode:
			if c == '<' {
				s.state = xCodeLT
				break
			}
			s.codeText(c)
		case xCodeLT:
			switch c {
			case '/':
				s.judgeText(true, xEndTag)
			case '!':
				s.state, s.aux, s.inCode = xCDATAOpen, 0, true
			default: // a child element: not a code
				s.judgeText(false, xLT)
				i--
			}
		case xCodeCDATA:
			s.codeCDATA(c)
		}
		if s.state == stDone {
			return
		}
	}
}

// endsSection reports whether c completes the end of a comment ("-->", mark
// '-') or of a CDATA section outside the code element ("]]>", mark ']'). aux
// counts the marks just seen; more than two still end the section.
func (s *Scanner) endsSection(c, mark byte) bool {
	switch {
	case c == mark:
		if s.aux < 2 {
			s.aux++
		}
	case c == '>' && s.aux == 2:
		return true
	default:
		s.aux = 0
	}
	return false
}

// endName decides what the element whose name was just read means.
func (s *Scanner) endName() {
	s.state, s.slash, s.role = xAttrs, false, roleNone
	if s.depth == 0 && s.isHTMLRoot() {
		s.finish(false)
		return
	}
	switch {
	case s.depth <= 1 && !s.decided && s.nameIs("respCode"):
		s.role = roleCode
	case s.want != Balance || s.more.extraEnd:
	case s.depth == 1 && s.nameIs("account"):
		s.role = roleAccount
	case s.depth == 2 && s.obj == objAccount && s.nameIs("balance"):
		s.role = roleBalance
	}
}

// isHTMLRoot reports a root element that starts an HTML page.
func (s *Scanner) isHTMLRoot() bool {
	if s.nameLen != 4 {
		return false
	}
	var n [4]byte
	for i, c := range s.name[:4] {
		n[i] = c | 0x20 // ASCII lower case; other bytes never match anyway
	}
	switch string(n[:]) {
	case "html", "head", "body":
		return true
	}
	return false
}

// closeStartTag handles the '>' ending a start tag.
func (s *Scanner) closeStartTag() {
	switch {
	case s.slash && s.depth == 0:
		s.finish(false) // an empty root
	case s.slash && (s.role == roleCode || s.role == roleBalance):
		s.judgeText(false, xText) // an empty code or balance element
	case s.slash:
		s.state = xText
	case !s.push(false):
		s.finish(false)
	case s.role == roleCode:
		s.state, s.codeLen, s.phase = xCode, 0, 0
	case s.role == roleBalance:
		s.state, s.more.tokLen, s.phase = xCode, 0, 0
	case s.role == roleAccount:
		s.obj, s.state = objAccount, xText
	default:
		s.state = xText
	}
}

// codeText adds a byte of the code (or balance) element's text, allowing
// whitespace around one token. Entities and inner spaces mean no token: the
// rest of the element is skipped.
func (s *Scanner) codeText(c byte) {
	switch {
	case isSpace(c):
		if s.phase == 1 {
			s.phase = 2
		}
	case s.phase == 2 || !isCodeByte(c) || !s.appendText(c):
		next := xText
		if s.state == xCodeCDATA {
			next, s.aux = xCDATA, 0
		}
		s.judgeText(false, next)
	default:
		s.phase = 1
	}
}

// appendText adds a byte to the token of the element being read.
func (s *Scanner) appendText(c byte) bool {
	if s.role == roleBalance {
		return s.appendTok(c)
	}
	return s.appendCode(c)
}

// judgeText records the verdict on the code or balance element's text and
// goes on in state next (a code-only scan ends at its code).
func (s *Scanner) judgeText(ok bool, next state) {
	if s.role == roleBalance {
		s.judgeTok(ok, next)
		return
	}
	s.judgeCode(ok, next)
}

// codeCDATA handles a byte inside a CDATA section of the code element. aux
// counts the ']' held back because they may start the closing "]]>".
func (s *Scanner) codeCDATA(c byte) {
	switch {
	case c == ']' && s.aux < 2:
		s.aux++
	case c == ']':
		s.codeText(']') // a third ']' makes the first one text
		if s.state == xCDATA {
			s.aux = 2 // rejected: the last two may still close the section
		}
	case c == '>' && s.aux == 2:
		s.state, s.aux = xCode, 0
	default:
		for s.aux > 0 && s.state == xCodeCDATA {
			s.aux--
			s.codeText(']')
		}
		if s.state == xCodeCDATA {
			s.codeText(c)
		}
	}
}

// isNameStart reports bytes that may begin an XML element name.
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}
