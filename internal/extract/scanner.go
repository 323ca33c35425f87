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
	jArrOpen   // after '[' of the report array: an element or ']'
	jTokStr    // inside a balance or recipient code string
	jTokNum    // inside a balance or recipient code number

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
	roleNone          role = iota
	roleCode               // its value is the return code
	roleResp               // family A's "resp" object
	roleReport             // the top-level "report" array (Recipients)
	roleElement            // an element of that array (Recipients)
	roleAccount            // "account" in "resp", or in the XML root (Balance)
	roleBalance            // "balance" in "account" (Balance)
	roleRecipientCode      // "code" in an element of the report array (Recipients)
)

// Extra names what a Scanner collects besides the return code (see ResetFor).
type Extra uint8

// The extras.
const (
	// Code alone: the scanner stops as soon as the return code is known.
	Code Extra = iota
	// Recipients also collects the code of each element of the top-level "report" array of a
	// family B batch reply (see Report and RecipientCode).
	Recipients
	// Balance also reads the balance of a family A account-info reply: resp.account.balance in
	// JSON, <account><balance> inside the root element in XML (see Balance).
	Balance
)

// MaxRecipients is how many elements of a "report" array are counted at most; the rest are
// skipped and Report says the report was truncated.
const MaxRecipients = 1000

// MaxRecipientCodes is how many distinct recipient code tokens a Scanner tells apart; results
// carrying further distinct tokens are counted in Report.Overflow.
const MaxRecipientCodes = 8

// obj is the container whose members the JSON machine examines (XML uses objRoot and objAccount).
type obj uint8

const (
	objRoot      obj = iota // the root object (depth 1)
	objResp                 // family A's "resp" object (depth 2)
	objAccount              // "account" inside "resp" (depth 3; XML: inside the root element)
	objReport               // the top-level "report" array (depth 2)
	objRecipient            // an object element of that array (depth 3)
)

// examinedDepth is the nesting depth of each examined container.
var examinedDepth = [...]uint32{objRoot: 1, objResp: 2, objAccount: 3, objReport: 2, objRecipient: 3}

// Scanner finds the return code in a reply body written to it in chunks of
// any size, and, after ResetFor, what else it was asked to collect. Its zero
// value is ready to use and equals Reset(). It holds fixed-size state only and
// never allocates. A Scanner is not safe for concurrent use.
type Scanner struct {
	scan
	more collected // valid when want is not Code; zeroed by ResetFor only
}

// scan is the state of every scan; Reset zeroes it alone, so that the code-only scan does not pay
// for clearing what it does not collect.
type scan struct {
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
	want    Extra
	obj     obj  // the examined container
	slash   bool // XML start tag: the last byte was '/'
	inCode  bool // XML: the CDATA section being opened belongs to the code element
	found   bool
	decided bool // collecting: the first code key was met, its value judged (found says how)
}

// collected is what a scan for Recipients or Balance gathers besides the code.
type collected struct {
	tok      [maxCode]byte // the balance, or the current recipient's code
	tokLen   uint8
	tokOK    bool // tok holds a whole, valid token
	extraEnd bool // Balance: the balance key was judged; Recipients: the report array ended
	// Recipients only.
	reportMet   bool // the first top-level "report" key was met
	arrayMet    bool // its value was an array
	inReport    bool // that array is open
	elemDecided bool // the current element's first "code" key was judged
	pending     bool // the element being skipped is counted when it closes
	capped      bool // more than MaxRecipients elements
	distinct    uint8
	seen        uint32
	noCode      uint32
	overflow    uint32
	codes       [MaxRecipientCodes][maxCode]byte
	codeLens    [MaxRecipientCodes]uint8
	keys        [MaxRecipientCodes]uint64 // packToken of each code
	counts      [MaxRecipientCodes]uint32
}

// Reset prepares the scanner for a new body, for the return code alone. The
// code returned by a previous Code becomes invalid.
func (s *Scanner) Reset() {
	s.scan = scan{}
}

// ResetFor prepares the scanner for a new body, for the return code and what
// x names. With Recipients or Balance the scan does not stop at the code: it
// goes on until what x names is known too, or the root closes, or the body
// turns out malformed; the code found is kept whatever comes after it.
func (s *Scanner) ResetFor(x Extra) {
	s.scan = scan{want: x}
	if x != Code {
		s.more = collected{}
	}
}

// Done reports whether the scanner has decided: the code was found, or the
// body cannot hold one (malformed, root closed, not JSON or XML, HTML).
func (s *Scanner) Done() bool { return s.state == stDone }

