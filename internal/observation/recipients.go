package observation

import "github.com/ucpobs/ucpobs/codes"

// MaxRecipientCodes is how many distinct recipient codes a Recipients record tells apart. The
// results of further distinct codes in the same reply are counted in Recipients.Overflow.
const MaxRecipientCodes = 8

// Recipients is the per-recipient outcome of a batch reply: one result per element of the reply's
// top-level "report" array, each classified by its own "code" like a call's code.
type Recipients struct {
	// Seen is the number of recipient results read.
	Seen int
	// Failed is how many of them did not succeed (category not ok), Overflow included.
	Failed int
	// Truncated reports that the report was cut off before its end: by the peek cap, by the
	// scanner's maximum number of recipients, or because the body ended or broke inside it. The
	// results after the cut are not counted.
	Truncated bool
	// Overflow is the number of results whose code was not one of the first MaxRecipientCodes
	// distinct codes of the reply; they count as code "other", category unknown.
	Overflow int
	// Outcomes holds one entry per distinct outcome, in the order first seen; Outcomes[:N] are set.
	Outcomes [MaxRecipientCodes]RecipientOutcome
	// N is the number of Outcomes set.
	N int
}

// RecipientOutcome is one distinct outcome among a reply's recipient results.
type RecipientOutcome struct {
	// ReplyCode is the code as Observation.ReplyCode records it; "" when the result carried none.
	ReplyCode string
	// MetricCode is the bounded value of a metric's code label, as Observation.MetricCode gives
	// it: a catalog code, LabelOther or LabelNone.
	MetricCode string
	// Category is the code's category (codes.CategoryUnparsed for a result without a code).
	Category codes.Category
	// Count is how many results had this outcome.
	Count int
}

// Failed reports whether the outcome is not a success.
func (r *RecipientOutcome) Failed() bool { return r.Category != codes.CategoryOK }

// ShownCode returns the code a log entry or a span shows: ReplyCode, else MetricCode.
func (r *RecipientOutcome) ShownCode() string {
	if r.ReplyCode != "" {
		return r.ReplyCode
	}
	return r.MetricCode
}

// AddCode counts n results that carried the return code code (its raw bytes), classified against
// catalog as Observation.SetReplyCode classifies a call's code. Codes that classify alike ("0" and
// "000000") share an outcome. It does not allocate for a code the catalog knows.
func (r *Recipients) AddCode(catalog *codes.Catalog, code []byte, n int) {
	reply, entry, category := classify(catalog, code)
	metric := LabelOther
	if entry.Value != "" {
		metric = entry.Value
	}
	r.add(RecipientOutcome{ReplyCode: reply, MetricCode: metric, Category: category, Count: n})
}

// AddNoCode counts n results that carried no return code (category codes.CategoryUnparsed).
func (r *Recipients) AddNoCode(n int) {
	r.add(RecipientOutcome{MetricCode: LabelNone, Category: codes.CategoryUnparsed, Count: n})
}

// add counts out.Count results of outcome out.
func (r *Recipients) add(out RecipientOutcome) {
	n := out.Count
	if n <= 0 {
		return
	}
	category := out.Category
	r.Seen += n
	if category != codes.CategoryOK {
		r.Failed += n
	}
	for i := range r.Outcomes[:r.N] {
		if o := &r.Outcomes[i]; o.ReplyCode == out.ReplyCode && o.Category == category {
			o.Count += n
			return
		}
	}
	if r.N == len(r.Outcomes) {
		r.Overflow += n
		return
	}
	r.Outcomes[r.N] = out
	r.N++
}

// AddOverflow counts n results whose code could not be told apart from the others (the scanner's
// table of distinct codes was full): they count as code "other", category unknown.
func (r *Recipients) AddOverflow(n int) {
	if n <= 0 {
		return
	}
	r.Seen += n
	r.Failed += n
	r.Overflow += n
}

// FailingCodes appends to dst the shown codes of the failing outcomes in the order first seen,
// then LabelOther when there is Overflow: at most MaxRecipientCodes+1 codes. It returns the
// extended slice.
func (r *Recipients) FailingCodes(dst []string) []string {
	for i := range r.Outcomes[:r.N] {
		if o := &r.Outcomes[i]; o.Failed() {
			dst = append(dst, o.ShownCode())
		}
	}
	if r.Overflow > 0 {
		dst = append(dst, LabelOther)
	}
	return dst
}
