package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// alertKey is an alert name and the job it fires for.
type alertKey struct{ name, job string }

func (k alertKey) String() string { return k.name + "{job=" + k.job + "}" }

// alertLog watches the alerts of one Prometheus: it polls /api/v1/alerts every half second and
// keeps, per alert name and job, when it was first seen active (pending or firing) and first
// seen firing, and the alerts of the latest poll.
type alertLog struct {
	mu          sync.Mutex
	firstActive map[alertKey]time.Time
	firstFiring map[alertKey]time.Time
	latest      []alert
	polled      bool  // at least one poll succeeded
	err         error // the latest poll's error
}

// watchAlerts starts an alertLog on api; it stops when the test ends.
func watchAlerts(t *testing.T, api promAPI) *alertLog {
	t.Helper()
	l := &alertLog{firstActive: map[alertKey]time.Time{}, firstFiring: map[alertKey]time.Time{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			l.poll(ctx, api)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return l
}

func (l *alertLog) poll(ctx context.Context, api promAPI) {
	alerts, err := api.alerts(ctx)
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.err = err
	if err != nil {
		return
	}
	l.polled, l.latest = true, alerts
	for _, a := range alerts {
		k := alertKey{a.Labels["alertname"], a.Labels["job"]}
		if _, seen := l.firstActive[k]; !seen {
			l.firstActive[k] = now
		}
		if _, seen := l.firstFiring[k]; !seen && a.State == "firing" {
			l.firstFiring[k] = now
		}
	}
}

// firedAt returns when k was first seen firing.
func (l *alertLog) firedAt(k alertKey) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.firstFiring[k]
	return at, ok
}

// state is k's state in the latest poll: firing, pending or inactive; an error before the first
// successful poll.
func (l *alertLog) state(k alertKey) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.polled {
		return "", fmt.Errorf("no answer from /api/v1/alerts yet: %v", l.err)
	}
	s := "inactive"
	for _, a := range l.latest {
		if a.Labels["alertname"] == k.name && a.Labels["job"] == k.job {
			if a.State == "firing" {
				return "firing", nil
			}
			s = a.State
		}
	}
	return s, nil
}

// firing returns the firing alerts k of the latest poll.
func (l *alertLog) firing(k alertKey) []alert {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []alert
	for _, a := range l.latest {
		if a.Labels["alertname"] == k.name && a.Labels["job"] == k.job && a.State == "firing" {
			out = append(out, a)
		}
	}
	return out
}

// everActive lists the alerts ever seen active (pending or firing) whose name is in names, or
// every alert when names is empty, with when they were first seen active.
func (l *alertLog) everActive(since time.Time, names ...string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for k, at := range l.firstActive {
		if len(names) == 0 || slices.Contains(names, k.name) {
			out = append(out, fmt.Sprintf("%s (active from %s)", k, at.Sub(since).Round(time.Second)))
		}
	}
	slices.Sort(out)
	return out
}

// describe lists the alerts of the latest poll as name{job,side}=state.
func (l *alertLog) describe() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, a := range l.latest {
		out = append(out, fmt.Sprintf("%s{job=%s,side=%s}=%s", a.Labels["alertname"], a.Labels["job"], a.Labels["side"], a.State))
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, " ")
}

// waitState waits until k has been in state want (firing, or inactive) for at least stable, and
// returns when it first saw it there. (Under load an evaluation of a big rule group can take
// seconds and an alert can drop out for one: stable keeps such a blink from passing for a
// resolution.)
func (l *alertLog) waitState(ctx context.Context, t *testing.T, k alertKey, want string, stable, wait time.Duration) time.Time {
	t.Helper()
	var since time.Time
	waitFor(ctx, t, fmt.Sprintf("%s %s for %s", k, want, stable), wait, func() error {
		s, err := l.state(k)
		switch {
		case err != nil:
			return err
		case s != want:
			since = time.Time{}
			return fmt.Errorf("%s is %s; active: %s", k, s, l.describe())
		case since.IsZero():
			since = time.Now()
		}
		if held := time.Since(since); held < stable {
			return fmt.Errorf("%s %s for %s only", k, want, held.Round(time.Second))
		}
		return nil
	})
	return since
}
