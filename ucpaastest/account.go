package ucpaastest

import "maps"

// Status is the state of a main account.
type Status int

// The account states. The zero value is StatusActive.
const (
	// StatusActive accounts may call everything.
	StatusActive Status = iota
	// StatusInactive accounts answer 101109 (主账户未激活).
	StatusInactive
	// StatusLocked accounts answer 101110 (主账户已锁定).
	StatusLocked
	// StatusClosed accounts answer 101108 (主账户已关闭).
	StatusClosed
)

// String returns the state's name: active, inactive, locked or closed.
func (st Status) String() string {
	switch st {
	case StatusActive:
		return "active"
	case StatusInactive:
		return "inactive"
	case StatusLocked:
		return "locked"
	case StatusClosed:
		return "closed"
	}
	return "unknown"
}

// Account is a main account of the simulated platform, with one application.
type Account struct {
	// SID is the account id (accountSid); letters and digits only.
	SID string
	// Token is the account's auth token, the secret behind sig (family A) and token (family B).
	Token string
	// AppID is the id of the account's one application.
	AppID string
	// ClientID and Password are the account's family C (open2 sms-server) credentials; requests
	// carry clientid and the lower-case hex MD5 of Password.
	ClientID string
	Password string
	// Status is the account's state; StatusActive unless set.
	Status Status
	// Balance is the account's money in fen (1/100 yuan).
	Balance int64
	// AppBudget, when above zero, is how many fen the application may spend in total; past it the
	// simulator answers 100019 (应用餘額不足). Zero means no application-level limit.
	AppBudget int64
	// Templates maps an SMS template id to the number of parameters the template takes.
	Templates map[string]int
	// SubAccounts are the sub-accounts (the platform's clients) that exist from the start (useful
	// for callback calls).
	SubAccounts []SubAccount
}

// SubAccount is a sub-account of an account's application: what the platform's API calls a
// client (clientNumber, /Clients). It is not an HTTP client: for that, see [Server.Client].
type SubAccount struct {
	// Number is the clientNumber the platform assigned.
	Number string
	// FriendlyName is the sub-account's name, unique within the application.
	FriendlyName string
	// Mobile is the phone number bound to the sub-account; empty when none is bound.
	Mobile string
	// UserID is the application's own id of the sub-account's user (the SDKs' userId), unique
	// within the application; empty when none was given.
	UserID string
}

// The default account's fixed, clearly fake credentials and ids. They are not valid anywhere but
// in this simulator.
const (
	DefaultSID   = "0000000000000000000000000000face"
	DefaultToken = "00000000000000000000000000000fab"
	DefaultAppID = "00000000000000000000000000000a99"
	// DefaultClientID and DefaultPassword are the default account's family C credentials.
	DefaultClientID = "b00c99"
	DefaultPassword = "00000000000000000000000000000c0d"
	// DefaultTemplateCode is a one-parameter template (a verification code).
	DefaultTemplateCode = "10001"
	// DefaultTemplateNotice is a two-parameter template (a notice).
	DefaultTemplateNotice = "10002"
	// DefaultTemplatePlain is a template without parameters.
	DefaultTemplatePlain = "10003"
	// DefaultClientNumber is the default account's one sub-account, bound to DefaultClientMobile.
	DefaultClientNumber = "60000000000001"
	// DefaultClientMobile is a fake mobile number bound to DefaultClientNumber.
	DefaultClientMobile = "13800000000"
	// DefaultClientUserID is DefaultClientNumber's userId.
	DefaultClientUserID = "demo_user"
	// DefaultBalance is the default account's starting balance in fen (100 yuan).
	DefaultBalance int64 = 10000
)

// DefaultAccount returns the account the simulator has when no WithAccount option is given: the
// Default… constants, active, no application budget.
func DefaultAccount() Account {
	return Account{
		SID:      DefaultSID,
		Token:    DefaultToken,
		AppID:    DefaultAppID,
		ClientID: DefaultClientID,
		Password: DefaultPassword,
		Balance:  DefaultBalance,
		Templates: map[string]int{
			DefaultTemplateCode:   1,
			DefaultTemplateNotice: 2,
			DefaultTemplatePlain:  0,
		},
		SubAccounts: []SubAccount{{Number: DefaultClientNumber, FriendlyName: "demo_client", Mobile: DefaultClientMobile, UserID: DefaultClientUserID}},
	}
}

// account is the simulator's mutable state of one Account; guarded by Simulator.mu.
type account struct {
	Account
	appSpent    int64
	clients     map[string]*client     // by clientNumber
	calls       map[string]bool        // callback calls that may still be cancelled, by callId
	orders      map[string]bool        // privacy-number bindings, by orderId: true while bound
	conferences map[string]*conference // by confId
	groups      map[string]*group      // IM groups, by groupId
}

// client is the state of one sub-account.
type client struct {
	SubAccount
	pwd        string
	loginToken string
	createDate string
	closed     bool
	balance    int64 // fen charged to the sub-account (chargeClient)
	roaming    bool  // international roaming open (Roam/Open): no callback calls
}

func newAccount(a Account) *account {
	st := &account{
		Account: a, clients: make(map[string]*client, len(a.SubAccounts)),
		calls: map[string]bool{}, orders: map[string]bool{},
		conferences: map[string]*conference{}, groups: map[string]*group{},
	}
	st.Templates = maps.Clone(a.Templates)
	st.Account.SubAccounts = nil
	for _, c := range a.SubAccounts {
		st.clients[c.Number] = &client{SubAccount: c}
	}
	return st
}
