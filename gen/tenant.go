package gen

import (
	"strconv"
	"strings"
	"time"
)

// profile is what the generator knows of a user beyond the directory: where they live and
// work, their devices and habits.
type profile struct {
	u     *User
	idx   int
	admin bool

	home       int // place
	homeNet    int // network
	homeIP     string
	newHomeIP  string // after the ISP renumbered the line (empty: never)
	newIPDay   int
	mobileNet  int
	office     int // network of the office egress, -1 for remote workers
	officeDays [7]bool

	desk      *device
	deskID    string
	deskName  string
	deskOwned bool // corporate (managed, compliant) laptop
	phone     *device
	phoneID   string
	phoneName string

	activity      float64 // multiplies the tenant's sign-in rate
	startHour     float64 // local time the working day starts
	dayLength     float64 // hours
	weekendWorker bool
	mfaMethod     string // how they answer MFA prompts

	quiet      bool   // signs in only through planted events (disabled, shared, service accounts)
	vpnHome    bool   // works from home through the corporate VPN, alternating with the home line
	trips      []trip // away from home
	userType   string // member
	capitalUPN bool
}

// trip is a stay away from home: from arrival to departure, sign-ins come from there.
type trip struct {
	from, to time.Time
	place    int
	net      int
	ip       string
}

// where a sign-in comes from.
type whereFrom struct {
	ip    string
	net   int
	place int
}

// tenantPolicies are the tenant's Conditional Access policy ids.
type tenantPolicies struct {
	mfa, legacy, adminDevice, signInFreq string
}

func newPolicies(r rng) tenantPolicies {
	return tenantPolicies{mfa: r.uuid(), legacy: r.uuid(), adminDevice: r.uuid(), signInFreq: r.uuid()}
}

// The directory roles of the tenant's administrators, in the order they are handed out.
var adminRoles = [][]string{
	{"Global Administrator"},
	{"Global Administrator"},
	{"Exchange Administrator"},
	{"User Administrator"},
	{"Helpdesk Administrator"},
	{"Security Administrator", "Security Reader"},
}

// Special accounts, at the end of the user list.
const (
	specialScanner    = "scanner"
	specialSvcBackup  = "svc-backup"
	specialSupport    = "support"
	specialBreakglass = "breakglass"
)

