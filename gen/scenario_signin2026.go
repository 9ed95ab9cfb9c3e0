package gen

import (
	"net/netip"
	"strings"
	"time"
)

// The sign-in attacks of 2026 and what looks like them (issue 12): an attacker-in-the-middle
// phish whose session cookie is replayed from a second network, a password spray spread over
// residential proxies, a device code phish that joins a device; and, as look-alikes, meeting
// rooms on the device code flow, fumbled MFA prompts, carriers whose addresses geolocate far
// from the phone, IPv6 privacy addresses, phones between Wi-Fi and their carrier, travellers on
// their managed laptops, and ordinary noise of that kind across the tenant.

// Scripting clients attackers replay stolen sessions with.
var replayAgents = []string{"axios/1.7.9", "python-requests/2.32.3", "Go-http-client/2.0"}

// The spray campaign's user agent: Internet Explorer 11 on Windows 7, rare in a 2026 tenant.
const sprayUA = "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko"

// A Microsoft Teams Rooms console.
var teamsRoom = device{"MTR", "Windows10", "Edge 129.0.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
	"Rich Client 4.66.1.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/1.7.00.26062 Chrome/120.0.6099.291 Electron/28.2.10 Safari/537.36 MicrosoftTeamsRooms",
	false, "Azure AD joined", "Mobile Apps and Desktop clients", "Browser"}

// attacks2026 plants the sign-in attacks of 2026.
func (s *scenario) attacks2026() {
	s.aitm()
	s.sprayCampaign()
	s.deviceCodeJoin()
}

// decoys2026 plants their look-alikes and the noise of a real tenant.
func (s *scenario) decoys2026() {
	s.meetingRooms()
	s.fumbledPrompts()
	s.carrierGeolocation()
	s.ipv6Privacy()
	s.wifiToCarrier()
	s.vpnSession()
	s.managedTraveller()
	s.noise2026()
}

// aitm: the victim signs in through a phishing proxy on a hosting network (password and MFA,
// the victim's own browser), the proxy's operator replays the session cookie minutes later
// from another network and country with scripting clients, and hides the victim's mail with
// an inbox rule made in that session.
func (s *scenario) aitm() {
	v := s.member("US", false)
	s.ensureHistory(v)
	proxy, replay := s.at(nwDigitalOcean), s.at(nwM247)
	session := s.r.uuid()
	at := s.clock(s.weekday(2), 14, 12)
	first := s.signIn(hit{p: v, at: at, from: proxy, app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authPasswordMFA, mfa: true,
		method: v.mfaMethod, session: session, ua: v.desk.UA, os: v.desk.OS, brw: v.desk.Browser, client: "Browser"})
	apps := []usage{{App: appOWA, Resource: appOffice365Exchange}, {App: appOfficeHome, Resource: appGraph}, {App: appOWA, Resource: appOffice365Exchange},
		{App: appOffice, Resource: appGraph}, {App: appOWA, Resource: appOffice365Exchange}}
	rat := first.CreatedAt.Add(s.r.dur(4*time.Minute, 7*time.Minute))
	var last SignIn
	for i, u := range apps {
		last = s.signIn(hit{p: v, at: rat, from: replay, cat: NonInteractive, app: u, kind: authClaim, mfa: true, session: session,
			ua: replayAgents[i%len(replayAgents)], client: "Mobile Apps and Desktop clients"})
		rat = rat.Add(s.r.dur(5*time.Minute, 12*time.Minute))
	}
	// The attacker reads the mailbox and hides what the victim would notice.
	read := s.t.mailRead(s.r, last.CreatedAt.Add(s.r.dur(time.Minute, 3*time.Minute)), v.u.UserPrincipalName, v.u.UserPrincipalName, replay.ip,
		appOffice365Exchange.ID, "", "Client=REST;Client=RESTSystem;;", 25, []string{`\Inbox`},
		ualDetail{SessionID: session, TokenID: last.UniqueTokenIdentifier})
	s.mail = append(s.mail, read)
	ruleAt := read.CreatedAt.Add(s.r.dur(2*time.Minute, 6*time.Minute))
	rule := s.t.exchangeCmdlet(s.r, ruleAt, v, replay.ip, "New-InboxRule", s.t.ruleObject(v, ".."), []KeyValue{
		{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"Name", ".."},
		{"SubjectOrBodyContainsWords", "invoice;payment;wire transfer;bank details"}, {"MoveToFolder", "RSS Subscriptions"},
		{"MarkAsRead", "True"}, {"StopProcessingRules", "True"},
	})
	rule.UAL = &ualDetail{SessionID: session, TokenID: last.UniqueTokenIdentifier}
	s.mail = append(s.mail, rule)
	s.plant("session_replay", v, replay.ip, false, "attacker in the middle: an interactive MFA sign-in through a DigitalOcean proxy, then the same sessionId "+
		"refreshed from M247 (RO) by axios, python-requests and Go-http-client, then New-InboxRule \"..\" moving invoices to RSS Subscriptions and marking them read", first.CreatedAt, rule.CreatedAt)
	s.plant("inbox_rule_hiding", v, replay.ip, false, "the attacker in the middle's New-InboxRule \"..\": invoices to RSS Subscriptions, marked read, in the replayed session", rule.CreatedAt, rule.CreatedAt)
}

