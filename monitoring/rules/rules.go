// Package rules renders the Prometheus alerting and recording rules for ucpobs metrics.
//
// The rule files committed next to this file (ucpaas_alerts.yml, ucpaas_recording_rules.yml) are
// rendered with DefaultConfig and can be loaded as they are. Following the monitoring-mixin
// convention, the label matchers that pick the ucpobs targets live in one place, Config.Selector;
// render your own copy with another selector, from the root of a checkout of ucpobs, with
//
//	go run ./monitoring/rules/cmd/ucpaas-rules -selector 'job="billing"' -out /etc/prometheus
package rules

//go:generate go run ./cmd/ucpaas-rules -out .

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/monitoring/internal/firstfailure"
)

// DefaultNamespace is the namespace of the metrics ucpobs exports unless metrics.WithNamespace
// sets another: their names start with "ucpaas_".
const DefaultNamespace = "ucpaas"

// DefaultSelector matches every target that has a job label, i.e. every scraped target.
const DefaultSelector = `job=~".+"`

// DefaultRunbookURL is the runbook every alert's runbook_url points into (plus "#<alert name>").
const DefaultRunbookURL = "https://github.com/ucpobs/ucpobs/blob/main/docs/runbook.md"

// Defaults of the thresholds a user may change.
const (
	// DefaultBalanceFloor is the balance, in yuan, under which UcpaasBalanceLow fires.
	DefaultBalanceFloor = 100.0
	// DefaultBalanceHorizon is how far ahead UcpaasBalanceLow projects the balance: it fires when
	// the balance, falling as fast as over the last 30 minutes, reaches zero within it.
	DefaultBalanceHorizon = 24 * time.Hour
	// DefaultRecipientFailureRatio is the share of the recipients of batch sends whose failure
	// makes UcpaasRecipientFailuresHigh fire (for 10 minutes).
	DefaultRecipientFailureRatio = 0.2
)

// The file names Render produces, in the order Files returns them.
const (
	AlertsFile    = "ucpaas_alerts.yml"
	RecordingFile = "ucpaas_recording_rules.yml"
)

// Config is what a user may change in the rules.
type Config struct {
	// Namespace is the prefix of the metric names the rules read, the value given to
	// metrics.WithNamespace in the application (after its sanitising: letters, digits and
	// underscores, not starting with a digit). The recorded series are named after it too
	// (<Namespace>:client_failures:count5m, <Namespace>:code_info); the alert names stay.
	// Default DefaultNamespace; the empty namespace (metrics without a prefix) is rejected.
	Namespace string
	// Selector holds the label matchers, without braces, added to every metric selector of every
	// rule, e.g. `job="billing"` or `job=~"billing|gateway",namespace="prod"`. Default
	// DefaultSelector.
	Selector string
	// RunbookURL is the address of the runbook; each alert links to RunbookURL + "#" + the
	// lower-cased alert name. Default DefaultRunbookURL.
	RunbookURL string
	// BalanceFloor is the account balance, in yuan, under which UcpaasBalanceLow fires. Default
	// DefaultBalanceFloor; 0 turns the floor off (the projection stays).
	BalanceFloor float64
	// BalanceHorizon is how far ahead UcpaasBalanceLow projects the balance (whole minutes, at
	// least one). Default DefaultBalanceHorizon.
	BalanceHorizon time.Duration
	// RecipientFailureRatio is the share of failed recipients, in (0, 1), above which
	// UcpaasRecipientFailuresHigh fires. Default DefaultRecipientFailureRatio.
	RecipientFailureRatio float64
}

// DefaultConfig returns the configuration the committed rule files are rendered with.
func DefaultConfig() Config {
	return Config{
		Namespace:             DefaultNamespace,
		Selector:              DefaultSelector,
		RunbookURL:            DefaultRunbookURL,
		BalanceFloor:          DefaultBalanceFloor,
		BalanceHorizon:        DefaultBalanceHorizon,
		RecipientFailureRatio: DefaultRecipientFailureRatio,
	}
}

// File is one rendered rule file.
type File struct {
	// Name is the file's base name, AlertsFile or RecordingFile.
	Name string
	// Content is the YAML text of the rule file.
	Content []byte
}

//go:embed *.yml.tmpl
var templates embed.FS

// sides are the two metric families ucpobs exports: ucpaas_client_… (NewTransport) and
// ucpaas_server_… (NewHandler). Every rule on them exists once per side.
var sides = []string{"client", "server"}

