package metrics

import (
	"math"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/internal/redact"
)

// MaxBalanceAccounts is how many accounts, at most, get a <ns>_account_balance series. The
// balance of a further account is not exported (its calls are still counted): the first
// MaxBalanceAccounts masked account SIDs seen keep their series for the life of the Metrics.
const MaxBalanceAccounts = 16

// balances is the account balance gauge, bounded to MaxBalanceAccounts label values.
type balances struct {
	gauges *prometheus.GaugeVec
	mu     sync.Mutex
	known  map[string]prometheus.Gauge
}

func newBalances(namespace string) *balances {
	return &balances{
		gauges: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace,
			Name:      "account_balance",
			Help: "The account balance, in yuan, the latest account-info reply reported (resp.account.balance). " +
				"account: the masked account SID (first and last four characters), at most " +
				strconv.Itoa(MaxBalanceAccounts) + " accounts.",
		}, []string{"account"}),
		known: make(map[string]prometheus.Gauge, MaxBalanceAccounts),
	}
}

// set records yuan as the balance of the masked account SID account (masked again, which leaves a
// masked SID unchanged, so that a raw one never becomes a label). An empty account, a value that
// is not finite and an account beyond MaxBalanceAccounts are ignored.
func (b *balances) set(account string, yuan float64) {
	if account == "" || math.IsNaN(yuan) || math.IsInf(yuan, 0) {
		return
	}
	account = redact.ID(account)
	b.mu.Lock()
	defer b.mu.Unlock()
	g, ok := b.known[account]
	if !ok {
		if len(b.known) == MaxBalanceAccounts {
			return
		}
		g = b.gauges.WithLabelValues(account)
		b.known[account] = g
	}
	g.Set(yuan)
}