// sprayCampaign: one rare user agent tries sixty-odd accounts from forty residential
// addresses abroad, one to three tries each, over three hours; one account's password works.
func (s *scenario) sprayCampaign() {
	targets := s.anyMembers(64)
	winner := s.member("", false)
	targets = append(targets[:20:20], append([]*profile{winner}, targets[20:]...)...)
	nets := []int{nwVNPT, nwVivo, nwJio, nwTelkomsel, nwTurkTelekom, nwKyivstar, nwOrangePL, nwRostelecom, nwMTN}
	type addr struct {
		from  whereFrom
		tries int
	}
	var addrs []addr
	total := 0
	for i := 0; i < 40; i++ {
		n := s.r.between(1, 3)
		addrs = append(addrs, addr{s.at(nets[i%len(nets)]), n})
		total += n
	}
	start := s.clock(s.weekday(3), 1, 10)
	step := (3 * time.Hour / time.Duration(total)).Truncate(time.Second)
	u := usage{App: appOfficeHome, Resource: appOfficeHome}
	k := 0
	var winnerFrom whereFrom
	var last time.Time
	for _, a := range addrs {
		for j := 0; j < a.tries; j++ {
			p := targets[k%len(targets)]
			at := start.Add(time.Duration(k)*step + s.r.dur(0, step/2))
			code := 50126
			if k%11 == 10 {
				code = 50053
			}
			si := s.signIn(hit{p: p, at: at, from: a.from, app: u, code: code, kind: authPassword, ua: sprayUA, os: "Windows7", brw: "IE 11.0", client: "Browser"})
			if p == winner {
				winnerFrom = a.from
			}
			last = si.CreatedAt
			k++
		}
	}
	ok := s.signIn(hit{p: winner, at: last.Add(s.r.dur(15*time.Minute, 40*time.Minute)), from: winnerFrom, app: u, kind: authPassword,
		ua: sprayUA, os: "Windows7", brw: "IE 11.0", client: "Browser"})
	s.plant("spray_campaign", winner, winnerFrom.ip, false, "a spray with one rare user agent (IE 11 on Windows 7) against 65 accounts from 40 residential addresses "+
		"in 9 countries, 1 to 3 tries each, over three hours; this account's password worked (not over ROPC)", start, ok.CreatedAt)
}

// deviceCodeJoin: a device code phish in the Storm-2372 manner: the victim enters the
// attacker's code for the Authentication Broker, and the attacker registers a device with
// the token minutes later.
func (s *scenario) deviceCodeJoin() {
	p := s.member("US", false)
	s.ensureHistory(p)
	from := s.at(nwLeaseWeb)
	at := s.clock(s.weekday(1), 16, 40)
	si := s.signIn(hit{p: p, at: at, from: from, app: usage{App: appBroker, Resource: appDRS}, kind: authPasswordMFA, mfa: true, method: p.mfaMethod,
		protocol: "deviceCode", session: s.r.uuid(), ua: attackerUA, os: "Windows10", brw: "Chrome 120.0.0", client: "Mobile Apps and Desktop clients"})
	s.signins[len(s.signins)-1].OriginalTransferMethod = "deviceCodeFlow"
	regAt := si.CreatedAt.Add(s.r.dur(6*time.Minute, 15*time.Minute))
	reg := s.t.newAudit(s.r, regAt, "Device Registration Service", "Device", "Register device", "Add", userActor(p, from.ip), "")
	name := "DESKTOP-" + strings.ToUpper(s.r.hex(7))
	reg.Targets = []Target{{ID: s.r.uuid(), DisplayName: name, Type: "Device", Modified: []Modified{
		{"CloudAccountEnabled", "", "[true]"}, {"CloudDeviceOSType", "", `["Windows"]`}, {"CloudDisplayName", "", `["` + name + `"]`},
	}}}
	s.audits = append(s.audits, reg.withUA(attackerUA))
	s.plant("device_code_phishing", p, from.ip, false, "device code sign-in to the Microsoft Authentication Broker (Device Registration Service) from LeaseWeb, "+
		"then Register device "+name+" by the victim from the same address minutes later", si.CreatedAt, regAt)
}

