package ucpaastest

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// group is an IM group (/im/group/…): its name, owner and members by userId.
type group struct {
	name, owner string
	members     map[string]bool
}

// The IM group operations take an imGroup body: appId, userId, groupId, groupName, as the SDKs send
// it. Codes: checkApp's, 104121 no groupId, 104123 a groupId the account does not have (or, for
// createGroup, has already), 104133 no userId where one is needed, 104119 a userId list with an
// empty entry, 100007 a userId that is not a member, 100003 an empty groupName to updateGroup.

// groupCreate is POST /im/group/createGroup: userId (the owner, a member), groupId, groupName.
func (s *Simulator) groupCreate(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	id := f["groupId"]
	switch {
	case id == "":
		return fail("104121")
	case a.groups[id] != nil:
		return fail("104123")
	case f["userId"] == "":
		return fail("104133")
	}
	a.groups[id] = &group{name: f["groupName"], owner: f["userId"], members: map[string]bool{f["userId"]: true}}
	return ok(field{"imGroup", []field{{"groupId", id}, {"groupName", f["groupName"]}}})
}

// findGroup answers checkApp's codes, 104121 and 104123.
func findGroup(a *account, f map[string]string) (*group, string) {
	if code := checkApp(a, f["appId"]); code != "" {
		return nil, code
	}
	id := f["groupId"]
	if id == "" {
		return nil, "104121"
	}
	g := a.groups[id]
	if g == nil {
		return nil, "104123"
	}
	return g, ""
}

// groupDismiss is POST /im/group/dismissGroup: groupId. The group is gone.
func (s *Simulator) groupDismiss(a *account, f map[string]string, _ time.Time) reply {
	if _, code := findGroup(a, f); code != "" {
		return fail(code)
	}
	delete(a.groups, f["groupId"])
	return ok()
}

// groupJoinBatch is POST /im/group/joinGroupBatch: groupId, userId (a comma list).
func (s *Simulator) groupJoinBatch(a *account, f map[string]string, _ time.Time) reply {
	g, code := findGroup(a, f)
	if code != "" {
		return fail(code)
	}
	users := splitList(f["userId"])
	switch {
	case len(users) == 0:
		return fail("104133")
	case slices.Contains(users, ""):
		return fail("104119")
	}
	for _, u := range users {
		g.members[u] = true
	}
	return ok()
}

// groupQuit is POST /im/group/quitGroup: groupId, userId (a member).
func (s *Simulator) groupQuit(a *account, f map[string]string, _ time.Time) reply {
	g, code := findGroup(a, f)
	switch {
	case code != "":
		return fail(code)
	case f["userId"] == "":
		return fail("104133")
	case !g.members[f["userId"]]:
		return fail("100007")
	}
	delete(g.members, f["userId"])
	return ok()
}

// groupUpdate is POST /im/group/updateGroup: groupId, groupName.
func (s *Simulator) groupUpdate(a *account, f map[string]string, _ time.Time) reply {
	g, code := findGroup(a, f)
	switch {
	case code != "":
		return fail(code)
	case strings.TrimSpace(f["groupName"]) == "":
		return fail("100003")
	}
	g.name = f["groupName"]
	return ok()
}

// groupGet is POST /im/group/getGroup: groupId. It answers imGroup{groupId, groupName, owner,
// count, userId (the members, a comma list in order)}.
func (s *Simulator) groupGet(a *account, f map[string]string, _ time.Time) reply {
	g, code := findGroup(a, f)
	if code != "" {
		return fail(code)
	}
	members := slices.Sorted(maps.Keys(g.members))
	return ok(field{"imGroup", []field{
		{"groupId", f["groupId"]}, {"groupName", g.name}, {"owner", g.owner},
		{"count", strconv.Itoa(len(members))}, {"userId", strings.Join(members, ",")},
	}})
}
