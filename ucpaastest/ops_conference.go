package ucpaastest

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// conference is a conference call (family A', /Conference/…).
type conference struct {
	maxMembers int
	members    map[string]*member // by phone number
	recording  bool
}

// member is one participant of a conference.
type member struct {
	muted, deaf bool
}

// defaultMaxMembers is a conference's size when create names none.
const defaultMaxMembers = 10

// conferenceCreate is POST /Conference/create: appId, creator (104133 empty), maxMember (optional,
// 2–100; 100002 otherwise). It answers conference{confId, createDate}.
func (s *Simulator) conferenceCreate(a *account, f map[string]string, now time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	if f["creator"] == "" {
		return fail("104133")
	}
	size, err := atoiDefault(f["maxMember"], defaultMaxMembers)
	if err != nil || size < 2 || size > maxRecipients {
		return fail("100002")
	}
	id := s.newID()
	a.conferences[id] = &conference{maxMembers: size, members: map[string]*member{}}
	return ok(field{"conference", []field{{"confId", id}, {"createDate", Timestamp(now)}}})
}

// findConference answers checkApp's codes, 104121 for no confId and 104123 for one the account
// does not have (or dismissed).
func findConference(a *account, f map[string]string) (*conference, string) {
	if code := checkApp(a, f["appId"]); code != "" {
		return nil, code
	}
	id := f["confId"]
	if id == "" {
		return nil, "104121"
	}
	c, known := a.conferences[id]
	if !known {
		return nil, "104123"
	}
	return c, ""
}

// conferenceInvite is POST /Conference/invite: appId, confId, to (a comma list: 100008 empty,
// 104119 a number that cannot be called, 104122 more members than the conference takes). Each
// invited number is a call: paid for (100001) and answered with conference{confId, count}.
func (s *Simulator) conferenceInvite(a *account, f map[string]string, _ time.Time) reply {
	c, code := findConference(a, f)
	if code != "" {
		return fail(code)
	}
	to, code := checkRecipients(f["to"], isPhone, true)
	switch code {
	case "":
	case "100006", "105138":
		return fail("104119")
	default:
		return fail(code)
	}
	var fresh []string
	for _, n := range to {
		if _, in := c.members[n]; !in {
			fresh = append(fresh, n)
		}
	}
	if len(c.members)+len(fresh) > c.maxMembers {
		return fail("104122")
	}
	if code := charge(a, s.cfg.callPrice*int64(len(fresh))); code != "" {
		return fail(code)
	}
	for _, n := range fresh {
		c.members[n] = &member{}
	}
	return ok(field{"conference", []field{{"confId", f["confId"]}, {"count", strconv.Itoa(len(fresh))}}})
}

// conferenceDismiss is POST /Conference/dismiss: appId, confId. The conference is gone.
func (s *Simulator) conferenceDismiss(a *account, f map[string]string, _ time.Time) reply {
	if _, code := findConference(a, f); code != "" {
		return fail(code)
	}
	delete(a.conferences, f["confId"])
	return ok()
}

// findMember answers findConference's codes, 100008 for no number (to) and 100007 for a number
// that is not in the conference.
func findMember(a *account, f map[string]string) (*conference, *member, string) {
	c, code := findConference(a, f)
	if code != "" {
		return nil, nil, code
	}
	if f["to"] == "" {
		return nil, nil, "100008"
	}
	m, in := c.members[f["to"]]
	if !in {
		return nil, nil, "100007"
	}
	return c, m, ""
}

// memberAction is POST /Conference/{mute,unmute,deaf,undeaf}: appId, confId, to; set changes the
// member (findMember's codes).
func memberAction(set func(*member)) opA {
	return func(_ *Simulator, a *account, f map[string]string, _ time.Time) reply {
		_, m, code := findMember(a, f)
		if code != "" {
			return fail(code)
		}
		set(m)
		return ok()
	}
}

// conferenceRemove is POST /Conference/remove: appId, confId, to (findMember's codes).
func (s *Simulator) conferenceRemove(a *account, f map[string]string, _ time.Time) reply {
	c, _, code := findMember(a, f)
	if code != "" {
		return fail(code)
	}
	delete(c.members, f["to"])
	return ok()
}

// conferenceQuery is POST /Conference/query: appId, confId. It answers
// conference{confId, recording, count, member[{to, mute, deaf}]} with the members by number.
func (s *Simulator) conferenceQuery(a *account, f map[string]string, _ time.Time) reply {
	c, code := findConference(a, f)
	if code != "" {
		return fail(code)
	}
	numbers := slices.Sorted(maps.Keys(c.members))
	list := make([][]field, len(numbers))
	for i, n := range numbers {
		m := c.members[n]
		list[i] = []field{{"to", n}, {"mute", strconv.FormatBool(m.muted)}, {"deaf", strconv.FormatBool(m.deaf)}}
	}
	return ok(field{"conference", []field{
		{"confId", f["confId"]}, {"recording", strconv.FormatBool(c.recording)},
		{"count", strconv.Itoa(len(list))}, {"member", list},
	}})
}

// recordAction is POST /Conference/record (on) and /Conference/stopRecord (off): appId, confId.
func recordAction(on bool) opA {
	return func(_ *Simulator, a *account, f map[string]string, _ time.Time) reply {
		c, code := findConference(a, f)
		if code != "" {
			return fail(code)
		}
		c.recording = on
		return ok()
	}
}
