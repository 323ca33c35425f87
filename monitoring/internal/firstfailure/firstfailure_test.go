package firstfailure

import (
	"testing"
	"time"

	"github.com/prometheus/prometheus/promql/parser"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestCountReads checks that Count gives valid PromQL that reads what Window says: the counter
// with instant lookups only, now twice, one window ago once and, with Fallback, Fallback ago once;
// the start-time gauge (one series per process) likewise, a few times; and with Unwatched the
// counter once more, now and with every sample of the window. Its behaviour is tested with
// promtool (monitoring/tests, monitoring/dashboard_promql_test.go).
func TestCountReads(t *testing.T) {
	const counter, start = "ucpaas_client_failures_total", "ucpaas_metrics_start_time_seconds"
	series, startSel := counter+`{category="balance"}`, start+`{job=~".+"}`
	type read struct {
		name   string
		offset time.Duration
	}
	tests := []struct {
		name       string
		w          Window
		wantRanges int // every sample of the window: Unwatched
		want       map[read]int
	}{
		{"alerts", Window{Range: "5m", Seconds: "300", Fallback: "4m"}, 0, map[read]int{
			{counter, 0}: 2, {counter, 5 * time.Minute}: 1, {counter, 4 * time.Minute}: 1,
			{start, 0}: 4, {start, 5 * time.Minute}: 4}},
		{"long window", Window{Range: "15m", Seconds: "900", Fallback: "14m"}, 0, map[read]int{
			{counter, 0}: 2, {counter, 15 * time.Minute}: 1, {counter, 14 * time.Minute}: 1,
			{start, 0}: 4, {start, 15 * time.Minute}: 4}},
		{"no fallback", Window{Range: "5m", Seconds: "300"}, 0, map[read]int{
			{counter, 0}: 2, {counter, 5 * time.Minute}: 1,
			{start, 0}: 4, {start, 5 * time.Minute}: 3}},
		{"dashboard", Window{Range: "6h", Seconds: "21600", Unwatched: true}, 1, map[read]int{
			{counter, 0}: 3, {counter, 6 * time.Hour}: 1,
			{start, 0}: 4, {start, 6 * time.Hour}: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expr, err := parser.NewParser(parser.Options{}).ParseExpr(Count(series, startSel, tt.w))
			if err != nil {
				t.Fatal(err)
			}
			window, _ := time.ParseDuration(tt.w.Range)
			instant := map[read]int{}
			var ranges, subqueries int
			parser.Inspect(expr, func(n parser.Node, path []parser.Node) error {
				switch n := n.(type) {
				case *parser.SubqueryExpr:
					subqueries++
				case *parser.MatrixSelector:
					ranges++
					if n.Range != window {
						t.Errorf("range [%v], want [%v]", n.Range, window)
					}
				case *parser.VectorSelector:
					if _, inRange := path[len(path)-1].(*parser.MatrixSelector); !inRange {
						instant[read{n.Name, n.OriginalOffset}]++
					}
				}
				return nil
			})
			if len(instant) != len(tt.want) {
				t.Errorf("instant lookups %v, want %v", instant, tt.want)
			}
			for r, n := range tt.want {
				if instant[r] != n {
					t.Errorf("%s offset %v read %d times, want %d (all: %v)", r.name, r.offset, instant[r], n, instant)
				}
			}
			if ranges != tt.wantRanges || subqueries != 0 {
				t.Errorf("%d ranges and %d subqueries, want %d and 0: %s", ranges, subqueries, tt.wantRanges, expr)
			}
		})
	}
}
