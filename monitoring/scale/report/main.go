// Command report prints what a fleet of processes instrumented by ucpobs costs the Prometheus that
// scrapes them and evaluates the ucpobs rules: series per process by metric family, recorded
// series, the share of series that stayed at 0, NaN recorded series, rule group durations, the
// samples the rules read per evaluation round (Prometheus' query statistics) and Prometheus' own
// memory and head series. monitoring/scale/run.sh runs it at the end of a fleet simulation:
//
//	go run ./scale/report -prometheus http://127.0.0.1:9090 -processes 30 -window 390s [-check] [-max-samples-per-series 5]
//
// With -check it exits 1 when a recorded series is constant 0 or NaN (the rules must record only
// what was observed); with -max-samples-per-series, when the rules read more samples per raw
// series and evaluation round than that. It exits 2 on a bad flag, 1 when Prometheus cannot be
// asked.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ucpobs/ucpobs/monitoring/internal/promapi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the flags set.
type config struct {
	prometheus string
	processes  int
	window     time.Duration
	namespace  string
	check      bool
	// maxPerRaw, when above 0, is the most samples per raw series the rules may read per round.
	maxPerRaw float64
}

// result is what the report found that the checks judge.
type result struct {
	// badRecorded is how many recorded series are constant 0 or NaN.
	badRecorded int
	// perRaw is the samples the rules read per evaluation round, per raw series.
	perRaw float64
}

// failures returns, one sentence each, what res breaks of cfg's checks.
func (cfg config) failures(res result) []string {
	var out []string
	if cfg.check && res.badRecorded > 0 {
		out = append(out, fmt.Sprintf("%d recorded series are constant 0 or NaN", res.badRecorded))
	}
	if cfg.maxPerRaw > 0 && res.perRaw > cfg.maxPerRaw {
		out = append(out, fmt.Sprintf("the rules read %.2f samples per raw series and round, more than %g", res.perRaw, cfg.maxPerRaw))
	}
	return out
}

// run parses args, asks Prometheus and prints the report; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.prometheus, "prometheus", "http://127.0.0.1:9090", "base URL of the Prometheus that scrapes the fleet")
	fs.IntVar(&cfg.processes, "processes", 1, "number of instrumented processes it scrapes")
	fs.DurationVar(&cfg.window, "window", 5*time.Minute, "how long the fleet ran: a series that stayed 0 over it is a constant 0")
	fs.StringVar(&cfg.namespace, "namespace", "ucpaas", "metric name prefix of the fleet (metrics.WithNamespace)")
	fs.BoolVar(&cfg.check, "check", false, "exit 1 when a recorded series is constant 0 or NaN")
	fs.Float64Var(&cfg.maxPerRaw, "max-samples-per-series", 0, "exit 1 when the rules read more samples per raw series and evaluation round (0: no limit)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if cfg.processes < 1 || cfg.window < time.Second || !(cfg.maxPerRaw >= 0) || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "report: -processes must be at least 1, -window at least 1s, -max-samples-per-series at least 0, and no arguments")
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r := reporter{cfg: cfg, api: api{promapi.Client{Base: strings.TrimRight(cfg.prometheus, "/"), HTTP: &http.Client{Timeout: time.Minute}}}, out: stdout}
	res, err := r.report(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "report:", err)
		return 1
	}
	failures := cfg.failures(res)
	for _, f := range failures {
		fmt.Fprintln(stderr, "report:", f)
	}
	if len(failures) > 0 {
		return 1
	}
	return 0
}

// reporter writes the report of one Prometheus.
type reporter struct {
	cfg config
	api api
	out io.Writer
}

