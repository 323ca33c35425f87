package observation

import (
	"slices"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

func TestRecipientsAddCode(t *testing.T) {
	type add struct {
		raw   string
		found bool
		n     int
	}
	tests := []struct {
		name         string
		adds         []add
		overflow     int
		wantSeen     int
		wantFailed   int
		wantOverflow int
		wantOutcomes []RecipientOutcome
		wantFailing  []string
	}{
		{
			name:     "documented batch: one ok, one invalid number",
			adds:     []add{{"000000", true, 1}, {"100006", true, 1}},
			wantSeen: 2, wantFailed: 1,
			wantOutcomes: []RecipientOutcome{
				{ReplyCode: "000000", MetricCode: "000000", Category: codes.CategoryOK, Count: 1},
				{ReplyCode: "100006", MetricCode: "100006", Category: codes.CategoryValidation, Count: 1},
			},
			wantFailing: []string{"100006"},
		},
		{
			name:     "numeric and string forms of one code share an outcome",
			adds:     []add{{"0", true, 2}, {"000000", true, 3}, {"105107", true, 30}},
			wantSeen: 35, wantFailed: 30,
			wantOutcomes: []RecipientOutcome{
				{ReplyCode: "000000", MetricCode: "000000", Category: codes.CategoryOK, Count: 5},
				{ReplyCode: "105107", MetricCode: "105107", Category: codes.CategoryContent, Count: 30},
			},
			wantFailing: []string{"105107"},
		},
		{
			name:     "no code, unknown code, phone number as code",
			adds:     []add{{"", false, 1}, {"300006", true, 1}, {"13800138000", true, 1}, {"", true, 0}},
			wantSeen: 3, wantFailed: 3,
			wantOutcomes: []RecipientOutcome{
				{ReplyCode: "", MetricCode: LabelNone, Category: codes.CategoryUnparsed, Count: 1},
				{ReplyCode: "300006", MetricCode: LabelOther, Category: codes.CategoryUnknown, Count: 1},
				{ReplyCode: "138******00", MetricCode: LabelOther, Category: codes.CategoryUnknown, Count: 1},
			},
			wantFailing: []string{LabelNone, "300006", "138******00"},
		},
		{
			name: "ninth distinct code overflows",
			adds: []add{
				{"100001", true, 1}, {"100002", true, 1}, {"100003", true, 1}, {"100004", true, 1},
				{"100005", true, 1}, {"100006", true, 1}, {"100007", true, 1}, {"000000", true, 1}, {"100008", true, 2},
			},
			overflow: 3,
			wantSeen: 13, wantFailed: 12, wantOverflow: 5,
			wantFailing: []string{"100001", "100002", "100003", "100004", "100005", "100006", "100007", LabelOther},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Recipients
			for _, a := range tt.adds {
				if a.found {
					r.AddCode(codes.Default(), []byte(a.raw), a.n)
				} else {
					r.AddNoCode(a.n)
				}
			}
			r.AddOverflow(tt.overflow)
			if r.Seen != tt.wantSeen || r.Failed != tt.wantFailed || r.Overflow != tt.wantOverflow {
				t.Errorf("seen %d failed %d overflow %d; want %d %d %d", r.Seen, r.Failed, r.Overflow, tt.wantSeen, tt.wantFailed, tt.wantOverflow)
			}
			if tt.wantOutcomes != nil && !slices.Equal(r.Outcomes[:r.N], tt.wantOutcomes) {
				t.Errorf("outcomes %+v, want %+v", r.Outcomes[:r.N], tt.wantOutcomes)
			}
			if got := r.FailingCodes(nil); !slices.Equal(got, tt.wantFailing) {
				t.Errorf("FailingCodes = %q, want %q", got, tt.wantFailing)
			}
		})
	}
}

func TestRecipientsAddCodeDoesNotAllocateForCatalogCodes(t *testing.T) {
	raw := []byte("105107")
	var r Recipients
	if n := testing.AllocsPerRun(100, func() { r.AddCode(codes.Default(), raw, 1) }); n != 0 {
		t.Errorf("AddCode allocates %v times for a catalog code, want 0", n)
	}
}
