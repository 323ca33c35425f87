package rules

import (
	"fmt"
	"regexp"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/promql/parser"
)

// labelName is a label name every Prometheus version accepts without quotes.
var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// parseMatchers parses selector, label matchers without braces, with the PromQL parser, as the
// matchers of a metric selector.
func parseMatchers(selector string) error {
	ms, err := parser.NewParser(parser.Options{}).ParseMetricSelector("ucpaas_metric{" + selector + "}")
	if err != nil {
		return err
	}
	for _, m := range ms {
		switch {
		case m.Name == model.MetricNameLabel && m.Value == "ucpaas_metric":
			// the metric name the selector was parsed with
		case m.Name == model.MetricNameLabel:
			return fmt.Errorf("matcher %s: the metric name is set by each rule", m)
		case !labelName.MatchString(m.Name):
			return fmt.Errorf("matcher %s: label name %q is not valid in Prometheus 2", m, m.Name)
		}
	}
	return nil
}