// report prints every section and returns what the checks judge.
func (r reporter) report(ctx context.Context) (result, error) {
	ns := regexp.QuoteMeta(r.cfg.namespace)
	raw := fmt.Sprintf(`{__name__=~"%s_.+"}`, ns)
	recorded := fmt.Sprintf(`{__name__=~"%s:.+"}`, ns)
	window := strconv.FormatInt(int64(r.cfg.window/time.Second), 10) + "s"

	rawByName, err := r.api.countByName(ctx, "count by (__name__) ("+raw+")")
	if err != nil {
		return result{}, err
	}
	recByName, err := r.api.countByName(ctx, "count by (__name__) ("+recorded+")")
	if err != nil {
		return result{}, err
	}
	// max_over_time drops the metric name: one query per name.
	rawZero, err := r.api.perName(ctx, rawByName, "count(max_over_time(%s["+window+"]) == 0)")
	if err != nil {
		return result{}, err
	}
	recZero, err := r.api.perName(ctx, recByName, "count(max_over_time(%s["+window+"]) == 0)")
	if err != nil {
		return result{}, err
	}
	recNaN, err := r.api.perName(ctx, recByName, "count(%[1]s unless %[1]s >= -Inf)")
	if err != nil {
		return result{}, err
	}
	n := float64(r.cfg.processes)

	fmt.Fprintf(r.out, "== raw %s_* series per process, by family (%d processes)\n", r.cfg.namespace, r.cfg.processes)
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "family\tseries\tper process\tconstant 0\t")
	families, famZero := byFamily(rawByName), byFamily(rawZero)
	rawTotal, rawZeroTotal := 0, 0
	for _, f := range sortedKeys(families) {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%d\t\n", f, families[f], float64(families[f])/n, famZero[f])
		rawTotal += families[f]
		rawZeroTotal += famZero[f]
	}
	fmt.Fprintf(tw, "total\t%d\t%.1f\t%d\t\n", rawTotal, float64(rawTotal)/n, rawZeroTotal)
	tw.Flush()

	fmt.Fprintf(r.out, "\n== recorded %s:* series\n", r.cfg.namespace)
	tw = tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tseries\tconstant 0\tNaN\t")
	recTotal, bad := 0, 0
	for _, name := range sortedKeys(recByName) {
		nan := recNaN[name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", name, recByName[name], recZero[name], nan)
		recTotal += recByName[name]
		bad += recZero[name] + nan
	}
	fmt.Fprintf(tw, "total\t%d\t\t\t\n", recTotal)
	tw.Flush()

	fmt.Fprintf(r.out, "\n== all %s series: %d (raw %d + recorded %d); constant 0: raw %.1f%%, recorded %d; NaN or constant-0 recorded: %d\n",
		r.cfg.namespace, rawTotal+recTotal, rawTotal, recTotal, percent(rawZeroTotal, rawTotal), sumValues(recZero), bad)

	res := result{badRecorded: bad}
	if res.perRaw, err = r.rules(ctx, rawTotal); err != nil {
		return res, err
	}
	return res, r.self(ctx)
}

