// Package dashlint reads a Grafana dashboard's JSON (the classic schema the ucpobs dashboard is
// written in) and checks it against the rules the ucpobs dashboard follows: every panel has a
// title, description and unit and reads from the datasource variable; every query selects
// job=~"$job" and operation=~"$operation" (job alone on a metric without an operation label) and
// wraps every counter in rate or increase over $__rate_interval or $__range; tables of return
// codes map every code to its meaning; stats turn red from the first failure. Grafana's own linter
// cannot be installed where ucpobs is built, so these rules are ours.
package dashlint

import (
	"encoding/json"
	"fmt"
)

// Dashboard is the part of a dashboard's JSON the rules read.
type Dashboard struct {
	UID        string `json:"uid"`
	Title      string `json:"title"`
	Templating struct {
		List []Variable `json:"list"`
	} `json:"templating"`
	Panels []Panel `json:"panels"`
}

// Variable is a template variable.
type Variable struct {
	Type       string          `json:"type"`
	Name       string          `json:"name"`
	Query      json.RawMessage `json:"query"`
	Datasource *Ref            `json:"datasource"`
	Multi      bool            `json:"multi"`
	IncludeAll bool            `json:"includeAll"`
}

// QueryText is the variable's query: a string, or the "query" member of an object.
func (v Variable) QueryText() string {
	var s string
	if json.Unmarshal(v.Query, &s) == nil {
		return s
	}
	var obj struct {
		Query string `json:"query"`
	}
	if json.Unmarshal(v.Query, &obj) == nil {
		return obj.Query
	}
	return ""
}

// Ref is a datasource reference.
type Ref struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// Panel is a panel or a row (Type "row"; a collapsed row holds its panels in Panels).
type Panel struct {
	ID          int      `json:"id"`
	Type        string   `json:"type"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Datasource  *Ref     `json:"datasource"`
	Targets     []Target `json:"targets"`
	FieldConfig struct {
		Defaults struct {
			Unit       string      `json:"unit"`
			Mappings   []Mapping   `json:"mappings"`
			Thresholds *Thresholds `json:"thresholds"`
			Color      struct {
				Mode string `json:"mode"`
			} `json:"color"`
		} `json:"defaults"`
		Overrides []struct {
			Properties []struct {
				ID    string          `json:"id"`
				Value json.RawMessage `json:"value"`
			} `json:"properties"`
		} `json:"overrides"`
	} `json:"fieldConfig"`
	Panels []Panel `json:"panels"`
}

// Target is one query of a panel.
type Target struct {
	RefID        string `json:"refId"`
	Expr         string `json:"expr"`
	LegendFormat string `json:"legendFormat"`
	Instant      bool   `json:"instant"`
	Datasource   *Ref   `json:"datasource"`
}

// Mapping is a value mapping; only value-to-text mappings ("type": "value") carry Options.
type Mapping struct {
	Type    string `json:"type"`
	Options map[string]struct {
		Text string `json:"text"`
	} `json:"options"`
}

// Thresholds are a panel's colour steps; the first step's Value is null (minus infinity).
type Thresholds struct {
	Mode  string `json:"mode"`
	Steps []struct {
		Value *float64 `json:"value"`
		Color string   `json:"color"`
	} `json:"steps"`
}

// Parse reads a dashboard's JSON.
func Parse(data []byte) (Dashboard, error) {
	var d Dashboard
	if err := json.Unmarshal(data, &d); err != nil {
		return Dashboard{}, fmt.Errorf("dashboard JSON: %w", err)
	}
	return d, nil
}

// Visible returns the dashboard's panels that are not rows, in order, including those inside
// collapsed rows.
func (d Dashboard) Visible() []Panel {
	var out []Panel
	for _, p := range d.Panels {
		if p.Type != "row" {
			out = append(out, p)
			continue
		}
		for _, inner := range p.Panels {
			if inner.Type != "row" {
				out = append(out, inner)
			}
		}
	}
	return out
}

// Variable returns the template variable called name.
func (d Dashboard) Variable(name string) (Variable, bool) {
	for _, v := range d.Templating.List {
		if v.Name == name {
			return v, true
		}
	}
	return Variable{}, false
}

// Mappings returns the text of every value mapping of the panel, by value: its defaults and its
// overrides.
func (p Panel) Mappings() map[string]string {
	out := map[string]string{}
	add := func(ms []Mapping) {
		for _, m := range ms {
			if m.Type != "value" {
				continue
			}
			for value, result := range m.Options {
				out[value] = result.Text
			}
		}
	}
	add(p.FieldConfig.Defaults.Mappings)
	for _, o := range p.FieldConfig.Overrides {
		for _, prop := range o.Properties {
			if prop.ID != "mappings" {
				continue
			}
			var ms []Mapping
			if json.Unmarshal(prop.Value, &ms) == nil {
				add(ms)
			}
		}
	}
	return out
}
