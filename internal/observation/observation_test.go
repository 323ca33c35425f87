package observation

import (
	"errors"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/codes"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSetReplyCode(t *testing.T) {
	extra, err := codes.NewCatalog(codes.Code{Value: "300001", Message: "账户不存在", English: "Account does not exist", Category: codes.CategoryAccount})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		catalog      *codes.Catalog
		raw          string
		found        bool
		wantCode     string
		wantLabel    string
		wantCategory codes.Category
		wantFailed   bool
	}{
		{"success", codes.Default(), "000000", true, "000000", "000000", codes.CategoryOK, false},
		{"number zero", codes.Default(), "0", true, "000000", "000000", codes.CategoryOK, false},
		{"catalog failure", codes.Default(), "100001", true, "100001", "100001", codes.CategoryBalance, true},
		{"code the catalog lacks", codes.Default(), "300001", true, "300001", LabelOther, codes.CategoryUnknown, true},
		{"registered extra code", extra, "300001", true, "300001", "300001", codes.CategoryAccount, true},
		{"short number the catalog lacks", codes.Default(), "42", true, "000042", LabelOther, codes.CategoryUnknown, true},
		{"not a number", codes.Default(), "abc", true, "abc", LabelOther, codes.CategoryUnknown, true},
		{"a phone number where the code goes", codes.Default(), "13800138000", true, "138******00", LabelOther, codes.CategoryUnknown, true},
		{"no code", codes.Default(), "", false, "", LabelNone, codes.CategoryUnparsed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Observation{CatalogEntry: codes.Code{Value: "stale"}}
			if tt.found {
				o.SetReplyCode(tt.catalog, []byte(tt.raw))
			} else {
				o.SetNoCode()
			}
			wantDisplay := tt.wantCode
			if wantDisplay == "" {
				wantDisplay = tt.wantLabel
			}
			if o.ShownCode() != wantDisplay {
				t.Errorf("ShownCode() = %q, want %q", o.ShownCode(), wantDisplay)
			}
			if o.ReplyCode != tt.wantCode || o.MetricCode() != tt.wantLabel || o.Category != tt.wantCategory || o.Failed() != tt.wantFailed {
				t.Errorf("got code %q label %q category %q failed %v; want %q %q %q %v",
					o.ReplyCode, o.MetricCode(), o.Category, o.Failed(), tt.wantCode, tt.wantLabel, tt.wantCategory, tt.wantFailed)
			}
			if known := o.CatalogEntry.Value != ""; known != (tt.wantLabel != LabelOther && tt.wantLabel != LabelNone) {
				t.Errorf("CatalogEntry = %+v for label %q", o.CatalogEntry, tt.wantLabel)
			}
		})
	}
}

func TestSetTransportError(t *testing.T) {
	o := Observation{}
	o.SetReplyCode(codes.Default(), []byte("000000"))
	boom := errors.New("dial tcp: connection refused")
	o.SetTransportError(boom)
	if o.Err != boom || o.ReplyCode != "" || o.CatalogEntry.Value != "" || o.Category != codes.CategoryTransport || o.MetricCode() != LabelTransport || !o.Failed() {
		t.Errorf("after SetTransportError: %+v label %q", o, o.MetricCode())
	}
}

func TestSetReplyCodeDoesNotAllocateForCatalogCodes(t *testing.T) {
	raw := []byte("105110")
	var o Observation
	if n := testing.AllocsPerRun(100, func() { o.SetReplyCode(codes.Default(), raw) }); n != 0 {
		t.Errorf("SetReplyCode allocates %v times for a catalog code, want 0", n)
	}
}

// TestFailed: every category but ok fails, except on a hijacked connection or a reply not read
// for a code.
func TestFailed(t *testing.T) {
	tests := []struct {
		o    Observation
		want bool
	}{
		{Observation{Category: codes.CategoryOK}, false},
		{Observation{Category: codes.CategoryUnparsed}, true},
		{Observation{Category: codes.CategoryTransport}, true},
		{Observation{Category: codes.CategoryUnparsed, Hijacked: true}, false},
		{Observation{Category: codes.CategoryUnparsed, NotRead: true}, false},
	}
	for _, tt := range tests {
		if got := tt.o.Failed(); got != tt.want {
			t.Errorf("%+v.Failed() = %v, want %v", tt.o, got, tt.want)
		}
	}
}