// rules prints each rule group's last evaluation time and the samples each rule's expression
// reads, measured by evaluating it through the query API with stats=all; it returns the samples
// read per round per raw series.
func (r reporter) rules(ctx context.Context, rawSeries int) (float64, error) {
	var data struct {
		Groups []struct {
			Name           string  `json:"name"`
			File           string  `json:"file"`
			Interval       float64 `json:"interval"`
			EvaluationTime float64 `json:"evaluationTime"`
			Rules          []struct {
				Name  string `json:"name"`
				Query string `json:"query"`
				Type  string `json:"type"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := r.api.Data(ctx, "/api/v1/rules", nil, &data); err != nil {
		return 0, err
	}
	type cost struct {
		rule    string
		samples int64
	}
	var costs []cost
	var total int64
	fmt.Fprintln(r.out, "\n== rule groups: last evaluation, samples read per round (query stats, totalQueryableSamples)")
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\trules\tinterval\tlast duration\tsamples read\t")
	for _, g := range data.Groups {
		var groupSamples int64
		for _, rule := range g.Rules {
			s, err := r.api.samples(ctx, rule.Query)
			if err != nil {
				return 0, fmt.Errorf("rule %s: %w", rule.Name, err)
			}
			groupSamples += s
			costs = append(costs, cost{g.Name + "/" + rule.Name, s})
		}
		total += groupSamples
		fmt.Fprintf(tw, "%s\t%d\t%.0fs\t%.1f ms\t%d\t\n", g.Name, len(g.Rules), g.Interval, g.EvaluationTime*1000, groupSamples)
	}
	tw.Flush()
	perRaw := 0.0
	if rawSeries > 0 {
		perRaw = float64(total) / float64(rawSeries)
	}
	fmt.Fprintf(r.out, "samples read per round: %d (%.2f per raw series)\n", total, perRaw)
	sort.Slice(costs, func(i, j int) bool { return costs[i].samples > costs[j].samples })
	fmt.Fprintln(r.out, "rules reading the most:")
	for i := 0; i < len(costs) && i < 5; i++ {
		fmt.Fprintf(r.out, "  %10d  %s\n", costs[i].samples, costs[i].rule)
	}
	return perRaw, nil
}

// self prints Prometheus' own figures from its /metrics.
func (r reporter) self(ctx context.Context) error {
	body, err := r.api.Get(ctx, "/metrics", nil, "")
	if err != nil {
		return err
	}
	metric := func(name string) float64 {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindSubmatch(body)
		if m == nil {
			return -1
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	fmt.Fprintf(r.out, "\n== Prometheus: head series %.0f, RSS %.0f MB, Go heap in use %.0f MB, rule evaluation p99 %s\n",
		metric("prometheus_tsdb_head_series"), metric("process_resident_memory_bytes")/1e6,
		metric("go_memstats_heap_inuse_bytes")/1e6, groupP99(body))
	return nil
}

// groupP99 returns the 99th percentile of the rule group durations Prometheus reports.
func groupP99(metrics []byte) string {
	m := regexp.MustCompile(`(?m)^prometheus_rule_group_duration_seconds\{quantile="0.99"\} (\S+)$`).FindSubmatch(metrics)
	if m == nil {
		return "n/a"
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f ms", v*1000)
}

// histogramSuffix turns a histogram series name into its family's name.
var histogramSuffix = regexp.MustCompile(`_(bucket|sum|count)$`)

// byFamily adds up series counts by metric family: a histogram's _bucket, _sum and _count together.
func byFamily(byName map[string]int) map[string]int {
	histograms := map[string]bool{}
	for name := range byName {
		if strings.HasSuffix(name, "_bucket") {
			histograms[strings.TrimSuffix(name, "_bucket")] = true
		}
	}
	out := map[string]int{}
	for name, n := range byName {
		family := name
		if base := histogramSuffix.ReplaceAllString(name, ""); histograms[base] {
			family = base
		}
		out[family] += n
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sumValues(m map[string]int) int {
	total := 0
	for _, v := range m {
		total += v
	}
	return total
}

func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// api talks to Prometheus' HTTP API.
type api struct{ promapi.Client }

// countByName runs a `count by (__name__)` query and returns the counts by metric name.
func (a api) countByName(ctx context.Context, expr string) (map[string]int, error) {
	var data struct {
		Result []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := a.Data(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("query %s: value %q", expr, s)
		}
		out[r.Metric["__name__"]] = int(v)
	}
	return out, nil
}

// perName runs format, with %s (or %[1]s) the metric name, for every name of names (a query giving one
// number), and returns the results by name; no result is 0.
func (a api) perName(ctx context.Context, names map[string]int, format string) (map[string]int, error) {
	out := map[string]int{}
	for name := range names {
		var data struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		}
		expr := strings.ReplaceAll(format, "%[1]s", name)
		expr = strings.ReplaceAll(expr, "%s", name)
		if err := a.Data(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
			return nil, err
		}
		if len(data.Result) == 0 {
			continue
		}
		s, _ := data.Result[0].Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("query %s: value %q", expr, s)
		}
		out[name] = int(v)
	}
	return out, nil
}

// samples evaluates expr now and returns how many samples it read (totalQueryableSamples).
func (a api) samples(ctx context.Context, expr string) (int64, error) {
	var data struct {
		Stats struct {
			Samples struct {
				TotalQueryableSamples int64 `json:"totalQueryableSamples"`
			} `json:"samples"`
		} `json:"stats"`
	}
	err := a.Data(ctx, "/api/v1/query", url.Values{"query": {expr}, "stats": {"all"}}, &data)
	return data.Stats.Samples.TotalQueryableSamples, err
}