// roomProfile is a meeting-room resource account: not a person, signs in only as planted.
func (s *scenario) roomProfile(name, display string, office int) *profile {
	u := &User{ID: s.r.uuid(), UserPrincipalName: name + "@" + s.t.Options.Domain, DisplayName: display, Department: "Facilities",
		Enabled: true, Kind: "service", City: places[networks[office].Place].City, Country: places[networks[office].Place].Country}
	return &profile{u: u, idx: -1, home: networks[office].Place, homeNet: office, office: office, quiet: true, userType: "member",
		desk: &teamsRoom, deskID: s.r.uuid(), deskName: "MTR-" + strings.ToUpper(s.r.hex(6)), deskOwned: true, phone: &teamsRoom}
}

// meetingRooms: Teams Rooms consoles sign in with the device code flow from the offices
// every working day.
func (s *scenario) meetingRooms() {
	for _, room := range []struct {
		name, display string
		office        int
	}{{"room-boardroom", "Boardroom (Teams Room)", nwOfficeNY}, {"room-thames", "Thames (Teams Room)", nwOfficeLondon}} {
		p := s.roomProfile(room.name, room.display, room.office)
		from := s.at(room.office)
		off := time.Duration(-places[p.home].UTCOffset) * time.Hour
		for d := 0; d < s.t.Options.Days; d++ {
			date := s.t.Options.Start.AddDate(0, 0, d)
			if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			for k := 0; k < 3; k++ {
				at := date.Add(off + time.Duration(8+3*k)*time.Hour + s.r.dur(0, 50*time.Minute))
				s.signIn(hit{p: p, at: at, from: from, app: usage{App: appTeams, Resource: appTeamsSvc}, kind: authPassword, protocol: "deviceCode",
					own: true, session: s.r.uuid()})
				s.signins[len(s.signins)-1].OriginalTransferMethod = "deviceCodeFlow"
			}
		}
		s.decoy("device_code_phishing", p, from.ip, "a Teams Rooms console signs in with the device code flow from the office every working day")
	}
}

// fumbledPrompts: a user denies two MFA prompts by mistake at home, then approves.
func (s *scenario) fumbledPrompts() {
	var h *profile
	for i := 0; i < 20 && (h == nil || h.newHomeIP != ""); i++ {
		h = s.member("", false)
	}
	s.ensureHistory(h)
	at := s.clock(s.weekday(4), 13, 30)
	d := s.dayIndex(at)
	u := usage{App: appOfficeHome, Resource: appOfficeHome}
	for i := 0; i < 2; i++ {
		s.signIn(hit{p: h, at: at, from: s.home(h, d), app: u, code: 500121, kind: authPasswordMFA, mfa: true, method: "Mobile app notification",
			mfaResult: mfaDeclined, own: true, browser: true})
		at = at.Add(s.r.dur(25*time.Second, 50*time.Second))
	}
	s.signIn(hit{p: h, at: at.Add(s.r.dur(20*time.Second, 40*time.Second)), from: s.home(h, d), app: u, kind: authPasswordMFA, mfa: true,
		method: "Mobile app notification", own: true, browser: true})
	s.decoy("mfa_denied_fraud", h, h.homeIPOn(d), "two MFA prompts denied by mistake at home, then approved a minute later")
}

// mobileMember picks an unused member whose phone is on an IPv4 carrier of their own country.
func (s *scenario) mobileMember() *profile {
	var p *profile
	for i := 0; i < 30; i++ {
		p = s.member("", false)
		if n := p.mobileNet; (n == nwTMobile || n == nwVerizonWireless || n == nwEE || n == nwVodafoneUK) && p.newHomeIP == "" {
			break
		}
	}
	return p
}

