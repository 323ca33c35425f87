package logentry_test

import (
	"context"
	"net/url"
	"time"

	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/logentry"
	"github.com/ucpobs/ucpobs/internal/observation"
)

func Example() {
	l := logentry.New(zap.NewExample(), nil) // default levels: logging.DefaultClientLevels, DefaultServerLevels

	u, _ := url.Parse("https://api.ucpaas.com/2014-06-30/Accounts/8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d/Messages/templateSMS?sig=F3A9C1E7B5D3F1A9C7E5B3D1F9A7C5E3")
	o := &observation.Observation{
		Side: observation.Client, Operation: "template_sms", Method: "POST", URL: u, StatusCode: 200,
		Duration: 35 * time.Millisecond,
	}
	o.SetReplyCode(codes.Default(), []byte("100001")) // the reply said {"resp":{"respCode":"100001"}}
	l.Log(context.Background(), o)
	// Output:
	// {"level":"error","msg":"ucpaas call","ucpaas.operation":"template_sms","ucpaas.code":"100001","ucpaas.category":"balance","ucpaas.message":"余额不足","ucpaas.message_en":"Insufficient balance","http.request.method":"POST","http.response.status_code":200,"url.full":"https://api.ucpaas.com/2014-06-30/Accounts/8a2b****6c8d/Messages/templateSMS?sig=REDACTED","error.type":"100001","duration":"35ms"}
}
