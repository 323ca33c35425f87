package spans_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
)

func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	tr := spans.New(tp)

	// Around one call to the platform: Start before it, End with what was observed.
	_, span := tr.Start(context.Background(), observation.Client, "send_sms")
	o := &observation.Observation{Side: observation.Client, Operation: "send_sms", Method: "POST", StatusCode: 200}
	o.SetReplyCode(codes.Default(), []byte("100001")) // the reply said {"code":"100001"}
	span.End(o)

	s := rec.Ended()[0]
	fmt.Println(s.Name(), s.SpanKind())
	for _, kv := range s.Attributes() {
		fmt.Printf("%s=%s\n", kv.Key, kv.Value.String())
	}
	fmt.Println(s.Status().Code, s.Status().Description)
	// Output:
	// ucpaas send_sms client
	// ucpaas.operation=send_sms
	// ucpaas.code=100001
	// ucpaas.category=balance
	// ucpaas.domain=common
	// error.type=100001
	// ucpaas.error_message=Insufficient balance
	// http.request.method=POST
	// http.response.status_code=200
	// Error Insufficient balance
}