// carrierHops plants a phone's sign-ins from its carrier whose addresses geolocate to other
// cities of the country minutes apart: carrier-grade NAT gateways.
func (s *scenario) carrierHops(p *profile, at time.Time) string {
	var cities []int
	for _, c := range map[string][]int{"US": {plSeattle, plAtlanta, plDenver, plChicago, plAustin}, "GB": {plEdinburgh, plLondon}}[p.u.Country] {
		if placeKm(p.home, c) > 500 {
			cities = append(cities, c)
		}
	}
	if len(cities) == 0 {
		return ""
	}
	d := s.dayIndex(at)
	session := s.t.sessionID(p, d, true)
	phone := usage{App: appOutlookMobile, Resource: appOffice365Exchange}
	first := ""
	for k := 0; k < 3; k++ {
		from := s.at(p.mobileNet)
		from.place = p.home
		if k > 0 {
			from.place = cities[s.r.IntN(len(cities))]
		}
		si := s.signIn(hit{p: p, at: at, from: from, app: phone, kind: authClaim, mfa: true, own: true, phone: true, session: session})
		if first == "" {
			first = si.IPAddress
		}
		at = at.Add(s.r.dur(8*time.Minute, 25*time.Minute))
	}
	return first
}

func (s *scenario) carrierGeolocation() {
	p := s.mobileMember()
	at := s.clock(s.weekday(2), 17, 5).Add(-time.Duration(places[p.home].UTCOffset) * time.Hour)
	if ip := s.carrierHops(p, at); ip != "" {
		s.decoy("impossible_travel", p, networks[p.mobileNet].Prefix.String(), "a phone on one carrier whose addresses geolocate to cities hundreds of km apart, minutes apart")
	}
}

// ipv6At is a privacy address in the /64 of a home address.
func (s *scenario) ipv6At(home string) string {
	a, err := netip.ParseAddr(home)
	if err != nil || !a.Is6() {
		return home
	}
	b := a.As16()
	for i := 8; i < 16; i++ {
		b[i] = byte(s.r.IntN(256))
	}
	return netip.AddrFrom16(b).String()
}

// privacyDay plants a day of laptop sign-ins from a home IPv6 line, each from a new privacy
// address within the line's /64, in the laptop's session of the day.
func (s *scenario) privacyDay(p *profile, d int) {
	off := time.Duration(-places[p.home].UTCOffset) * time.Hour
	at := s.t.Options.Start.AddDate(0, 0, d).Add(off + 9*time.Hour + s.r.dur(0, time.Hour))
	session := s.t.sessionID(p, d, false)
	for k := 0; k < 6; k++ {
		from := whereFrom{ip: s.ipv6At(p.homeIPOn(d)), net: p.homeNet, place: p.home}
		cat := NonInteractive
		if k%3 == 0 {
			cat = Interactive
		}
		s.signIn(hit{p: p, at: at, from: from, cat: cat, app: usage{App: appOWA, Resource: appOffice365Exchange}, kind: authClaim, mfa: true,
			own: true, browser: true, session: session})
		at = at.Add(s.r.dur(40*time.Minute, 90*time.Minute))
	}
}

func (s *scenario) ipv6Privacy() {
	for _, p := range s.t.members(false) {
		if !s.used[p] && p.homeNet == nwComcast6 && p.office < 0 && p.newHomeIP == "" {
			s.used[p] = true
			d := s.dayIndex(s.clock(s.weekday(1), 15, 0))
			s.privacyDay(p, d)
			s.decoy("session_replay", p, networks[nwComcast6].Prefix.String(), "a laptop's session moves between IPv6 privacy addresses of one /64 all day")
			return
		}
	}
}

// wifiToCarrier: a phone in the office moves between the office Wi-Fi and its carrier, and
// keeps its session.
func (s *scenario) wifiToCarrier() {
	p := s.member("US", true)
	if p.office < 0 {
		return
	}
	at := s.clock(s.weekday(3), 15, 0)
	d := s.dayIndex(at)
	session := s.t.sessionID(p, d, true)
	office, carrier := s.at(p.office), s.at(p.mobileNet)
	carrier.place = p.home
	phone := usage{App: appOutlookMobile, Resource: appOffice365Exchange}
	for k := 0; k < 6; k++ {
		from := office
		if k%2 == 1 {
			from = carrier
		}
		s.signIn(hit{p: p, at: at, from: from, cat: NonInteractive, app: phone, kind: authClaim, mfa: true, own: true, phone: true, session: session})
		at = at.Add(s.r.dur(6*time.Minute, 15*time.Minute))
	}
	s.decoy("session_replay", p, carrier.ip, "a phone's session moves between the office Wi-Fi and its carrier within minutes")
}

