package codes_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

// seedFile is a verbatim copy of the platform's code table.
const seedFile = "testdata/000_e3ba22ab5a12d777.txt"

// seedTable is the platform's table: the distinct texts of every code, in table order.
type seedTable struct {
	rows  int
	order []string            // codes in order of first appearance
	texts map[string][]string // normalised texts, table order, duplicates removed
}

// readSeed parses the Markdown table rows "| 100001 | 余额不足 |" of the seed copy.
func readSeed(t *testing.T) seedTable {
	t.Helper()
	data, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	s := seedTable{texts: map[string][]string{}}
	for line := range strings.Lines(string(data)) {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) != 4 {
			continue
		}
		code, text := strings.TrimSpace(cells[1]), normText(cells[2])
		if n, ok := codes.Normalize(code); !ok || n != code {
			continue // the header and separator rows
		}
		s.rows++
		if _, seen := s.texts[code]; !seen {
			s.order = append(s.order, code)
		}
		if !slices.Contains(s.texts[code], text) {
			s.texts[code] = append(s.texts[code], text)
		}
	}
	return s
}

// normText makes texts comparable: white space runs become one space, full-width commas half-width.
func normText(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "，", ",")), " ")
}

// normTexts applies normText to every text.
func normTexts(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = normText(t)
	}
	return out
}

func TestSeedCopyShape(t *testing.T) {
	s := readSeed(t)
	if s.rows != 170 || len(s.order) != 165 {
		t.Fatalf("seed copy has %d rows and %d distinct codes, want 170 and 165", s.rows, len(s.order))
	}
}

// TestCatalogHoldsTheSeedCodes proves the seed table stays the authority: every seed code is in
// the catalog marked SourceTable, with the seed's texts first in table order and the later one
// primary; every other catalog code is marked with another source.
func TestCatalogHoldsTheSeedCodes(t *testing.T) {
	s := readSeed(t)
	fromTable := 0
	for _, c := range codes.All() {
		_, inSeed := s.texts[c.Value]
		switch {
		case inSeed && c.Source != codes.SourceTable:
			t.Errorf("seed code %s is marked %q, want %q", c.Value, c.Source, codes.SourceTable)
		case !inSeed && (c.Source == codes.SourceTable || !c.Source.Valid()):
			t.Errorf("catalog code %s is not in the seed table but marked %q", c.Value, c.Source)
		}
		if c.Source == codes.SourceTable {
			fromTable++
		}
	}
	if fromTable != len(s.order) {
		t.Errorf("%d codes marked %q, the seed has %d", fromTable, codes.SourceTable, len(s.order))
	}
	for _, value := range s.order {
		want := s.texts[value]
		c, ok := codes.Lookup(value)
		if !ok {
			t.Errorf("seed code %s is missing from the catalog", value)
			continue
		}
		if got := normTexts(c.Messages); len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			t.Errorf("%s: Messages = %q, want %q (table order) first", value, got, want)
		}
		if got := normText(c.Message); got != want[len(want)-1] {
			t.Errorf("%s: Message = %q, want the table's later text %q", value, got, want[len(want)-1])
		}
	}
}

// TestCodesFromTheSDKs pins what the platform's own SDKs add: 104131, which the page lacks, and
// 105132's other text, kept after the table's.
func TestCodesFromTheSDKs(t *testing.T) {
	tests := []struct {
		value    string
		messages []string
		source   codes.Source
		category codes.Category
	}{
		{"104131", []string{"开通国际漫游禁止回拨呼叫"}, codes.SourcePHPSDK, codes.CategoryClient},
		{"105132", []string{"验证码短信参数长度不能超过100位", "验证码短信参数长度不能超过10位"}, codes.SourceTable, codes.CategoryValidation},
	}
	for _, tt := range tests {
		c, ok := codes.Lookup(tt.value)
		if !ok || !slices.Equal(c.Messages, tt.messages) || c.Message != tt.messages[0] || c.Source != tt.source || c.Category != tt.category {
			t.Errorf("Lookup(%s) = %+v, %v; want messages %q (first primary), source %s, category %s",
				tt.value, c, ok, tt.messages, tt.source, tt.category)
		}
	}
	if n := codes.Default().Len(); n != 166 {
		t.Errorf("catalog has %d codes, want the seed's 165 and 104131", n)
	}
}

func TestSeedQuirks(t *testing.T) {
	tests := []struct {
		value    string
		message  string
		messages []string
	}{
		{"103126", "未上线应用或demo只能使用白名单中号码", []string{"未上线应用或demo只能使用应用测试号码", "未上线应用或demo只能使用白名单中号码"}},
		{"103123", "未上线应用不能超过100个client", []string{"未上线应用不能超过100个client"}},
		{"104104", "语音验证码位4-8位", []string{"语音验证码位4-8位"}},
		{"104105", "语音验证码位4-8位", []string{"语音验证码位4-8位"}},
		{"100019", "应用餘額不足", []string{"应用餘額不足"}},
		{"100500", "HTTP状态码不等于200", []string{"HTTP状态码不等于200"}},
	}
	for _, tt := range tests {
		c, ok := codes.Lookup(tt.value)
		if !ok || c.Message != tt.message || !slices.Equal(c.Messages, tt.messages) {
			t.Errorf("Lookup(%s) = %q %q %v, want %q %q", tt.value, c.Message, c.Messages, ok, tt.message, tt.messages)
		}
	}
}
