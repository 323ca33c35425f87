package ucpaastest

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// maxListLimit is the most clients one list call may ask for (103115 beyond).
const maxListLimit = 100

// clientFields is the reply element of a sub-account. It carries the platform's secrets
// (clientPwd, loginToken), so that instrumentation has something real to redact.
func clientFields(c *client) []field {
	return []field{
		{"balance", yuan(c.balance)},
		{"clientNumber", c.Number},
		{"clientPwd", c.pwd},
		{"createDate", c.createDate},
		{"friendlyName", c.FriendlyName},
		{"loginToken", c.loginToken},
		{"mobile", c.Mobile},
		{"userId", c.UserID},
	}
}

// accountInfo is GET on the account itself: its balance in yuan and its state.
func (s *Simulator) accountInfo(a *account, _ map[string]string, _ time.Time) reply {
	return ok(field{"account", []field{
		{"accountSid", a.SID},
		{"balance", yuan(a.Balance)},
		{"status", a.Status.String()},
	}})
}

// yuan formats fen as yuan with two decimals: 12345 → "123.45", -5 → "-0.05".
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// createClient is POST /Clients: appId, friendlyName (letters, digits, _; unique in the
// application), mobile (optional, bound once per application), userId (optional), clientType ("0"
// or "1"; "1" needs charge).
func (s *Simulator) createClient(a *account, f map[string]string, now time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	name, mobile := f["friendlyName"], f["mobile"]
	switch {
	case name == "":
		return fail("103120")
	case !isWord(name):
		return fail("103105")
	case mobile != "" && !isMobile(mobile):
		return fail("100006")
	}
	switch f["clientType"] {
	case "", "0":
	case "1":
		if f["charge"] == "" {
			return fail("103112")
		}
	default:
		return fail("103111")
	}
	for _, c := range a.clients {
		if c.FriendlyName == name {
			return fail("103104")
		}
		if mobile != "" && c.Mobile == mobile {
			return fail("103114")
		}
	}
	c := &client{SubAccount: SubAccount{Number: s.newClientNumber(a), FriendlyName: name, Mobile: mobile, UserID: f["userId"]}}
	s.fillClient(c, Timestamp(now))
	a.clients[c.Number] = c
	return ok(field{"client", clientFields(c)})
}

// newClientNumber returns a clientNumber the account does not have yet.
func (s *Simulator) newClientNumber(a *account) string {
	for {
		s.nextClient++
		n := fmt.Sprintf("6%013d", 1000+s.nextClient)
		if _, taken := a.clients[n]; !taken {
			return n
		}
	}
}

// findClient answers checkApp's codes for the appId field, then 103103 for no clientNumber,
// 103119 for one the account does not have and 103108 for a closed one.
func findClient(a *account, f map[string]string) (*client, string) {
	if code := checkApp(a, f["appId"]); code != "" {
		return nil, code
	}
	number := f["clientNumber"]
	if number == "" {
		return nil, "103103"
	}
	c, known := a.clients[number]
	switch {
	case !known:
		return nil, "103119"
	case c.closed:
		return nil, "103108"
	}
	return c, ""
}

// queryClient is GET /Clients?clientNumber=…&appId=….
func (s *Simulator) queryClient(a *account, f map[string]string, _ time.Time) reply {
	c, code := findClient(a, f)
	if code != "" {
		return fail(code)
	}
	return ok(field{"client", clientFields(c)})
}

// queryClientByMobile is GET ClientsByMobile?mobile=…&appId=… (also below
// /2015-06-30/restApi/{sid}): 103121 no mobile, 100006 not a mobile number, 103119 no open
// sub-account bound to it.
func (s *Simulator) queryClientByMobile(a *account, f map[string]string, _ time.Time) reply {
	if f["mobile"] != "" && !isMobile(f["mobile"]) {
		return fail("100006")
	}
	return queryClientBy(a, f, "mobile", func(c *client) string { return c.Mobile })
}

// queryClientByUserID is GET ClientsByUserId?userId=…&appId=… (also below
// /2015-06-30/restApi/{sid}): 103121 no userId, 103119 no open sub-account with it.
func (s *Simulator) queryClientByUserID(a *account, f map[string]string, _ time.Time) reply {
	return queryClientBy(a, f, "userId", func(c *client) string { return c.UserID })
}

