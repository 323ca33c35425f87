package codes_test

import (
	"fmt"

	"github.com/ucpobs/ucpobs/codes"
)

func ExampleLookup() {
	c, ok := codes.Lookup("105110")
	fmt.Println(ok, c.Value, c.Category, c.Domain, c.Retryable)
	fmt.Println(c.Message, "/", c.English)

	// Some replies carry the code as a JSON number: 0 means 000000.
	c, ok = codes.Lookup("0")
	fmt.Println(ok, c.Value, c.Category)

	_, ok = codes.Lookup("105147") // not in the platform's table
	fmt.Println(ok)
	// Output:
	// true 105110 not_found sms false
	// 短信模板ID不存在 / SMS template ID does not exist
	// true 000000 ok
	// false
}

func ExampleNewCatalog() {
	// The platform's newer SMS API answers with codes the table lacks: register them.
	cat, err := codes.NewCatalog(codes.Code{
		Value:    "300001",
		Message:  "账号不存在",
		English:  "Account does not exist",
		Category: codes.CategoryAccount,
		Domain:   codes.DomainSMS,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, ok := cat.Lookup("300001")
	fmt.Println(ok, c.Category, c.Domain, cat.Len()-codes.Default().Len())
	fmt.Println(c.Category.Action())
	// Output:
	// true account sms 1
	// Settle the main account with the platform: it is closed, inactive, locked, frozen or missing (an empty account ID means the account SID is missing from the configuration).
}
