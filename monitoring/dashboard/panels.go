package dashboard

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/ucpobs/ucpobs/codes"
)

// Grafana units of the panels.
const (
	unitPerSecond = "reqps"       // calls or failures per second
	unitRatio     = "percentunit" // 0–1 shown as a percentage
	unitCount     = "short"       // a plain number
	unitCountRate = "cps"         // events (here: recovered panics) per second
	unitSeconds   = "s"
	unitYuan      = "currencyCNY" // ¥
)

// balanceFloor is the balance, in yuan, under which the balance panels turn red: the floor of
// the alert UcpaasBalanceLow in the committed rules.
const balanceFloor = 100.0

// aboveZero is the smallest value a threshold turns red at when anything above 0 is bad: far
// below the rate of one event over any $__rate_interval.
const aboveZero = 1e-9

// datasourceRef is where every panel and query reads from: the dashboard's datasource variable.
func datasourceRef() common.DataSourceRef {
	return common.DataSourceRef{Type: ptr("prometheus"), Uid: ptr("${datasource}")}
}

// query is a range query (time series panels) with a legend.
func query(expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Datasource(datasourceRef()).Expr(expr).LegendFormat(legend).Range()
}

// instant is an instant query at the end of the dashboard's range (stats and tables).
func instant(expr string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Datasource(datasourceRef()).Expr(expr).Instant()
}

// timeSeries is a time series panel of targets; refIds are A, B, … in order.
func timeSeries(title, description, unit string, targets ...*prometheus.DataqueryBuilder) *timeseries.PanelBuilder {
	p := timeseries.NewPanelBuilder().
		Title(title).Description(description).Unit(unit).
		Datasource(datasourceRef()).
		Span(12).Height(8).Min(0).
		FillOpacity(10).ShowPoints(common.VisibilityModeNever).
		Legend(common.NewVizLegendOptionsBuilder().
			ShowLegend(true).DisplayMode(common.LegendDisplayModeTable).Placement(common.LegendPlacementRight).
			Calcs([]string{"mean", "max"}))
	for i, t := range targets {
		p.WithTarget(t.RefId(refID(i)))
	}
	return p
}

func refID(i int) string { return string(rune('A' + i)) }

// callRatePanel shows calls per second by operation.
func (n names) callRatePanel(s Side, title, description string) *timeseries.PanelBuilder {
	return timeSeries(title, description, unitPerSecond, query(n.callRate(s), "{{operation}}"))
}

// failureRatioPanel shows the failed share of calls by operation.
func (n names) failureRatioPanel(s Side) *timeseries.PanelBuilder {
	return timeSeries("Failure ratio by operation",
		"Share of calls that failed (any category but ok), by operation. 0 means called without failure; "+
			"operations not called show nothing. The alert UcpaasFailureRatioHigh fires above 10% for 10 minutes.",
		unitRatio, query(n.failureRatio(s), "{{operation}}")).Max(1)
}

// failuresByCategoryPanel stacks failures per second by category (who has to act).
func (n names) failuresByCategoryPanel(s Side) *timeseries.PanelBuilder {
	return stacked(timeSeries("Failures by category",
		"Failed calls per second, stacked by category: balance (top up the account), auth (credentials, "+
			"signature, clock), account (account state), application, client, validation, not_found, content, "+
			"rate_limit, platform (the platform's fault), unknown (a code the catalog lacks), unparsed, transport (no reply).",
		unitPerSecond, query(n.failuresByCategory(s), "{{category}}")))
}

// stacked stacks a time series panel's lines, filled: parts of a whole.
func stacked(p *timeseries.PanelBuilder) *timeseries.PanelBuilder {
	return p.Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal)).FillOpacity(60)
}

// failuresByCodeTable lists the failures a counter (calls or recipients) counted over the
// dashboard's range by operation and code, one row each, with the code's meaning (Chinese and
// English) from the catalog; what says what the counter counts.
func (n names) failuresByCodeTable(title, what, counter string, catalog []codes.Code) *table.PanelBuilder {
	return table.NewPanelBuilder().
		Title(title).
		Description(what+" over the dashboard's time range, one row per operation and return code. "+
			"The meaning column shows the platform's text for the code (中文 — English) from the ucpobs catalog; "+
			"other is a code the catalog lacks, none a reply without a code, transport a call that got no reply. "+
			"Look a code up with `ucpcode <code>` or in docs/codes.md.").
		Unit(unitCount).Decimals(0).
		Datasource(datasourceRef()).
		Span(24).Height(10).
		WithTarget(instant(n.failuresByCode(counter)).Format(prometheus.PromQueryFormatTable).RefId("A")).
		WithTransformation(dashboard.DataTransformerConfig{
			Id: "organize",
			Options: map[string]any{
				"excludeByName": map[string]bool{"Time": true},
				"indexByName":   map[string]int{"operation": 0, "code": 1, "meaning": 2, "category": 3, "Value": 4},
				"renameByName":  map[string]string{"Value": "failures"},
			},
		}).
		OverrideByName("meaning", []dashboard.DynamicConfigValue{
			{Id: "mappings", Value: CodeMappings(catalog)},
			{Id: "custom.minWidth", Value: 360},
		}).
		SortBy([]cog.Builder[common.TableSortByFieldState]{sortDesc("failures")})
}

