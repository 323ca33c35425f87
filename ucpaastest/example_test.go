package ucpaastest_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ucpobs/ucpobs/ucpaastest"
)

// send does one request and prints the reply's body.
func send(client *http.Client, req *http.Request, err error) {
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
}

// A test server, a signed template SMS, and the platform's answer when the money runs out.
func ExampleNewServer() {
	srv := ucpaastest.NewServer(ucpaastest.WithPrices(5, 10))
	defer srv.Close()
	srv.SetBalance(ucpaastest.DefaultSID, 5) // enough for one SMS

	b := ucpaastest.Builder{BaseURL: srv.URL, Account: ucpaastest.DefaultAccount(), XML: true}
	for range 2 {
		req, err := b.TemplateSMS(context.Background(), []string{"13900000001"}, ucpaastest.DefaultTemplateCode, "1234")
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		var reply struct {
			RespCode string `xml:"respCode"`
		}
		err = xml.NewDecoder(resp.Body).Decode(&reply)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), reply.RespCode, err)
	}
	fen, _ := srv.Balance(ucpaastest.DefaultSID)
	fmt.Println("balance:", fen)
	// Output:
	// 200 application/xml;charset=utf-8 000000 <nil>
	// 200 application/xml;charset=utf-8 100001 <nil>
	// balance: 0
}

// Scripted faults: the next two SMS fail with platform errors, then all is well again.
func ExampleServer_SetFault() {
	srv := ucpaastest.NewServer()
	defer srv.Close()
	srv.SetFault("send_sms", ucpaastest.Fault{Sequence: []string{"100699", "100500"}})

	b := ucpaastest.Builder{BaseURL: srv.URL, Account: ucpaastest.DefaultAccount()}
	for range 3 {
		req, err := b.SendSMS(context.Background(), "13900000001", ucpaastest.DefaultTemplatePlain)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(string(body)[:17])
	}
	// Output:
	// {"code":"100699",
	// {"code":"100500",
	// {"code":"000000",
}

// Authentication is checked for real: a request without Authorization answers 101100.
func ExampleSign() {
	srv := ucpaastest.NewServer()
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/2014-06-30/Accounts/"+ucpaastest.DefaultSID+".json", nil)
	send(srv.Client(), req, err)

	ucpaastest.Sign(req, ucpaastest.DefaultSID, ucpaastest.DefaultToken, time.Now())
	send(srv.Client(), req, err)
	// Output:
	// 200 {"resp":{"respCode":"101100"}}
	// 200 {"resp":{"respCode":"000000","account":{"accountSid":"0000000000000000000000000000face","balance":"100.00","status":"active"}}}
}

// A batch send whose recipients fail one by one: an invalid number, a blacklisted one and a
// repeated one are reported in "report", only the accepted one is charged, and the top-level code
// comes after the report as in the platform's replies.
func ExampleBuilder_SendSMSBatch() {
	srv := ucpaastest.NewServer(ucpaastest.WithPrices(5, 10), ucpaastest.WithBlacklist("13900000002"))
	defer srv.Close()
	b := ucpaastest.Builder{BaseURL: srv.URL, Account: ucpaastest.DefaultAccount()}

	req, err := b.SendSMSBatch(context.Background(),
		[]string{"13900000001", "1390000", "13900000002", "13900000001"}, ucpaastest.DefaultTemplatePlain)
	resp, err := sendJSON(srv.Client(), req, err)
	if err != nil {
		fmt.Println(err)
		return
	}
	var reply struct {
		CountSum string `json:"count_sum"`
		Report   []struct{ Mobile, Code, Count string }
		Code     string
	}
	if err := json.Unmarshal(resp, &reply); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("code", reply.Code, "count_sum", reply.CountSum)
	for _, r := range reply.Report {
		fmt.Println(r.Mobile, r.Code, r.Count)
	}
	fen, _ := srv.Balance(ucpaastest.DefaultSID)
	fmt.Println("balance:", fen)
	// Output:
	// code 000000 count_sum 1
	// 13900000001 000000 1
	// 1390000 100006 0
	// 13900000002 105107 0
	// 13900000001 105138 0
	// balance: 9995
}

// A balance topped up while the simulator runs: account info shows it in yuan at
// resp.account.balance, as the platform does.
func ExampleSimulator_TopUp() {
	srv := ucpaastest.NewServer()
	defer srv.Close()
	srv.SetBalance(ucpaastest.DefaultSID, 0)
	srv.TopUp(ucpaastest.DefaultSID, 100250) // 1002.50 yuan

	b := ucpaastest.Builder{BaseURL: srv.URL, Account: ucpaastest.DefaultAccount()}
	req, err := b.AccountInfo(context.Background())
	body, err := sendJSON(srv.Client(), req, err)
	if err != nil {
		fmt.Println(err)
		return
	}
	var reply struct {
		Resp struct {
			Account struct{ Balance string }
		}
	}
	err = json.Unmarshal(body, &reply)
	fmt.Println(reply.Resp.Account.Balance, err)
	// Output:
	// 1002.50 <nil>
}

// sendJSON does one request and returns the reply's body.
func sendJSON(client *http.Client, req *http.Request, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
