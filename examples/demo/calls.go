package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"

	"github.com/ucpobs/ucpobs/ucpaastest"
)

// callKind is one kind of call the demo's workers make, with its share of the traffic.
type callKind struct {
	weight int
	build  func(ctx context.Context, w *worker) (*http.Request, error)
}

// callKinds is the traffic mix: mostly well-formed calls of every API family the library labels
// (A in JSON and XML, A' conference and IM groups, B single and batch sends, C), and about one call
// in ten that the calling code got wrong.
var callKinds = []callKind{
	// Family A, well-formed.
	{20, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.TemplateSMS(ctx, []string{w.mobile()}, ucpaastest.DefaultTemplateCode, w.verifyCode())
	}},
	{6, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.TemplateSMS(ctx, w.mobiles(2+w.rng.IntN(3)), ucpaastest.DefaultTemplateNotice, "ORDER42", "18:30")
	}},
	{10, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.VoiceCode(ctx, w.mobile(), w.verifyCode())
	}},
	{6, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.VoiceNotify(ctx, w.mobile(), "您的快递已到达")
	}},
	{5, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.Callback(ctx, ucpaastest.DefaultClientNumber, w.mobile())
	}},
	{3, func(ctx context.Context, w *worker) (*http.Request, error) {
		w.seq++
		return w.b.CreateClient(ctx, fmt.Sprintf("demo_%d_%d", w.id, w.seq), "")
	}},
	{4, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.QueryClient(ctx, ucpaastest.DefaultClientNumber)
	}},
	{3, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.ListClients(ctx, 0, 20)
	}},
	{2, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.AccountInfo(ctx)
	}},
	{2, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.QueryClientByMobile(ctx, ucpaastest.DefaultClientMobile)
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // the 2015-06-30 SDK's query
		return w.b.RestAPI(ctx, "/ClientsByUserId", map[string]string{"appId": w.b.Account.AppID, "userId": ucpaastest.DefaultClientUserID})
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.AppBill(ctx, "day")
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.ChargeClient(ctx, ucpaastest.DefaultClientNumber, 1, false)
	}},
	// Family A' (2015-06-30), well-formed.
	{2, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.Conference(ctx, "create", map[string]string{"creator": w.mobile(), "maxMember": "5"})
	}},
	{2, func(ctx context.Context, w *worker) (*http.Request, error) {
		w.seq++
		return w.b.IMGroup(ctx, "createGroup", map[string]string{
			"groupId": fmt.Sprintf("g%d_%d", w.id, w.seq), "userId": fmt.Sprintf("u%d", w.id), "groupName": "demo",
		})
	}},
	// Family B, well-formed.
	{12, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.SendSMS(ctx, w.mobile(), ucpaastest.DefaultTemplateCode, w.verifyCode())
	}},
	{5, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.SendSMSBatch(ctx, w.mobiles(3), ucpaastest.DefaultTemplatePlain)
	}},
	{3, func(ctx context.Context, w *worker) (*http.Request, error) { // one recipient of 5 invalid: 100006 in the report
		return w.b.SendSMSBatch(ctx, append(w.mobiles(4), "1380013"), ucpaastest.DefaultTemplatePlain)
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // a number twice: 105138 in the report
		m := w.mobiles(2)
		return w.b.SendSMSBatch(ctx, append(m, m[0]), ucpaastest.DefaultTemplatePlain)
	}},
	// Family C (open2), well-formed.
	{4, func(ctx context.Context, w *worker) (*http.Request, error) {
		return w.b.VariableSMS(ctx, w.mobiles(1+w.rng.IntN(2)), ucpaastest.DefaultTemplateCode, w.verifyCode())
	}},
	// Mistakes of the calling code.
	{2, func(ctx context.Context, w *worker) (*http.Request, error) { // unknown template: 105110
		return w.b.TemplateSMS(ctx, []string{w.mobile()}, "99999", w.verifyCode())
	}},
	{2, func(ctx context.Context, w *worker) (*http.Request, error) { // bad phone number: 100006
		return w.b.TemplateSMS(ctx, []string{"1380013"}, ucpaastest.DefaultTemplateCode, w.verifyCode())
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // 101 numbers: 105120
		return w.b.TemplateSMS(ctx, w.mobiles(101), ucpaastest.DefaultTemplatePlain)
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // no template id: 105113
		return w.b.SendSMS(ctx, w.mobile(), "", w.verifyCode())
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // one parameter of two: 105112
		return w.b.TemplateSMS(ctx, []string{w.mobile()}, ucpaastest.DefaultTemplateNotice, "ORDER42")
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // a two-digit code: 104104
		return w.b.VoiceCode(ctx, w.mobile(), "42")
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // no such sub-account: 103119
		return w.b.QueryClient(ctx, "60000000009999")
	}},
	{1, func(ctx context.Context, w *worker) (*http.Request, error) { // two parameters of one: 105112
		return w.b.VariableSMS(ctx, []string{w.mobile()}, ucpaastest.DefaultTemplateCode, "1", "2")
	}},
}

// totalWeight is the sum of the weights of callKinds.
var totalWeight = func() int {
	n := 0
	for _, k := range callKinds {
		n += k.weight
	}
	return n
}()

// pick draws a call kind by weight.
func pick(rng *rand.Rand) callKind {
	n := rng.IntN(totalWeight)
	for _, k := range callKinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return callKinds[len(callKinds)-1]
}