// sortDesc sorts a table by the named column, largest first.
type sortDesc string

func (s sortDesc) Build() (common.TableSortByFieldState, error) {
	return common.TableSortByFieldState{DisplayName: string(s), Desc: ptr(true)}, nil
}

// categoryStat shows the failures of one category over the dashboard's range: green at 0, red
// from the first failure.
func (n names) categoryStat(s Side, category, title, description string) *stat.PanelBuilder {
	return stat.NewPanelBuilder().
		Title(title).Description(description).Unit(unitCount).Decimals(0).
		Datasource(datasourceRef()).
		Span(6).Height(5).
		WithTarget(instant(n.failuresOfCategory(s, category)).RefId("A")).
		ColorMode(common.BigValueColorModeBackground).
		GraphMode(common.BigValueGraphModeNone).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		Thresholds(dashboard.NewThresholdsConfigBuilder().
			Mode(dashboard.ThresholdsModeAbsolute).
			Steps([]dashboard.Threshold{{Value: nil, Color: "green"}, {Value: ptr(1.0), Color: "red"}}))
}

// balanceThresholds are red below balanceFloor, green from it.
func balanceThresholds() *dashboard.ThresholdsConfigBuilder {
	return dashboard.NewThresholdsConfigBuilder().
		Mode(dashboard.ThresholdsModeAbsolute).
		Steps([]dashboard.Threshold{{Value: nil, Color: "red"}, {Value: ptr(balanceFloor), Color: "green"}})
}

// balanceStat shows each account's latest balance: red below the floor of UcpaasBalanceLow.
func (n names) balanceStat() *stat.PanelBuilder {
	return stat.NewPanelBuilder().
		Title("Account balance (账户余额)").
		Description(fmt.Sprintf("The balance of each account, in yuan, as the latest account-info reply reported it "+
			"("+n.metric(accountBalance)+", by masked account SID). Only processes that ask for the account's info export it: "+
			"poll it every few minutes (examples/accountpoll). Red below %.0f yuan, the floor of the alert UcpaasBalanceLow, "+
			"which also fires when the balance, falling as fast as over the last 30 minutes, would run out within a day.", balanceFloor)).
		Unit(unitYuan).Decimals(2).
		Datasource(datasourceRef()).
		Span(6).Height(5).
		WithTarget(instant(n.balanceByAccount()).LegendFormat("{{account}}").RefId("A")).
		ColorMode(common.BigValueColorModeBackground).
		GraphMode(common.BigValueGraphModeNone).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		Thresholds(balanceThresholds())
}

// balanceTrendPanel shows each account's balance over time, with the floor as a dashed line.
func (n names) balanceTrendPanel() *timeseries.PanelBuilder {
	return timeSeries("Balance by account",
		fmt.Sprintf("The balance of each account, in yuan, over time ("+n.metric(accountBalance)+", by masked account SID): it "+
			"falls as calls are charged and jumps at a top-up. The dashed line is %.0f yuan, the floor of the alert "+
			"UcpaasBalanceLow; a steady fall that would reach 0 within a day fires it too.", balanceFloor),
		unitYuan, query(n.balanceByAccount(), "{{account}}")).
		Span(24).Height(7).
		Thresholds(balanceThresholds()).
		ThresholdsStyle(common.NewGraphThresholdsStyleConfigBuilder().Mode(common.GraphThresholdsStyleModeDashed))
}

// latencyPanel shows p50, p95, p99 and the mean of the duration of the calls together.
func (n names) latencyPanel(s Side, title, what string) *timeseries.PanelBuilder {
	return timeSeries(title,
		what+", every outcome together: median, 95th and 99th percentile, estimated from the histogram "+
			"buckets ("+n.sided(s, "request_duration_seconds")+", bounds 10 ms to 30 s), and the mean (sum / count). "+
			"By default ucpobs keeps one histogram per process and side, so these are of all operations whatever the "+
			"operation filter; applications built with metrics.WithDurationByOperation keep one per operation, and their "+
			"lines follow the filter. "+
			"A quantile is interpolated inside its bucket: a mean far outside the p50–p99 span means the buckets do not "+
			"fit the latency (metrics.WithDurationBuckets).",
		unitSeconds,
		query(n.latencyOverall(s, "0.50"), "p50"),
		query(n.latencyOverall(s, "0.95"), "p95"),
		query(n.latencyOverall(s, "0.99"), "p99"),
		query(n.latencyMean(s), "mean"))
}

