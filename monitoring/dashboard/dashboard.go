// Package dashboard builds the ucpobs Grafana dashboard: calls, failures by category and by
// return code (with each code's meaning from the catalog), the account balance and
// balance/auth/account failures, latency, the recipients of batch sends, the server side, unknown
// codes and panics recovered in ucpobs's instrumentation, over the metrics of
// middleware.NewTransport and middleware.NewHandler.
//
// The committed ../dashboards/ucpaas.json is JSON(codes.All()); regenerate it with
// `go generate ./dashboard` (in the monitoring module) after changing this package or the catalog.
package dashboard

// The SDK marks the classic dashboard schema deprecated in favour of dashboardv2, which only
// Grafana 12 with the dashboardNewLayouts feature can import; the classic schema imports into every
// Grafana in use, so the dashboard stays on it.
//lint:file-ignore SA1019 the classic schema (dashboard.Dashboard) is the one every Grafana imports

//go:generate go run ./cmd/ucpaas-dashboard -out ../dashboards/ucpaas.json

import (
	"encoding/json"
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/ucpobs/ucpobs/codes"
)

// UID is the dashboard's uid: stable, so that re-importing replaces the dashboard.
const UID = "ucpaas-failure-codes"

// Title is the dashboard's title.
const Title = "UCPaaS calls and return codes (ucpobs)"

// startTime is the gauge metrics.New exports from the start (after the namespace): the one metric
// every instrumented process has, the Unix time its counters were 0. It has no operation label,
// so its selector is jobSelector alone.
const startTime = "metrics_start_time_seconds"

// New builds the dashboard; catalog gives the codes whose meanings the failures-by-code tables
// show (codes.All() for the catalog ucpobs ships). Without options it reads the metrics of the
// default namespace, ucpaas_….
func New(catalog []codes.Code, opts ...Option) (dashboard.Dashboard, error) {
	cfg := config{namespace: DefaultNamespace}
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&cfg)
		}
	}
	if !namespaceRe.MatchString(cfg.namespace) {
		return dashboard.Dashboard{}, fmt.Errorf("namespace %q must be letters, digits and underscores, not starting with a digit", cfg.namespace)
	}
	n := names{ns: cfg.namespace}
	b := dashboard.NewDashboardBuilder(Title).
		Uid(UID).
		Description("Calls to the 云之讯 UCPaaS platform and the return codes it answered, as counted by ucpobs "+
			"(middleware.NewTransport on the client side, middleware.NewHandler on the server side).").
		Tags([]string{"ucpaas", "ucpobs"}).
		Editable().
		Timezone(common.TimeZoneBrowser).
		Time("now-1h", "now").
		Refresh("30s").
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Variables(n.variables()).
		WithRow(dashboard.NewRowBuilder("Calls (client side: middleware.NewTransport)")).
		WithPanel(n.callRatePanel(Client, "Calls by operation",
			"Calls the application made to the platform per second, by operation (every outcome).")).
		WithPanel(n.failureRatioPanel(Client)).
		WithPanel(n.failuresByCategoryPanel(Client)).
		WithPanel(n.latencyPanel(Client, "Latency (p50, p95, p99, mean)",
			"Duration of the calls from start until the return code was known")).
		WithPanel(n.latencyByOperationPanel(Client, "Latency p95 by operation", "Duration of the calls").Span(24)).
		WithRow(dashboard.NewRowBuilder("Money, credentials and account: alerting categories")).
		WithPanel(n.balanceStat()).
		WithPanel(n.categoryStat(Client, "balance", "Balance failures (余额不足)",
			"Calls refused because the account or a sub-account lacks balance (category balance, e.g. 100001 "+
				"余额不足) over the dashboard's time range. Red from the first one: top up the account. "+
				"The alert UcpaasBalanceInsufficient fires on it.")).
		WithPanel(n.categoryStat(Client, "auth", "Auth failures (鉴权失败)",
			"Calls refused for credentials: wrong token or signature, expired timestamp (clock skew), unknown "+
				"account SID (category auth, e.g. 101116, 101115, 101106) over the dashboard's time range. "+
				"Red from the first one. The alert UcpaasAuthFailing fires on it.")).
		WithPanel(n.categoryStat(Client, "account", "Account failures (账户异常)",
			"Calls refused because of the account's state: frozen, closed, not verified (category account) over "+
				"the dashboard's time range. Red from the first one. The alert UcpaasAccountUnavailable fires on it.")).
		WithPanel(n.balanceTrendPanel()).
		WithRow(dashboard.NewRowBuilder("Failures by return code")).
		WithPanel(n.failuresByCodeTable("Failures by return code (client side)", "Failures", n.failures(Client), catalog)).
		WithRow(dashboard.NewRowBuilder("Batch sends: recipients (client side)")).
		WithPanel(n.recipientFailureRatioPanel(Client)).
		WithPanel(n.recipientsByCategoryPanel(Client)).
		WithPanel(n.failuresByCodeTable("Recipient failures by return code (client side)",
			"Recipients of batch sends that failed", n.recipientFailures(Client), catalog)).
		WithRow(dashboard.NewRowBuilder("Server side (answers served: middleware.NewHandler)")).
		WithPanel(n.callRatePanel(Server, "Answers served by operation",
			"Answers served per second in the platform's format, by operation (every outcome).")).
		WithPanel(n.serverFailuresByCodePanel()).
		WithPanel(n.latencyPanel(Server, "Latency (server side: p50, p95, p99, mean)",
			"Duration of the answers served, from the start of the handler until it returned")).
		WithPanel(n.latencyByOperationPanel(Server, "Latency p95 by operation (server side)", "Duration of the answers served")).
		WithPanel(n.failuresByCodeTable("Failures served by return code (server side)", "Failures served", n.failures(Server), catalog)).
		WithRow(dashboard.NewRowBuilder("Unknown return codes")).
		WithPanel(n.unknownCodesPanel()).
		WithRow(dashboard.NewRowBuilder("ucpobs itself: instrumentation errors")).
		WithPanel(n.instrumentationErrorsPanel())

	d, err := b.Build()
	if err != nil {
		return dashboard.Dashboard{}, fmt.Errorf("building the dashboard: %w", err)
	}
	numberPanels(&d)
	return d, nil
}

