package ucpaastest

import "strings"

// maxRecipients is the most numbers one request may carry (105120 beyond).
const maxRecipients = 100

// isMobile reports whether s is a mainland mobile number: 11 digits, "1" then 3–9.
func isMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	return allDigits(s)
}

// isPhone reports whether s can be called: a mobile number or a fixed line with its area code
// (0 then 9 to 11 more digits).
func isPhone(s string) bool {
	return isMobile(s) || (len(s) >= 10 && len(s) <= 12 && s[0] == '0' && allDigits(s))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isAlnum reports whether s is non-empty letters and digits (ids, SIDs).
func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// isWord reports whether s is non-empty letters, digits and underscores (friendly names).
func isWord(s string) bool {
	return s != "" && isAlnum(strings.ReplaceAll(s, "_", "a"))
}

// checkRecipients validates a comma list of numbers: 100008 when empty, 105120 when more than
// maxRecipients, 100006 when one is not valid, 105138 when one repeats (if distinct is set).
func checkRecipients(list string, valid func(string) bool, distinct bool) ([]string, string) {
	if strings.TrimSpace(list) == "" {
		return nil, "100008"
	}
	numbers := strings.Split(list, ",")
	if len(numbers) > maxRecipients {
		return nil, "105120"
	}
	seen := make(map[string]bool, len(numbers))
	for i, n := range numbers {
		n = strings.TrimSpace(n)
		if !valid(n) {
			return nil, "100006"
		}
		if distinct && seen[n] {
			return nil, "105138"
		}
		seen[n], numbers[i] = true, n
	}
	return numbers, ""
}

// splitList splits a comma list, white space trimmed; an empty list has no items, an empty item
// stays.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	items := strings.Split(s, ",")
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	return items
}