// latencyByOperationPanel shows the 95th percentile of the call duration by operation.
func (n names) latencyByOperationPanel(s Side, title, what string) *timeseries.PanelBuilder {
	return timeSeries(title,
		what+": the 95th percentile by operation, estimated from the histogram buckets ("+n.sided(s, "request_duration_seconds")+
			"). An operation whose line leaves the others is slow on its own. Only applications built with "+
			"metrics.WithDurationByOperation (14 series per operation and process) measure each operation: the others "+
			"keep one histogram for all their calls, shown as the single line \""+allOperations+"\".",
		unitSeconds, query(n.latency(s, "0.95"), "{{operation}}"))
}

// recipientFailureRatioPanel shows the failed share of the recipients of batch sends by job,
// operation and code, from the recording rule.
func (n names) recipientFailureRatioPanel(s Side) *timeseries.PanelBuilder {
	return timeSeries("Recipient failure ratio by code",
		"Share of the recipients of batch sends (one result per element of the reply's report array) that failed "+
			"with each return code over 5 minutes, one line per job, operation and code; an operation's codes add up to "+
			"its failed share. A batch call can succeed (code 000000) while some of its recipients fail: invalid numbers "+
			"(100006), blacklisted (105107), repeated in the batch (105138). Read from the recording rule "+n.recipientFailureRatio(s)+
			" (load rules/ucpaas_recording_rules.yml); the table below gives each code's "+
			"meaning. The alert UcpaasRecipientFailuresHigh fires when more than 20% of the recipients fail for 10 minutes.",
		unitRatio, query(n.recipientFailureRatioByCode(s), "{{job}} {{operation}} {{code}}"))
}

// recipientsByCategoryPanel stacks the recipient results of batch sends per second by category.
func (n names) recipientsByCategoryPanel(s Side) *timeseries.PanelBuilder {
	return stacked(timeSeries("Recipients by category",
		"Recipient results of batch sends per second, stacked by category: ok, and who has to act on each failure "+
			"(validation: a malformed or repeated number; content: blacklisted; …). The calls themselves are counted "+
			"in the panels above.",
		unitPerSecond, query(n.recipientsByCategory(s), "{{category}}")))
}

// serverFailuresByCodePanel shows the failures served per second by operation and code.
func (n names) serverFailuresByCodePanel() *timeseries.PanelBuilder {
	return timeSeries("Failures served by code",
		"Failed answers served per second (middleware.NewHandler), by operation and return code; only codes "+
			"that occur. The table below gives each code's meaning.",
		unitPerSecond, query(n.failuresByCodeRate(Server), "{{operation}} {{code}}"))
}

// instrumentationErrorsPanel shows the panics ucpobs recovered in its hooks and sinks, by side and
// stage; each line turns red above 0.
func (n names) instrumentationErrorsPanel() *timeseries.PanelBuilder {
	return timeSeries("Instrumentation errors",
		"Panics per second that ucpobs recovered inside its own instrumentation, by side (client: "+
			"middleware.NewTransport, server: middleware.NewHandler) and stage: operation or level (your "+
			"operation or level function), logging (the zap core), tracing (the TracerProvider), metrics, extract "+
			"(reading the return code), observer (your WithObserver function), other. The calls went on unharmed, but their logs, spans or metrics are "+
			"incomplete. 0 is normal; a line turns red above 0. Not filtered by operation (the metric has no "+
			"operation label). The alert UcpaasInstrumentationErrors fires on it; the runbook says what to do.",
		unitCountRate, query(n.instrumentationErrorRate(), "{{side}} {{stage}}")).
		Span(24).
		Thresholds(dashboard.NewThresholdsConfigBuilder().
			Mode(dashboard.ThresholdsModeAbsolute).
			Steps([]dashboard.Threshold{{Value: nil, Color: "green"}, {Value: ptr(aboveZero), Color: "red"}})).
		ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdThresholds)).
		GradientMode(common.GraphGradientModeScheme)
}

// unknownCodesPanel shows the failures whose code the catalog lacks, on both sides.
func (n names) unknownCodesPanel() *timeseries.PanelBuilder {
	return timeSeries("Unknown return codes (code=\"other\")",
		"Failures per interval whose return code the ucpobs catalog lacks (label code=\"other\", category "+
			"unknown), by operation, on the client side (calls made) and the server side (answers served). 0 for "+
			"an operation called without such a code. Anything above 0 means the platform returns a code ucpobs "+
			"does not know: find it in the logs (field ucpaas.code), then update ucpobs or add it with codes.NewCatalog. "+
			"The alert UcpaasUnknownCodes fires on it.",
		unitCount,
		query(n.unknownCodes(Client), "client {{operation}}"),
		query(n.unknownCodes(Server), "server {{operation}}")).Span(24)
}
