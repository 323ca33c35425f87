package ucpaastest_test

import (
	"context"
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
