package testkit

import (
	"fmt"
	"strings"
)

// Secret is a planted value: a distinctive stand-in for one secret or personal datum of the
// platform (docs/platform-api.md, "what must never be logged"), under the platform's parameter
// name, that can only reach an output through a leak.
type Secret struct {
	Key, Value string
}

// planted holds a value for every secret and personal field of the platform. "to2" and "to3" are
// further numbers of a comma-separated "to" list.
var planted = [...]Secret{
	{"sig", "5E1C0FFEE5E1C0FFEE5E1C0FFEE5E1C0"},
	{"Authorization", "QVVUSFBMQU5URUQ6MjAyNDAxMDExMjAwMDA="},
	{"token", "tokPlant7c1d9e"},
	{"password", "pwdPlant3b8f1a"},
	{"clientPwd", "cpwPlant55aa19"},
	{"loginToken", "ltkPlant66bb28"},
	{"to", "13912345601"},
	{"to2", "13912345606"},
	{"to3", "13912345607"},
	{"mobile", "15887654302"},
	{"fromSerNum", "18600001103"},
	{"toSerNum", "13700001104"},
	{"displayNum", "008613511112205"}, // international form
	{"param", "PARAMPLANT8412"},
	{"verifyCode", "VCPLANT99317"},
	{"friendlyName", "FriendlyPlantName"},
	{"email", "plant.user@example.org"},
	{"userId", "UIDPLANT4477"},
	{"idCard", "11010519491231002X"},
	{"accountSid", "5ec4e75ec4e75ec4e75ec4e75ec4e7aa"},
	{"appId", "a990da7aa990da7aa990da7aa990da7a"},
}

// Planted returns every planted secret, in a fixed order.
func Planted() []Secret { return planted[:len(planted):len(planted)] }

// Plant returns the planted value of key. It panics for a key nothing is planted under: that is
// a mistake in the test.
func Plant(key string) string {
	for _, s := range planted {
		if s.Key == key {
			return s.Value
		}
	}
	panic(fmt.Sprintf("testkit: nothing is planted under %q", key))
}

// Leaks returns the keys of the planted values text holds, compared without case (a masker that
// changes case must not let a value through), in the order of Planted.
func Leaks(text string) []string {
	var found []string
	text = strings.ToLower(text)
	for _, s := range planted {
		if strings.Contains(text, strings.ToLower(s.Value)) {
			found = append(found, s.Key)
		}
	}
	return found
}