// vpnSession names the user who works from home through the corporate VPN as a look-alike
// of a replayed session: their laptop's session moves between the two networks all day.
func (s *scenario) vpnSession() {
	for _, p := range s.t.profiles {
		if p.vpnHome {
			s.decoy("session_replay", p, networks[nwOfficeNY].Prefix.String(), "a laptop's session moves between the home line and the corporate VPN exit")
			return
		}
	}
}

// laptopTrip sends a user abroad with their managed laptop: its first sign-in there is
// the laptop's, on arrival. It returns the address used there.
func (s *scenario) laptopTrip(p *profile, dest, net int, depart time.Time, stay time.Duration) string {
	flight := time.Duration((placeKm(p.home, dest)/700 + 1) * float64(time.Hour)).Truncate(time.Minute)
	tr := s.trip(p, dest, net, depart, flight, stay, flight)
	there := whereFrom{ip: tr.ip, net: tr.net, place: tr.place}
	laptop := usage{App: appOfficeHome, Resource: appOfficeHome}
	for at := tr.from.Add(s.r.dur(time.Minute, 3*time.Minute)); at.Before(tr.to.Add(-time.Hour)) && at.Before(s.t.end); at = at.Add(9*time.Hour + s.r.dur(0, time.Hour)) {
		s.signIn(hit{p: p, at: at, from: there, app: laptop, kind: authClaim, mfa: true, own: true, browser: true,
			session: s.t.sessionID(p, s.dayIndex(at), false)})
	}
	return tr.ip
}

// managedTraveller: a user takes their managed, compliant laptop to a country they never
// signed in from.
func (s *scenario) managedTraveller() {
	var p *profile
	for i := 0; i < 30; i++ {
		p = s.member("US", false)
		if p.deskOwned {
			break
		}
	}
	if !p.deskOwned {
		return
	}
	ip := s.laptopTrip(p, plBerlin, nwTelekom, s.clock(s.weekday(2), 23, 0), 3*24*time.Hour)
	s.decoy("new_country", p, ip, "a business trip to Berlin with the user's managed, compliant laptop, which signs in first on arrival")
	s.decoy("unfamiliar_sign_in_properties", p, ip, "a business trip: a new network and country, the usual device, browser and operating system")
}

// noise2026 spreads the ordinary oddities of a large tenant over its users: phones whose
// carrier geolocates them far away, IPv6 privacy addresses, trips with managed laptops.
func (s *scenario) noise2026() {
	r := newRNG(s.t.Options.Seed, streamScenario+0x2026)
	for _, p := range s.t.members(false) {
		if s.used[p] || p.newHomeIP != "" {
			continue
		}
		switch x := r.Float64(); {
		case x < 0.03 && p.mobileNet != nwTMobile6:
			d := r.between(1, s.t.Options.Days-2)
			at := s.t.Options.Start.AddDate(0, 0, d).Add(time.Duration(17-places[p.home].UTCOffset)*time.Hour + r.dur(0, 2*time.Hour))
			if s.carrierHops(p, at) != "" {
				s.used[p] = true
				s.decoy("impossible_travel", p, networks[p.mobileNet].Prefix.String(), "noise: carrier addresses geolocated to other cities")
			}
		case x < 0.06 && p.homeNet == nwComcast6 && p.office < 0:
			s.used[p] = true
			s.privacyDay(p, r.between(1, s.t.Options.Days-1))
		case x < 0.07 && p.deskOwned && (p.u.Country == "US" || p.u.Country == "GB"):
			s.used[p] = true
			dest, net := plDublin, nwEir
			if p.u.Country == "GB" {
				dest, net = plToronto, nwRogers
			}
			depart := s.t.Options.Start.AddDate(0, 0, r.between(2, s.t.Options.Days-5)).Add(time.Duration(20-places[p.home].UTCOffset) * time.Hour)
			ip := s.laptopTrip(p, dest, net, depart, time.Duration(r.between(2, 4))*24*time.Hour)
			s.decoy("new_country", p, ip, "noise: a business trip with the user's managed laptop")
		}
	}
}
