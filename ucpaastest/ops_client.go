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
		{"balance", "0"},
		{"clientNumber", c.Number},
		{"clientPwd", c.pwd},
		{"createDate", c.createDate},
		{"friendlyName", c.FriendlyName},
		{"loginToken", c.loginToken},
		{"mobile", c.Mobile},
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
// application), mobile (optional, bound once per application), clientType ("0" or "1"; "1"
// needs charge).
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
	c := &client{Client: Client{Number: s.newClientNumber(a), FriendlyName: name, Mobile: mobile}}
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