// startTime is the gauge metrics.New exports, after the namespace: when the process's counters
// were 0.
const startTime = "_metrics_start_time_seconds"

// codeInfo is one series of the ucpaas:code_info recording rules: what a code label value means.
type codeInfo struct {
	Code, Category, ZH, EN string
}

// codeInfos returns the meaning of every failure code of the default catalog, then of the code
// label values that are no platform code (codes.SpecialLabels).
func codeInfos() []codeInfo {
	var out []codeInfo
	for _, c := range codes.All() {
		if c.Category != codes.CategoryOK {
			out = append(out, codeInfo{c.Value, string(c.Category), c.Message, c.English})
		}
	}
	for _, s := range codes.SpecialLabels() {
		out = append(out, codeInfo{s.Label, string(s.Category), s.Message, s.English})
	}
	return out
}

// Files renders the alerting and the recording rule file for cfg. It returns an error when a
// field of cfg is unusable; it never returns a partial result.
func Files(cfg Config) ([]File, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	data := struct {
		Sides                 []string
		RunbookURL            string
		Codes                 []codeInfo
		BalanceFloor          string
		BalanceHorizon        string
		BalanceHorizonSeconds string
		RecipientFailureRatio string
		RecipientPercent      string
	}{
		Sides:                 sides,
		RunbookURL:            cfg.RunbookURL,
		Codes:                 codeInfos(),
		BalanceFloor:          strconv.FormatFloat(cfg.BalanceFloor, 'f', -1, 64),
		BalanceHorizon:        promDuration(cfg.BalanceHorizon),
		BalanceHorizonSeconds: strconv.FormatFloat(cfg.BalanceHorizon.Seconds(), 'f', -1, 64),
		RecipientFailureRatio: strconv.FormatFloat(cfg.RecipientFailureRatio, 'f', -1, 64),
		RecipientPercent:      strconv.FormatFloat(cfg.RecipientFailureRatio*100, 'f', -1, 64) + "%",
	}
	funcs := template.FuncMap{
		"ns":     func() string { return cfg.Namespace },
		"sel":    cfg.sel,
		"recsel": recordedSel,
		"recent": cfg.recent,
		"query":  queryFormat,
		"oneline": func(s string) string {
			return strings.Join(strings.Fields(s), " ")
		},
		"quote": yamlQuote,
		"ratio": ratio,
		// indent puts n spaces after every newline of s, to nest a multi-line expression.
		"indent": func(n int, s string) string {
			return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
		},
		// args bundles key/value pairs into a map so a template block can take parameters.
		"args":  args,
		"lower": strings.ToLower,
		"list":  func(s ...string) []string { return s },
	}
	files := make([]File, 0, 2)
	for _, name := range []string{AlertsFile, RecordingFile} {
		tmpl, err := template.New(name+".tmpl").Delims("[[", "]]").Funcs(funcs).
			Option("missingkey=error").ParseFS(templates, name+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("rules: parse %s template: %w", name, err)
		}
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, data); err != nil {
			return nil, fmt.Errorf("rules: render %s: %w", name, err)
		}
		files = append(files, File{Name: name, Content: buf.Bytes()})
	}
	return files, nil
}

// sel renders a metric's label matchers: the configured selector plus the given ones.
func (c Config) sel(extra ...string) string {
	matchers := []string{c.Selector}
	for _, m := range extra {
		if m != "" {
			matchers = append(matchers, m)
		}
	}
	return "{" + strings.Join(matchers, ",") + "}"
}

