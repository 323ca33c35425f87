// Tests of the example Alertmanager configuration with amtool: it is valid (amtool check-config),
// it routes the alerts as the runbook says (amtool config routes test), and its inhibit rules name
// alerts that exist.
package monitoring

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var alertmanagerPath = filepath.Join("alertmanager", "alertmanager.yml")

// amtool returns the path of amtool (see tool).
func amtool(t *testing.T) string { return tool(t, "amtool", "prometheus-alertmanager") }

// runAmtool runs amtool with args (see runTool).
func runAmtool(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	return runTool(t, ".", amtool(t), args...)
}

func TestAlertmanagerConfigValid(t *testing.T) {
	out, ok := runAmtool(t, "check-config", alertmanagerPath)
	if !ok {
		t.Fatalf("amtool check-config failed:\n%s", out)
	}
	for _, want := range []string{"SUCCESS", "2 inhibit rules", "2 receivers"} {
		if !strings.Contains(out, want) {
			t.Errorf("amtool check-config output lacks %q:\n%s", want, out)
		}
	}
}

// TestAlertmanagerCheckCatchesBrokenConfig makes sure the check can fail: a route to a receiver
// that does not exist is rejected.
func TestAlertmanagerCheckCatchesBrokenConfig(t *testing.T) {
	broken := strings.Replace(readFile(t, alertmanagerPath), "  - name: ucpaas-pager\n", "  - name: ucpaas-pager-renamed\n", 1)
	path := filepath.Join(t.TempDir(), "alertmanager.yml")
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := runAmtool(t, "check-config", path); ok {
		t.Fatalf("amtool check-config accepted a route to a missing receiver:\n%s", out)
	}
}

func TestAlertmanagerRoutes(t *testing.T) {
	tests := []struct {
		labels []string
		want   string
	}{
		{[]string{"alertname=UcpaasBalanceInsufficient", "severity=critical", "job=billing", "side=client"}, "ucpaas-pager"},
		{[]string{"alertname=UcpaasAuthFailing", "severity=critical", "job=billing", "side=server"}, "ucpaas-pager"},
		{[]string{"alertname=UcpaasFailureRatioHigh", "severity=warning", "job=billing", "side=client"}, "ucpaas-tickets"},
		{[]string{"alertname=UcpaasBalanceLow", "severity=warning", "job=billing", "account=AC…1234"}, "ucpaas-tickets"},
		{[]string{"alertname=UcpaasUnknownCodes", "severity=info", "job=billing", "side=client"}, "ucpaas-tickets"},
	}
	for _, tt := range tests {
		t.Run(tt.labels[0], func(t *testing.T) {
			out, ok := runAmtool(t, append([]string{"config", "routes", "test", "--config.file=" + alertmanagerPath}, tt.labels...)...)
			// The receiver is the last line; a local amtool config may add a warning before it.
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if got := lines[len(lines)-1]; !ok || got != tt.want {
				t.Errorf("amtool config routes test %v = %q (ok %v), want %q", tt.labels, out, ok, tt.want)
			}
		})
	}
}

// TestAlertmanagerConfigNamesRealAlerts checks the grouping the runbook promises and that every
// alert name in a matcher is one of the rules'.
func TestAlertmanagerConfigNamesRealAlerts(t *testing.T) {
	cfg := readFile(t, alertmanagerPath)
	if !strings.Contains(cfg, "group_by: [alertname, job, side]\n") {
		t.Error("the route does not group by alertname, job and side")
	}
	names := regexp.MustCompile(`Ucpaas[A-Z][A-Za-z]+`).FindAllString(cfg, -1)
	if len(names) < 6 {
		t.Fatalf("the configuration names %d alerts, want those of the inhibit rules", len(names))
	}
	for _, n := range names {
		if !slices.Contains(alertNames, n) {
			t.Errorf("the configuration names %s, which no rule defines", n)
		}
	}
}