// JSON returns the dashboard of catalog as indented JSON, ending in a newline, ready to import;
// opts are those of New.
func JSON(catalog []codes.Code, opts ...Option) ([]byte, error) {
	d, err := New(catalog, opts...)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the dashboard: %w", err)
	}
	return append(out, '\n'), nil
}

// numberPanels gives every panel and row a unique id, 1, 2, … in order.
func numberPanels(d *dashboard.Dashboard) {
	var id uint32
	for _, p := range d.Panels {
		id++
		switch {
		case p.Panel != nil:
			p.Panel.Id = ptr(id)
		case p.RowPanel != nil:
			p.RowPanel.Id = id
		}
	}
}

// variables are the dashboard's variables: the Prometheus data source, then the jobs and the
// operations to show. Every query of every panel uses all three.
func (n names) variables() []cog.Builder[dashboard.VariableModel] {
	return []cog.Builder[dashboard.VariableModel]{
		dashboard.NewDatasourceVariableBuilder("datasource").
			Label("Data source").
			Description("The Prometheus that scrapes the ucpobs metrics.").
			Type("prometheus"),
		dashboard.NewQueryVariableBuilder("job").
			Label("Job").
			Description("Scrape jobs exporting ucpobs metrics (every process has " + n.metric(startTime) + " " +
				"from metrics.New on, before its first call, whichever side it instruments).").
			Datasource(datasourceRef()).
			Query(dashboard.StringOrMap{String: ptr("label_values(" + n.metric(startTime) + ", job)")}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
			Sort(dashboard.VariableSortAlphabeticalAsc).
			Multi(true).IncludeAll(true).AllValue(".+").
			Current(allOption()),
		dashboard.NewQueryVariableBuilder("operation").
			Label("Operation").
			Description("Platform operations (ucpobs operation names) the selected jobs called or served.").
			Datasource(datasourceRef()).
			Query(dashboard.StringOrMap{String: ptr(`label_values({__name__=~"` + n.ns + `_(client|server)_requests_total",job=~"$job"}, operation)`)}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
			Sort(dashboard.VariableSortAlphabeticalAsc).
			Multi(true).IncludeAll(true).AllValue(".+").
			Current(allOption()),
	}
}

// allOption selects "All".
func allOption() dashboard.VariableOption {
	all := "$__all"
	return dashboard.VariableOption{
		Selected: ptr(true),
		Text:     dashboard.StringOrArrayOfString{ArrayOfString: []string{"All"}},
		Value:    dashboard.StringOrArrayOfString{ArrayOfString: []string{all}},
	}
}