// Code returns the raw code token and whether one was found: a JSON string's
// contents (escapes are not decoded: a code containing one is rejected), a
// JSON number literal as written ("0", "105147"), or an XML element's text
// without surrounding whitespace. A token is 1–32 bytes of printable ASCII.
// The slice is valid until the next Reset. Before the code was judged (for a
// code-only scan: before Done), or when the body ended early, ok is false.
func (s *Scanner) Code() (code []byte, ok bool) {
	if !s.found {
		return nil, false
	}
	return s.code[:s.codeLen], true
}

// Feed hands the scanner the next bytes of the body and reports whether it has
// decided (see Done). Once it has, further bytes are ignored and Feed returns
// true. It is not an io.Writer: it never fails and reports no count.
func (s *Scanner) Feed(p []byte) (done bool) {
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

// finish ends the scan; found says whether the collected token is the code. A
// code found before (by a collecting scan) stays found.
func (s *Scanner) finish(found bool) {
	s.state = stDone
	s.found = s.found || found && s.codeLen > 0
}

// judgeCode records the verdict on the first code key's value. A code-only
// scan ends there; a collecting one goes on in state next, and ends when its
// extra is known as well.
func (s *Scanner) judgeCode(found bool, next state) {
	if s.want == Code {
		s.finish(found)
		return
	}
	s.found = found && s.codeLen > 0
	s.decided = true
	s.state = next
	s.checkComplete()
}

// checkComplete ends a collecting scan once the code and the extra are known.
func (s *Scanner) checkComplete() {
	if s.decided && s.more.extraEnd {
		s.finish(s.found)
	}
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

// Report summarises the top-level "report" array of a batch reply, as far as
// the scan got; see ResetFor(Recipients).
type Report struct {
	// Present reports that the reply's first top-level "report" key held an array.
	Present bool
	// Seen is the number of elements counted: every element that ended before
	// the scan did, up to MaxRecipients. An object element's result is its
	// first "code" member (a string or number token, as for the return code);
	// any other element, or an object without a valid code, is a result
	// without a code.
	Seen int
	// NoCode is how many of them carried no code.
	NoCode int
	// Distinct is how many distinct code tokens RecipientCode gives (at most
	// MaxRecipientCodes).
	Distinct int
	// Overflow is how many results carried a code beyond the first
	// MaxRecipientCodes distinct ones.
	Overflow int
	// Truncated reports that the array did not end before the scan did (the
	// body ended, was cut by the caller or broke inside it), or that it had
	// more than MaxRecipients elements.
	Truncated bool
}

// Report returns what the scan collected of the report array. Before ResetFor(Recipients), or
// when the reply had no report array, it is the zero Report.
func (s *Scanner) Report() Report {
	m := &s.more
	if s.want != Recipients || !m.arrayMet {
		return Report{}
	}
	return Report{
		Present:   true,
		Seen:      int(m.seen),
		NoCode:    int(m.noCode),
		Distinct:  int(m.distinct),
		Overflow:  int(m.overflow),
		Truncated: m.inReport || m.capped,
	}
}

// RecipientCode returns the i-th distinct recipient code token (0 ≤ i <
// Report().Distinct), in the order first seen, and how many results carried
// it. The slice is valid until the next Reset.
func (s *Scanner) RecipientCode(i int) (code []byte, n int) {
	if s.want != Recipients || i < 0 || i >= int(s.more.distinct) {
		return nil, 0
	}
	return s.more.codes[i][:s.more.codeLens[i]], int(s.more.counts[i])
}

// Balance returns the account balance, in yuan, that an account-info reply
// carried (see ResetFor(Balance)): the first "balance" of "account", a string
// or a number of the form [-]digits[.digits] with at most 15 significant
// digits. ok is false before ResetFor(Balance), when there was none, or when
// it had another form.
func (s *Scanner) Balance() (yuan float64, ok bool) {
	if s.want != Balance || !s.more.extraEnd || !s.more.tokOK {
		return 0, false
	}
	return parseDecimal(s.more.tok[:s.more.tokLen])
}

// pow10 holds the exact powers of ten a decimal's fraction divides by.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseDecimal parses [-]digits[.digits] of at most 15 significant digits,
// correctly rounded (an integer below 2^53 divided by an exact power of ten).
func parseDecimal(b []byte) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var mant uint64
	digits, frac, dot := 0, 0, -1
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if mant != 0 || c != '0' {
				digits++
			}
			mant = mant*10 + uint64(c-'0')
			if dot >= 0 {
				frac++
			}
		case c == '.' && dot < 0 && i > 0:
			dot = i
		default:
			return 0, false
		}
		if digits > 15 || frac >= len(pow10) {
			return 0, false
		}
	}
	if len(b) == 0 || dot == len(b)-1 {
		return 0, false
	}
	v := float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}
