module github.com/ucpobs/ucpobs/monitoring

go 1.26.0

require go.uber.org/goleak v1.3.0

require (
	github.com/grafana/grafana-foundation-sdk/go v0.0.22
	github.com/ucpobs/ucpobs v0.0.0
)

replace github.com/ucpobs/ucpobs => ../
