package logging_test

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/logging"
	"github.com/ucpobs/ucpobs/observation"
)

func Example() {
	l := logging.New(zap.NewExample(), nil) // default levels: ClientLevel, ServerLevel

	o := &observation.Observation{
		Side: observation.Client, Operation: "send_sms", Method: "POST", StatusCode: 200,
		Duration: 35 * time.Millisecond,
	}
	o.SetCode(codes.Default(), []byte("100001"), true) // the reply said {"code":"100001"}
	l.Log(context.Background(), o)
	// Output:
	// {"level":"error","msg":"ucpaas call","ucpaas.operation":"send_sms","ucpaas.code":"100001","ucpaas.category":"balance","ucpaas.message":"余额不足","ucpaas.message_en":"Insufficient balance","http.method":"POST","http.status_code":200,"duration":"35ms"}
}
