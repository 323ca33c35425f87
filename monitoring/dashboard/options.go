package dashboard

import "regexp"

// DefaultNamespace is the namespace of the metrics ucpobs exports unless metrics.WithNamespace
// sets another: their names start with "ucpaas_".
const DefaultNamespace = "ucpaas"

// namespaceRe matches the namespaces metrics.WithNamespace produces, except the empty one.
var namespaceRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Option changes what New builds.
type Option interface{ apply(*config) }

// config is what the options set.
type config struct {
	namespace string
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithNamespace makes every query read the metrics of namespace ns, the value given to
// metrics.WithNamespace in the application (ns_client_requests_total, …), and the recording rules
// the rules generator renders for the same namespace (ns:client_recipient_failure_ratio:rate5m).
// Default DefaultNamespace. ns must be letters, digits and underscores, not starting with a digit
// (metrics.WithNamespace's sanitised form); New returns an error for any other value, the empty
// one included.
func WithNamespace(ns string) Option {
	return optionFunc(func(c *config) { c.namespace = ns })
}