// recordedSel renders the label matchers of a recorded series: none, or the given ones in braces
// (the configured selector was applied when the series was recorded).
func recordedSel(matchers ...string) string {
	var ms []string
	for _, m := range matchers {
		if m != "" {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return ""
	}
	return "{" + strings.Join(ms, ",") + "}"
}

// recent returns, for series (a metric selector or recorded series of counters, each with job
// and instance labels) and window (a PromQL duration in whole minutes), the number of failures
// each series counted within the window, also for series born at 1 (firstfailure.Count: the
// rise, young and born branches, instant lookups only, since the rules evaluate it every round
// for every series). Where a series and its process have no sample one window ago (a failed
// scrape then, a return from a gap inside the window), it counts what the series rose by since
// fallback before the end of the window; a series whose process was not scraped within the
// window's first minute either (a fresh Prometheus, a new target, a longer gap) counts nothing
// until it has a sample that old.
func (c Config) recent(series, window string) (string, error) {
	d, err := time.ParseDuration(window)
	if err != nil {
		return "", err
	}
	if d <= fallback || d%time.Minute != 0 {
		return "", fmt.Errorf("rules: window %s must be whole minutes, longer than %v", window, fallback)
	}
	return firstfailure.Count(series, c.Namespace+startTime+c.sel(), firstfailure.Window{
		Range:    window,
		Seconds:  strconv.Itoa(int(d.Seconds())),
		Fallback: promDuration(d - fallback),
	}), nil
}

// fallback is how much shorter than the window the lookup is that the count falls back on when a
// series and its process have no sample one window ago: one minute, more than the scrape interval
// of any usual setup, so that after one failed scrape (whose staleness markers hide the samples
// before it) the lookup finds the first sample after it.
const fallback = time.Minute

// ratio returns, per job and operation, the share of failures (an instant vector of failures by
// job and operation, counted over a window) in total (the calls, likewise): absent for an
// operation without calls (never NaN), 0 for one without failures.
func ratio(failures, total string) string {
	return fmt.Sprintf("sum by (job, operation) (%s)\n/\n(sum by (job, operation) (%s) > 0)", failures, total)
}

// queryFormat turns a PromQL query into a printf format for an alert annotation's template:
// "JOB" stands for %[1]q (the alert's job) and "ARG" for %[2]q (a label of the alert or of an outer
// query); every other
// % is escaped and the whitespace collapsed. The result is used in a Go template raw string, so it
// must hold no backquote (validate rejects selectors with one).
func queryFormat(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	q = strings.ReplaceAll(q, "%", "%%")
	q = strings.ReplaceAll(q, `"JOB"`, "%[1]q")
	return strings.ReplaceAll(q, `"ARG"`, "%[2]q")
}

// yamlQuote returns s as a YAML single-quoted scalar.
func yamlQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// promDuration renders d as a PromQL duration in whole hours or minutes ("24h", "90m").
func promDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
}

// validate rejects configurations that would produce broken PromQL or YAML.
func (c Config) validate() error {
	if !labelName.MatchString(c.Namespace) || strings.Contains(c.Namespace, ":") {
		return fmt.Errorf("rules: namespace %q must be letters, digits and underscores, not starting with a digit", c.Namespace)
	}
	if err := ValidateSelector(c.Selector); err != nil {
		return err
	}
	if c.RunbookURL == "" || strings.ContainsAny(c.RunbookURL, "# \n\r'\"`") {
		return fmt.Errorf("rules: runbook URL %q must be non-empty, without fragment, quotes or spaces", c.RunbookURL)
	}
	if !(c.BalanceFloor >= 0) || math.IsInf(c.BalanceFloor, 0) {
		return fmt.Errorf("rules: balance floor %v must be a number ≥ 0", c.BalanceFloor)
	}
	if c.BalanceHorizon < time.Minute || c.BalanceHorizon%time.Minute != 0 {
		return fmt.Errorf("rules: balance horizon %v must be whole minutes, at least one", c.BalanceHorizon)
	}
	if !(c.RecipientFailureRatio > 0 && c.RecipientFailureRatio < 1) {
		return fmt.Errorf("rules: recipient failure ratio %v must be between 0 and 1", c.RecipientFailureRatio)
	}
	return nil
}

// ValidateSelector returns an error, naming the problem, unless selector is a comma-separated list
// of PromQL label matchers without braces, such as `job="billing",env=~"prod|staging"`.
func ValidateSelector(selector string) error {
	if strings.TrimSpace(selector) == "" {
		return errors.New("rules: empty selector (use DefaultSelector to match every job)")
	}
	if strings.ContainsAny(selector, "{}`\n\r") {
		return fmt.Errorf("rules: selector %q must be label matchers without braces, backquotes or newlines", selector)
	}
	if strings.HasSuffix(strings.TrimSpace(selector), ",") {
		return fmt.Errorf("rules: selector %q ends with a comma", selector)
	}
	if err := parseMatchers(selector); err != nil {
		return fmt.Errorf("rules: selector %q: %w", selector, err)
	}
	return nil
}

// args turns key/value pairs into a map for a template block's parameters.
func args(kv ...string) (map[string]string, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("args: odd number of arguments %d", len(kv))
	}
	m := make(map[string]string, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m, nil
}
