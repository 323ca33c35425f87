package redact

import "testing"

func TestPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13800138000", "138******00"},
		{"15811564298", "158******98"},
		{"+8613800138000", "+86*********00"},
		{"0086138001380", "008********80"},
		{"1234567", "123**67"},
		{"123456", "****"},
		{"1", "****"},
		{"", ""},
		{"电话13800138000", "****"},
	}
	for _, tt := range tests {
		if got := Phone(tt.in); got != tt.want {
			t.Errorf("Phone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"8a48b5514fa577af014fa6e2b1fe7d2f", "8a48****7d2f"},
		{"123456789", "1234****6789"},
		{"12345678", "****"},
		{"abc", "****"},
		{"", ""},
		{"账户8a48b5514fa577af", "****"},
		// A byte above 0x7f in each place isASCII reads it from: the first, last and a middle
		// byte of an 8-byte word, and the tail.
		{"\x80a48b5514fa577af014fa6e2b1fe7d2f", "****"},
		{"8a48b55\xff4fa577af014fa6e2b1fe7d2f", "****"},
		{"8a48b5514fa57\xc3af014fa6e2b1fe7d2f", "****"},
		{"8a48b5514fa577af014fa6e2b1fe7d2f\xe9", "****"},
		{"8a48b5514fa577af014fa6e2b1fe7d2f0", "8a48****d2f0"},
	}
	for _, tt := range tests {
		if got := ID(tt.in); got != tt.want {
			t.Errorf("ID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"call 13800138000 now", "call 138******00 now"},
		{"13800138000", "138******00"},
		{"a13800138000b", "a138******00b"},
		{"13800138000,13912345678", "138******00,139******78"},
		{"+8613800138000", "+861********00"},
		{"+44 2071838750", "+44 2071838750"},         // "44" alone is too short; the rest has no '+'
		{"+442071838750", "+442*******50"},           // 12 digits after '+'
		{"00442071838750", "004*********50"},         // leading 00
		{"8613800138000", "861********00"},           // country code without '+'
		{"110101199003071234", "110*************34"}, // ID card
		{"11010119900307123X", "110************23X"}, // ID card ending in X
		{"23800138000", "23800138000"},               // 11 digits not starting with 1
		{"138001380001", "138001380001"},             // 12 digits
		{"1380013800", "1380013800"},                 // 10 digits
		{"20140820145658", "20140820145658"},         // a timestamp
		{"+123456", "+123456"},                       // too short after '+'
		{"", ""},
		{"8a48b5514fa577af014fa6e2b1fe7d2f", "8a48****7d2f"},                       // a platform identifier
		{"sid 8A48B5514FA577AF014FA6E2B1FE7D2F.", "sid 8A48****7D2F."},             // upper case, in text
		{"/x/8a48b5514fa577af014fa6e2b1fe7d2f/y", "/x/8a48****7d2f/y"},             // a path segment
		{"g8a48b5514fa577af014fa6e2b1fe7d2f", "g8a48b5514fa577af014fa6e2b1fe7d2f"}, // part of a longer word
		{"8a48b5514fa577af014fa6e2b1fe7d2f0", "8a48b5514fa577af014fa6e2b1fe7d2f0"}, // 33 hex digits
		{"12345678901234567890123456789012", "1234****9012"},                       // 32 digits are an identifier too
	}
	for _, tt := range tests {
		if got := numbers(tt.in); got != tt.want {
			t.Errorf("numbers(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		key  string
		want kind
	}{
		{"sig", kindSecret}, {"SIG", kindSecret}, {"Token", kindSecret}, {"password", kindSecret},
		{"clientPwd", kindSecret}, {"loginToken", kindSecret}, {"Authorization", kindSecret},
		{"access_token", kindSecret}, {"X-Auth-Token", kindSecret}, {"Proxy-Authorization", kindSecret},
		{"client_secret", kindSecret}, {"userPwd", kindSecret},
		{"mobile", kindPhone}, {"to", kindPhone}, {"phone", kindPhone}, {"fromSerNum", kindPhone},
		{"toSerNum", kindPhone}, {"displayNum", kindPhone}, {"clientNumber", kindPhone}, {"userMobile", kindPhone},
		{"param", kindPersonal}, {"verifyCode", kindPersonal}, {"friendlyName", kindPersonal},
		{"email", kindPersonal}, {"userId", kindPersonal}, {"idCard", kindPersonal},
		{"accountSid", kindID}, {"appId", kindID}, {"APPID", kindID}, {"sid", kindID}, {"clientid", kindID},
		{"templateId", kindNone}, {"auto", kindNone}, {"photo", kindNone}, {"msg", kindNone}, {"", kindNone},
		{string(make([]byte, 100)) + "token", kindSecret},
	}
	for _, tt := range tests {
		if got := classify(tt.key); got != tt.want {
			t.Errorf("classify(%q) = %d, want %d", tt.key, got, tt.want)
		}
	}
}
