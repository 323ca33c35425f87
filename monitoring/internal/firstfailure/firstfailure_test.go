package firstfailure

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/promql/parser"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestCountParses checks that Count gives valid PromQL whose last branch reads what Window says:
// a range of every sample without Step, a subquery of instant lookups with it. Its behaviour is
// tested with promtool (monitoring/tests, monitoring/dashboard_promql_test.go).
func TestCountParses(t *testing.T) {
	const series, start = `ucpaas:client_failures:sum_by_instance{category="balance"}`, `ucpaas_metrics_start_time_seconds{job=~".+"}`
	tests := []struct {
		name     string
		w        Window
		subquery bool
	}{
		{"alerts", Window{Range: "5m", Seconds: "300", Step: "1m"}, true},
		{"long window", Window{Range: "15m", Seconds: "900", Step: "1m"}, true},
		{"dashboard", Window{Range: "6h", Seconds: "21600"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expr, err := parser.NewParser(parser.Options{}).ParseExpr(Count(series, start, tt.w))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := time.ParseDuration(tt.w.Range)
			var subqueries, ranges int
			parser.Inspect(expr, func(n parser.Node, _ []parser.Node) error {
				switch n := n.(type) {
				case *parser.SubqueryExpr:
					subqueries++
					if n.Range != want || n.Step != time.Minute {
						t.Errorf("subquery [%v:%v], want [%v:1m]", n.Range, n.Step, want)
					}
				case *parser.MatrixSelector:
					ranges++
					if n.Range != want {
						t.Errorf("range [%v], want [%v]", n.Range, want)
					}
				}
				return nil
			})
			if tt.subquery && (subqueries != 1 || ranges != 0) || !tt.subquery && (subqueries != 0 || ranges != 1) {
				t.Errorf("%d subqueries and %d ranges in %s", subqueries, ranges, expr)
			}
			if got := strings.Count(expr.String(), " or "); got != 3 {
				t.Errorf("%d branches, want 4: %s", got+1, expr)
			}
		})
	}
}