// buildUsers creates the users and their profiles.
func (t *Tenant) buildUsers(r rng) {
	n := t.Options.Users
	specials := []string{specialScanner, specialSvcBackup, specialSupport, specialBreakglass}
	members := n - len(specials)
	t.Users = make([]User, n)
	used := map[string]bool{}
	homeWeights := make([]float64, len(homePlaces))
	for i, h := range homePlaces {
		homeWeights[i] = h.weight
	}
	for i := 0; i < members; i++ {
		u := &t.Users[i]
		given, family := pick(r, givenNames), pick(r, familyNames)
		local := strings.ToLower(given) + "." + strings.ToLower(strings.ReplaceAll(family, "'", ""))
		base := local
		for k := 2; used[local]; k++ {
			local = base + strconv.Itoa(k)
		}
		used[local] = true
		u.ID = r.uuid()
		u.GivenName, u.Surname = given, family
		u.DisplayName = given + " " + family
		u.UserPrincipalName = local + "@" + t.Options.Domain
		u.Enabled = true
		u.Kind = "member"
		d := pick(r, departments[:])
		u.Department, u.JobTitle = d.Name, pick(r, d.Titles)
		pl := &places[homePlaces[r.pickWeighted(homeWeights)].place]
		u.City, u.State, u.Country = pl.City, pl.State, pl.Country
	}
	// Administrators: the first members after a shuffle-free, seed-driven choice.
	for k, roles := range adminRoles {
		u := &t.Users[1+k*((members-1)/len(adminRoles))]
		u.Roles = roles
		u.Department = "IT"
		switch roles[0] {
		case "Global Administrator":
			u.JobTitle = []string{"IT Manager", "IT Director"}[k%2]
		default:
			u.JobTitle = "Systems Administrator"
		}
		// Administrators work from the headquarters' cities.
		if k%3 == 2 {
			u.City, u.State, u.Country = "London", "London", "GB"
		} else {
			u.City, u.State, u.Country = "New York", "New York", "US"
		}
	}
	// Some former employees are disabled.
	for i, k := members-1, 0; i > 0 && k < 4; i -= 3 {
		if u := &t.Users[i]; len(u.Roles) == 0 {
			u.Enabled = false
			k++
		}
	}
	for k, name := range specials {
		u := &t.Users[members+k]
		u.ID = r.uuid()
		u.Enabled = true
		u.City, u.State, u.Country = "New York", "New York", "US"
		switch name {
		case specialScanner:
			u.DisplayName, u.Kind, u.Department = "Scan to Email", "service", "Operations"
			u.UserPrincipalName = "scanner@" + t.Options.Domain
		case specialSvcBackup:
			u.DisplayName, u.Kind, u.Department = "Backup Service", "service", "IT"
			u.UserPrincipalName = "svc-backup@" + t.Options.Domain
		case specialSupport:
			u.DisplayName, u.Kind, u.Department = "Customer Support", "shared", "Customer Success"
			u.UserPrincipalName = "support@" + t.Options.Domain
		case specialBreakglass:
			u.DisplayName, u.Kind, u.Department = "Break Glass Admin", "service", "IT"
			u.UserPrincipalName = "breakglass@" + t.Name + ".onmicrosoft.com"
			u.Roles = []string{"Global Administrator"}
		}
	}
	// Profiles.
	t.profiles = make([]*profile, n)
	t.byUPN = make(map[string]*profile, n)
	for i := range t.Users {
		u := &t.Users[i]
		p := &profile{u: u, idx: i, admin: len(u.Roles) > 0, userType: "member"}
		p.home = placeIndex(u.City)
		p.quiet = !u.Enabled || u.Kind != "member"
		country := u.Country
		p.homeNet = pick(r, homeNetworks[country])
		p.homeIP = r.ipIn(networks[p.homeNet].Prefix)
		if r.chance(0.1) {
			p.newHomeIP = r.ipIn(networks[p.homeNet].Prefix)
			p.newIPDay = r.between(3, t.Options.Days-3)
		}
		p.mobileNet = pick(r, mobileNetworks[country])
		p.office = -1
		switch u.City {
		case "New York":
			p.office = nwOfficeNY
		case "London":
			p.office = nwOfficeLondon
		}
		if p.office >= 0 {
			// Hybrid: in the office on three or four weekdays.
			for d := time.Monday; d <= time.Friday; d++ {
				p.officeDays[d] = d >= time.Tuesday && d <= time.Thursday || r.chance(0.4)
			}
		}
		p.desk = &desktops[r.IntN(len(desktops))]
		p.deskOwned = r.chance(0.85) || p.admin
		p.deskID = r.uuid()
		switch p.desk.OS {
		case "MacOs":
			p.deskName = "MBP-" + strings.ToUpper(r.hex(6))
		default:
			p.deskName = "LAPTOP-" + strings.ToUpper(r.hex(7))
		}
		p.phone = &phones[r.IntN(len(phones))]
		p.phoneID = r.uuid()
		if u.GivenName != "" {
			p.phoneName = u.GivenName + "'s " + p.phone.Name
		} else {
			p.phoneName = p.phone.Name
		}
		p.activity = 0.55 + 0.9*r.Float64()
		if p.admin {
			p.activity *= 1.2
		}
		p.startHour = 7.5 + 1.8*r.Float64()
		p.dayLength = 8 + 2*r.Float64()
		p.weekendWorker = r.chance(0.12)
		p.mfaMethod = []string{"Mobile app notification", "Mobile app notification", "Mobile app notification", "OATH verification code", "Text message"}[r.IntN(5)]
		if r.chance(0.08) {
			p.capitalUPN = true
			local, dom, _ := strings.Cut(u.UserPrincipalName, "@")
			if u.GivenName != "" {
				local = strings.Replace(local, strings.ToLower(u.GivenName), u.GivenName, 1)
				local = strings.Replace(local, strings.ToLower(strings.ReplaceAll(u.Surname, "'", "")), strings.ReplaceAll(u.Surname, "'", ""), 1)
			}
			u.UserPrincipalName = local + "@" + dom
		}
		t.profiles[i] = p
		t.byUPN[strings.ToLower(u.UserPrincipalName)] = p
	}
}

func placeIndex(city string) int {
	for i := range places {
		if places[i].City == city {
			return i
		}
	}
	return plNewYork
}

// homeIPOn is the user's home address on a day.
func (p *profile) homeIPOn(day int) string {
	if p.newHomeIP != "" && day >= p.newIPDay {
		return p.newHomeIP
	}
	return p.homeIP
}

// tripAt returns the trip the user is on at t, if any.
func (p *profile) tripAt(at time.Time) *trip {
	for i := range p.trips {
		if !at.Before(p.trips[i].from) && at.Before(p.trips[i].to) {
			return &p.trips[i]
		}
	}
	return nil
}

// members returns the profiles of enabled human members (not administrators unless admins).
func (t *Tenant) members(admins bool) []*profile {
	var out []*profile
	for _, p := range t.profiles {
		if p.quiet || p.admin != admins {
			continue
		}
		out = append(out, p)
	}
	return out
}

// special returns the profile of a special account by its local part.
func (t *Tenant) special(local string) *profile {
	for _, p := range t.profiles {
		if strings.HasPrefix(strings.ToLower(p.u.UserPrincipalName), local+"@") {
			return p
		}
	}
	return nil
}
