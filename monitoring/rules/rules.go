// Package rules renders the Prometheus alerting and recording rules for ucpobs metrics.
//
// The rule files committed next to this file (ucpaas_alerts.yml, ucpaas_recording_rules.yml) are
// rendered with DefaultConfig and can be loaded as they are. Following the monitoring-mixin
// convention, the label matchers that pick the ucpobs targets live in one place, Config.Selector;
// render your own copy with another selector with
//
//	go run github.com/ucpobs/ucpobs/monitoring/rules/cmd/ucpaas-rules -selector 'job="billing"' -out .
package rules

//go:generate go run ./cmd/ucpaas-rules -out .

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"strings"
	"text/template"
)

// DefaultSelector matches every target that has a job label, i.e. every scraped target.
const DefaultSelector = `job=~".+"`

// DefaultRunbookURL is the runbook every alert's runbook_url points into (plus "#<alert name>").
const DefaultRunbookURL = "https://github.com/ucpobs/ucpobs/blob/main/docs/runbook.md"

// The file names Render produces, in the order Files returns them.
const (
	AlertsFile    = "ucpaas_alerts.yml"
	RecordingFile = "ucpaas_recording_rules.yml"
)

// Config is what a user may change in the rules.
type Config struct {
	// Selector holds the label matchers, without braces, added to every metric selector of every
	// rule, e.g. `job="billing"` or `job=~"billing|gateway",namespace="prod"`. Default
	// DefaultSelector.
	Selector string
	// RunbookURL is the address of the runbook; each alert links to RunbookURL + "#" + the
	// lower-cased alert name. Default DefaultRunbookURL.
	RunbookURL string
}

// DefaultConfig returns the configuration the committed rule files are rendered with.
func DefaultConfig() Config {
	return Config{Selector: DefaultSelector, RunbookURL: DefaultRunbookURL}
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
// ucpaas_server_… (NewHandler). Every rule exists once per side.
var sides = []string{"client", "server"}

// Files renders the alerting and the recording rule file for cfg. It returns an error when
// cfg.Selector or cfg.RunbookURL is unusable; it never returns a partial result.
func Files(cfg Config) ([]File, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	data := struct {
		Sides      []string
		RunbookURL string
	}{Sides: sides, RunbookURL: cfg.RunbookURL}
	funcs := template.FuncMap{
		// sel renders a metric's label matchers: the configured selector plus the given ones.
		"sel": func(extra ...string) string {
			matchers := []string{cfg.Selector}
			for _, m := range extra {
				if m != "" {
					matchers = append(matchers, m)
				}
			}
			return "{" + strings.Join(matchers, ",") + "}"
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

// validate rejects configurations that would produce broken PromQL or YAML. It checks the shape
// only; promtool checks the PromQL itself.
func (c Config) validate() error {
	sel := strings.TrimSpace(c.Selector)
	switch {
	case sel == "":
		return errors.New("rules: empty selector (use DefaultSelector to match every job)")
	case strings.ContainsAny(c.Selector, "{}\n\r"):
		return fmt.Errorf("rules: selector %q must be label matchers without braces or newlines", c.Selector)
	case !strings.Contains(sel, "="):
		return fmt.Errorf("rules: selector %q holds no label matcher", c.Selector)
	case strings.HasSuffix(sel, ","):
		return fmt.Errorf("rules: selector %q ends with a comma", c.Selector)
	}
	if c.RunbookURL == "" || strings.ContainsAny(c.RunbookURL, "# \n\r'\"") {
		return fmt.Errorf("rules: runbook URL %q must be non-empty, without fragment, quotes or spaces", c.RunbookURL)
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