// queryClientBy answers checkApp's codes, 103121 when the field key is empty, else the open
// sub-account whose value of the field equals it, or 103119.
func queryClientBy(a *account, f map[string]string, key string, value func(*client) string) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	want := f[key]
	if want == "" {
		return fail("103121")
	}
	for _, c := range a.clients {
		if !c.closed && value(c) == want {
			return ok(field{"client", clientFields(c)})
		}
	}
	return fail("103119")
}

// maxChargeDigits is the most digits an amount may have (100014 beyond).
const maxChargeDigits = 12

// chargeClient is POST /chargeClient: appId, clientNumber, chargeType ("0" moves charge yuan from
// the account to the sub-account, "1" back), charge (whole yuan). Codes: findClient's, 103110 no
// chargeType, 100004 another chargeType, 100000 charge not a whole number, 100014 more than 12
// digits, 100001 the account's balance does not cover it, 103125 the sub-account's does not.
func (s *Simulator) chargeClient(a *account, f map[string]string, _ time.Time) reply {
	c, code := findClient(a, f)
	if code != "" {
		return fail(code)
	}
	amount := f["charge"]
	switch {
	case f["chargeType"] == "":
		return fail("103110")
	case f["chargeType"] != "0" && f["chargeType"] != "1":
		return fail("100004")
	case !allDigits(amount):
		return fail("100000")
	case len(amount) > maxChargeDigits:
		return fail("100014")
	}
	yuanAmount, _ := strconv.ParseInt(amount, 10, 64) // at most 12 digits: fits
	fen := yuanAmount * 100
	from, to := &a.Balance, &c.balance
	short := "100001"
	if f["chargeType"] == "1" {
		from, to, short = to, from, "103125"
	}
	if *from < fen {
		return fail(short)
	}
	*from -= fen
	*to += fen
	return ok(field{"client", []field{{"balance", yuan(c.balance)}, {"clientNumber", c.Number}}})
}

// billPeriods are the date values bill downloads take: yesterday, last week, last month.
var billPeriods = []string{"day", "week", "month"}

// appBill is POST /billList: appId, date (day, week or month; 100004 otherwise). It answers where
// to download the bill: billList{downUrl, token}, as the SDKs describe it (the field names are
// inferred).
func (s *Simulator) appBill(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	return s.bill(f["date"])
}

// clientBill is POST /Clients/billList: appId, clientNumber (findClient's codes), date as appBill.
func (s *Simulator) clientBill(a *account, f map[string]string, _ time.Time) reply {
	if _, code := findClient(a, f); code != "" {
		return fail(code)
	}
	return s.bill(f["date"])
}

// bill answers a bill download for the period date.
func (s *Simulator) bill(date string) reply {
	if !slices.Contains(billPeriods, date) {
		return fail("100004")
	}
	id := s.newID()
	return ok(field{"billList", []field{{"downUrl", "https://bill.ucpaas.invalid/" + date + "/" + id + ".zip"}, {"token", s.newID()}}})
}

// dropClient is POST /dropClient: appId, clientNumber. The client stays, closed.
func (s *Simulator) dropClient(a *account, f map[string]string, _ time.Time) reply {
	c, code := findClient(a, f)
	if code != "" {
		return fail(code)
	}
	c.closed = true
	return ok()
}

// listClients is POST /clientList: appId, start (default 0), limit (default 10, at most 100).
// Open clients are listed by clientNumber.
func (s *Simulator) listClients(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	start, err1 := atoiDefault(f["start"], 0)
	limit, err2 := atoiDefault(f["limit"], 10)
	switch {
	case err1 != nil || err2 != nil || start < 0 || limit < 0:
		return fail("100002")
	case limit > maxListLimit:
		return fail("103115")
	}
	numbers := make([]string, 0, len(a.clients))
	for n, c := range a.clients {
		if !c.closed {
			numbers = append(numbers, n)
		}
	}
	slices.Sort(numbers)
	numbers = numbers[min(start, len(numbers)):]
	numbers = numbers[:min(limit, len(numbers))]
	list := make([][]field, len(numbers))
	for i, n := range numbers {
		list[i] = clientFields(a.clients[n])
	}
	return ok(field{"count", strconv.Itoa(len(list))}, field{"client", list})
}

func atoiDefault(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}
