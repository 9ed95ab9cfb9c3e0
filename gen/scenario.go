package gen

import (
	"math"
	"slices"
	"strings"
	"time"
)

// scenario plants the attacks and the decoys: their sign-ins, audits, mailbox events and
// risk records, and the ground truth that says what analyze must find.
type scenario struct {
	t    *Tenant
	r    rng
	a0   time.Time // midnight of the first attack day
	used map[*profile]bool

	signins []SignIn
	audits  []Audit
	mail    []MailboxEvent
	risks   []RiskDetection
	risky   []RiskyUser

	// Shared between the attacks and what follows them.
	victim, ga2, exchangeAdmin, userAdmin, helpdesk *profile
	svc                                             *profile
	hrApp                                           appRef

	wl *workloads // the tenant's workload identities (workload.go)
}

// appRef is an application registered in the tenant.
type appRef struct {
	Name, AppID, ObjectID, SPID string
}

func newScenario(t *Tenant) *scenario {
	s := &scenario{t: t, r: newRNG(t.Options.Seed, streamScenario), used: map[*profile]bool{}}
	s.a0 = t.Options.Start.AddDate(0, 0, t.Options.Days-7)
	for _, p := range t.profiles {
		if !p.admin || p.quiet {
			continue
		}
		switch p.u.Roles[0] {
		case "Global Administrator":
			if s.victim == nil {
				s.victim = p
			} else if s.ga2 == nil {
				s.ga2 = p
			}
		case "Exchange Administrator":
			s.exchangeAdmin = p
		case "User Administrator":
			s.userAdmin = p
		case "Helpdesk Administrator":
			s.helpdesk = p
		}
		s.used[p] = true
	}
	s.svc = t.special(specialSvcBackup)
	s.hrApp = appRef{Name: "HR Sync Connector", AppID: s.r.uuid(), ObjectID: s.r.uuid(), SPID: s.r.uuid()}
	return s
}

// clock is a time on attack day k (0 is the first) at hh:mm, plus up to a minute.
func (s *scenario) clock(k, hh, mm int) time.Time {
	return s.a0.AddDate(0, 0, k).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute).Add(s.r.dur(0, time.Minute))
}

// dayClock is a time on tenant day d.
func (s *scenario) dayClock(d, hh, mm int) time.Time {
	return s.t.Options.Start.AddDate(0, 0, d).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute).Add(s.r.dur(0, time.Minute))
}

// weekday returns the first attack day index at or after k that is a Monday to Friday.
func (s *scenario) weekday(k int) int {
	for ; k < 7; k++ {
		wd := s.a0.AddDate(0, 0, k).Weekday()
		if wd != time.Saturday && wd != time.Sunday {
			return k
		}
	}
	return 0
}

// member picks an unused enabled member, from a country when one is given ("" for any),
// optionally one who works in an office.
func (s *scenario) member(country string, office bool) *profile {
	cands := s.t.members(false)
	start := s.r.IntN(len(cands))
	for i := range cands {
		p := cands[(start+i)%len(cands)]
		if s.used[p] || (country != "" && p.u.Country != country) || (office && p.office < 0) || p.vpnHome {
			continue
		}
		s.used[p] = true
		return p
	}
	// A tiny tenant: reuse someone.
	for i := range cands {
		p := cands[(start+i)%len(cands)]
		if country == "" || p.u.Country == country {
			return p
		}
	}
	return cands[start]
}

// memberIn picks an unused member living in a place, or else in its country.
func (s *scenario) memberIn(place int) *profile {
	for _, p := range s.t.members(false) {
		if !s.used[p] && p.home == place && !p.vpnHome {
			s.used[p] = true
			return p
		}
	}
	return s.member(places[place].Country, false)
}

// anyMembers returns n distinct members (or as many as there are), used or not.
func (s *scenario) anyMembers(n int) []*profile {
	cands := s.t.members(false)
	start := s.r.IntN(len(cands))
	var out []*profile
	for i := 0; i < len(cands) && len(out) < n; i++ {
		out = append(out, cands[(start+i*7)%len(cands)])
	}
	slices.SortFunc(out, func(a, b *profile) int { return a.idx - b.idx })
	out = slices.Compact(out)
	return out
}

// at is a fresh address in a network, located where the network is.
func (s *scenario) at(net int) whereFrom {
	return whereFrom{ip: s.r.ipIn(networks[net].Prefix), net: net, place: networks[net].Place}
}

// home is the user's home line on tenant day d.
func (s *scenario) home(p *profile, d int) whereFrom {
	return whereFrom{ip: p.homeIPOn(d), net: p.homeNet, place: p.home}
}

// dayIndex is the tenant day of a time.
func (s *scenario) dayIndex(at time.Time) int {
	return int(at.Sub(s.t.Options.Start) / (24 * time.Hour))
}

// hit describes a planted sign-in.
type hit struct {
	p         *profile
	at        time.Time
	from      whereFrom
	app       usage
	cat       string // Interactive unless set
	code      int
	kind      authKind
	mfa       bool
	method    string
	mfaResult string
	own       bool // from the user's own device
	phone     bool
	browser   bool
	ua        string // an unmanaged device's user agent
	os        string
	brw       string
	client    string
	protocol  string
	token     string
	session   string
	risk      string // riskLevelDuringSignIn
	riskTypes []string
}

// signIn builds a planted sign-in and keeps it.
func (s *scenario) signIn(h hit) SignIn {
	t := s.t
	cat := h.cat
	if cat == "" {
		cat = Interactive
	}
	si := t.signInAt(s.r, h.p, h.at, h.from, cat)
	si.setApp(h.app)
	if h.own {
		si.setDevice(h.p, h.phone, h.browser)
	} else {
		client := h.client
		if client == "" {
			client = "Browser"
		}
		si.setAttackerDevice(h.ua, h.os, h.brw, client)
	}
	if h.protocol != "" {
		si.AuthenticationProtocol = h.protocol
	}
	if h.token != "" {
		si.IncomingTokenType = h.token
	} else if cat == NonInteractive {
		si.IncomingTokenType = "refreshToken"
	}
	si.setAuth(h.kind, h.mfa, h.method, h.code, h.mfaResult)
	t.setCA(&si, h.mfa, h.p.admin)
	si.SessionID = h.session
	if h.risk != "" {
		si.RiskLevelDuringSignIn, si.RiskLevelAggregated, si.RiskState = h.risk, h.risk, "atRisk"
		si.RiskEventTypes = h.riskTypes
	}
	s.signins = append(s.signins, si)
	return si
}

// plant records ground truth spanning the given sign-ins' times, or [start, end].
func (s *scenario) plant(rule string, p *profile, ip string, chain bool, note string, start, end time.Time) {
	user := ""
	if p != nil {
		user = p.u.UPN()
	}
	s.t.Planted = append(s.t.Planted, Planted{Rule: rule, User: user, IP: ip, Start: start.Truncate(time.Second), End: end.Truncate(time.Second).Add(time.Second), Chain: chain, Note: note})
}

func (s *scenario) decoy(rule string, p *profile, ip, note string) {
	user := ""
	if p != nil {
		user = p.u.UPN()
	}
	s.t.Decoys = append(s.t.Decoys, Decoy{Rule: rule, User: user, IP: ip, Note: note})
}

// An attacker's browser.
func (h hit) attackerBrowser() hit {
	h.ua, h.os, h.brw, h.client, h.browser = attackerUA, "Windows10", "Chrome 120.0.0", "Browser", true
	return h
}

// attacks plants every attack scenario.
func (s *scenario) attacks() {
	s.chain()
	s.bruteForce()
	s.distributedCracking()
	s.mfaFraud()
	s.disabledAccounts()
	s.legacyAuth()
	s.ropc()
	s.deviceCode()
	s.impossibleTravel()
	s.newCountry()
	s.newASNPrivileged()
	s.microsoftRisk()
	s.threatIntel()
	s.workloadAttacks()
}

// chain is the compromise: a password spray finds the victim's password, MFA fatigue gets
// the victim to approve a push, and the attacker persists: security info, mailbox rules
// and forwarding, a delegate, a Global Administrator, app credentials and a consent grant.
func (s *scenario) chain() {
	v := s.victim
	attacker := s.at(nwM247)
	ip := attacker.ip
	session := s.r.uuid()

	// The spray: one attempt each against two dozen users within twelve minutes.
	targets := s.anyMembers(23)
	for _, p := range s.t.profiles {
		if p.admin && !p.quiet && p != v && len(targets) < 26 {
			targets = append(targets, p)
		}
	}
	pos := 9
	targets = slices.Insert(targets, pos, v)
	sprayStart := s.clock(0, 2, 7)
	var sprayEnd time.Time
	for i, p := range targets {
		at := sprayStart.Add(time.Duration(i) * 27 * time.Second).Add(s.r.dur(0, 3*time.Second))
		code := 50126
		kind := authPassword
		switch {
		case p == v:
			code, kind = 50074, authPasswordMFA // the password was right; MFA stopped it
		case i >= len(targets)-4:
			code = 50053 // the IP is now blocked as malicious
		}
		h := hit{p: p, at: at, from: attacker, app: usage{App: appAADPowerShell, Resource: appAAD}, code: code, kind: kind, mfa: true,
			method: "Mobile app notification", ua: attackerUA, os: "Windows10", brw: "Chrome 120.0.0", client: "Mobile Apps and Desktop clients"}
		si := s.signIn(h)
		sprayEnd = si.CreatedAt
	}
	s.plant("password_spray", nil, ip, true, "one M247 (RO) address; 50126/50053 against 26 users in 12 minutes; the victim's attempt is 50074 (right password)", sprayStart, sprayEnd)

	// MFA fatigue: fourteen pushes denied or ignored over half an hour, then approved.
	fatigueStart := s.clock(0, 3, 40)
	at := fatigueStart
	for i := 0; i < 14; i++ {
		result := mfaDeclined
		if i%3 == 1 {
			result = mfaNoResponse
		}
		h := hit{p: v, at: at, from: attacker, app: usage{App: appOfficeHome, Resource: appOfficeHome}, code: 500121, kind: authPasswordMFA, mfa: true,
			method: "Mobile app notification", mfaResult: result, session: session}.attackerBrowser()
		s.signIn(h)
		at = at.Add(s.r.dur(2*time.Minute, 170*time.Second))
	}
	okAt := at.Add(s.r.dur(40*time.Second, 90*time.Second))
	ok := s.signIn(hit{p: v, at: okAt, from: attacker, app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authPasswordMFA, mfa: true,
		method: "Mobile app notification", session: session, risk: "medium", riskTypes: []string{"unfamiliarFeatures"}}.attackerBrowser())
	s.plant("mfa_fatigue", v, ip, true, "14 MFA pushes denied or unanswered (500121) in 35 minutes from the spray address, then approved", fatigueStart, okAt)
	s.risks = append(s.risks, s.riskDetection(v, ok, "unfamiliarFeatures", "medium", "realtime", "atRisk"))
	s.risky = append(s.risky, RiskyUser{ID: v.u.ID, UserPrincipalName: v.u.UserPrincipalName, UserDisplayName: v.u.DisplayName,
		RiskLevel: "medium", RiskState: "atRisk", RiskDetail: "none", RiskLastUpdatedAt: okAt.Add(3 * time.Minute).Truncate(time.Millisecond)})

	// What the attacker does with the session.
	follow := func(min int, a usage, browser bool) SignIn {
		h := hit{p: v, at: okAt.Add(time.Duration(min)*time.Minute + s.r.dur(0, 40*time.Second)), from: attacker, app: a, kind: authClaim, mfa: true, session: session}.attackerBrowser()
		if !browser {
			h.client, h.brw = "Mobile Apps and Desktop clients", "Rich Client 2.2.0"
			h.ua = "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.5"
		}
		return s.signIn(h)
	}
	follow(2, usage{App: appMySignins, Resource: appMySignins}, true)
	follow(6, usage{App: appOWA, Resource: appOffice365Exchange}, true)
	follow(16, usage{App: appEXOPowerShell, Resource: appOffice365Exchange}, false)
	follow(33, usage{App: appEntraAdmin, Resource: appGraph}, true)
	follow(45, usage{App: appGraphPowerShell, Resource: appGraph}, false)
	for m := 10; m <= 100; m += 9 {
		h := hit{p: v, at: okAt.Add(time.Duration(m)*time.Minute + s.r.dur(0, time.Minute)), from: attacker, cat: NonInteractive,
			app: usage{App: appOWA, Resource: appOffice365Exchange}, kind: authClaim, mfa: true, session: session}.attackerBrowser()
		s.signIn(h)
	}

	actor := userActor(v, ip)
	actor2 := actor
	// Security info for the attacker's authenticator.
	regAt := okAt.Add(4*time.Minute + s.r.dur(0, time.Minute))
	reg := s.t.newAudit(s.r, regAt, "Authentication Methods", "UserManagement", "User registered security info", "Add", actor, "User registered Authenticator App with Notification and Code")
	reg.Targets = []Target{userTarget(v)}
	reg = reg.withUA(attackerUA)
	s.audits = append(s.audits, reg)

	// Mailbox: an inbox rule forwarding payment mail out, then forwarding of everything.
	alias := strings.ToLower(strings.SplitN(v.u.UserPrincipalName, "@", 2)[0])
	ruleAt := okAt.Add(14*time.Minute + s.r.dur(0, time.Minute))
	extFwd := alias[:1] + strings.ReplaceAll(alias[1:], ".", "") + ".archive@protonmail.com"
	rule := s.t.exchangeCmdlet(s.r, ruleAt, v, ip, "New-InboxRule", s.t.ruleObject(v, "."), []KeyValue{
		{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"Name", "."},
		{"SubjectOrBodyContainsWords", "invoice;payment;wire;remittance"}, {"ForwardTo", extFwd},
		{"MoveToFolder", "RSS Subscriptions"}, {"MarkAsRead", "True"}, {"StopProcessingRules", "True"},
	})
	s.mail = append(s.mail, rule)
	s.plant("mfa_method_registered", v, ip, true, "User registered security info (Authenticator) minutes after the MFA-fatigue sign-in, from the attacker's address", regAt, regAt)
	s.plant("inbox_forwarding_external", v, ip, true, "New-InboxRule named \".\" forwarding invoices to "+extFwd+", moving them to RSS Subscriptions", ruleAt, ruleAt)
	s.plant("inbox_rule_hiding", v, ip, false, "the same rule hides the invoices: RSS Subscriptions, marked read", ruleAt, ruleAt)

	fwdAt := okAt.Add(19*time.Minute + s.r.dur(0, time.Minute))
	gmail := strings.ReplaceAll(alias, ".", "") + "1987@gmail.com"
	s.mail = append(s.mail, s.t.exchangeCmdlet(s.r, fwdAt, v, ip, "Set-Mailbox", v.u.UserPrincipalName, []KeyValue{
		{"Identity", v.u.UserPrincipalName}, {"ForwardingSmtpAddress", "smtp:" + gmail}, {"DeliverToMailboxAndForward", "True"},
	}))
	s.plant("mailbox_forwarding_external", v, ip, true, "Set-Mailbox -ForwardingSmtpAddress smtp:"+gmail, fwdAt, fwdAt)

	// A backdoor account: password reset, phone registered, Global Administrator, delegate.
	svc := s.svc
	resetAt := okAt.Add(29*time.Minute + s.r.dur(0, time.Minute))
	reset := s.t.newAudit(s.r, resetAt, "Core Directory", "UserManagement", "Reset user password", "Update", actor2, "")
	reset.Targets = []Target{userTarget(svc)}
	s.audits = append(s.audits, reset.withUA(attackerUA))
	adminRegAt := resetAt.Add(3*time.Minute + s.r.dur(0, 30*time.Second))
	adminReg := s.t.newAudit(s.r, adminRegAt, "Authentication Methods", "UserManagement", "Admin registered security info", "Add", actor2, "Admin registered mobile phone method for user")
	adminReg.Targets = []Target{userTarget(svc)}
	s.audits = append(s.audits, adminReg.withUA(attackerUA))
	roleAt := adminRegAt.Add(5*time.Minute + s.r.dur(0, time.Minute))
	s.audits = append(s.audits, s.t.roleAssignment(s.r, roleAt, actor2, svc, "Global Administrator", "62e90394-69f5-4237-9190-012177145e10", "TenantAdmins").withUA(attackerUA))
	s.plant("privileged_role_assigned", v, ip, true, "Add member to role: Global Administrator for "+svc.u.UPN()+", by the victim from the attacker's address", roleAt, roleAt)
	delAt := roleAt.Add(5*time.Minute + s.r.dur(0, time.Minute))
	s.mail = append(s.mail, s.t.exchangeCmdlet(s.r, delAt, v, ip, "Add-MailboxPermission", v.u.UserPrincipalName, []KeyValue{
		{"Identity", v.u.UserPrincipalName}, {"User", svc.u.UserPrincipalName}, {"AccessRights", "FullAccess"}, {"InheritanceType", "All"}, {"AutoMapping", "False"},
	}))
	s.plant("mailbox_delegate_added", v, ip, true, "Add-MailboxPermission FullAccess on the victim's mailbox for "+svc.u.UPN(), delAt, delAt)

	// Credentials on an application the tenant already has, and consent to a stranger's.
	credAt := delAt.Add(6*time.Minute + s.r.dur(0, time.Minute))
	keyID := s.r.uuid()
	oldKeyID := s.r.uuid()
	if s.wl != nil { // the secret HR Sync Connector signs in with; the attacker's is used from elsewhere (workloadAttacks)
		oldKeyID = s.wl.hr.key
		s.wl.hrNewKey, s.wl.hrCredAt, s.wl.attackerIP = keyID, credAt, ip
	}
	oldKey := "[KeyIdentifier=" + oldKeyID + ",KeyType=Password,KeyUsage=Verify,DisplayName=hr-sync-2025]"
	newKey := "[KeyIdentifier=" + keyID + ",KeyType=Password,KeyUsage=Verify,DisplayName=backup]"
	upd := s.t.newAudit(s.r, credAt, "Core Directory", "ApplicationManagement", "Update application – Certificates and secrets management ", "Update", actor2, "")
	upd.Targets = []Target{{ID: s.hrApp.ObjectID, DisplayName: s.hrApp.Name, Type: "Application", Modified: []Modified{
		{"KeyDescription", `["` + oldKey + `"]`, `["` + oldKey + `","` + newKey + `"]`},
		{"Included Updated Properties", "", `"KeyDescription"`},
	}}}
	s.audits = append(s.audits, upd.withUA(attackerUA))
	spCredAt := credAt.Add(40*time.Second + s.r.dur(0, 20*time.Second))
	spCred := s.t.newAudit(s.r, spCredAt, "Core Directory", "ApplicationManagement", "Add service principal credentials", "Update", actor2, "")
	certKey := "[KeyIdentifier=" + s.r.uuid() + ",KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=CN=hrsync]"
	spCred.Targets = []Target{{ID: s.hrApp.SPID, DisplayName: s.hrApp.Name, Type: "ServicePrincipal", Modified: []Modified{
		{"KeyDescription", "[]", `["` + certKey + `"]`},
		{"Included Updated Properties", "", `"KeyDescription"`},
		{"TargetId.ServicePrincipalNames", "", `"` + s.hrApp.AppID + `"`},
	}}}
	s.audits = append(s.audits, spCred.withUA(attackerUA))
	s.plant("app_credential_added", v, ip, true, "a client secret on application "+s.hrApp.Name+" and a certificate on its service principal", credAt, spCredAt)

	consentAt := spCredAt.Add(8*time.Minute + s.r.dur(0, time.Minute))
	mailSync := appRef{Name: "Mail Sync Pro", AppID: s.r.uuid(), ObjectID: s.r.uuid(), SPID: s.r.uuid()}
	s.audits = append(s.audits, s.t.addServicePrincipal(s.r, consentAt.Add(-2*time.Second), actor2, mailSync).withUA(attackerUA))
	// The consent came from the attacker's tooling, whose user agent is hostile text.
	s.audits = append(s.audits, s.t.consent(s.r, consentAt, actor2, mailSync, true, "Mail.Read Mail.ReadWrite Files.ReadWrite.All offline_access openid profile User.Read", true).withUA(HostileUserAgent))
	s.plant("consent_grant_risky", v, ip, true, "admin consent to the unverified multi-tenant app Mail Sync Pro: Mail.Read, Mail.ReadWrite, Files.ReadWrite.All, offline_access", consentAt, consentAt)

	// The backdoor account signs in, from another of the attacker's addresses.
	s.signIn(hit{p: svc, at: consentAt.Add(12*time.Minute + s.r.dur(0, time.Minute)), from: s.at(nwM247), app: usage{App: appEntraAdmin, Resource: appGraph},
		kind: authPasswordMFA, mfa: true, method: "Text message", session: s.r.uuid()}.attackerBrowser())
}

// ensureHistory plants an ordinary sign-in from home on each of the first three days, so
// that rules comparing with a user's history have one, however quiet the user is.
func (s *scenario) ensureHistory(p *profile) {
	off := time.Duration(-places[p.home].UTCOffset) * time.Hour
	for d := 0; d < 3; d++ {
		at := s.t.Options.Start.AddDate(0, 0, d).Add(off + 10*time.Hour + s.r.dur(0, 4*time.Hour))
		s.signIn(hit{p: p, at: at, from: s.home(p, d), app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authClaim, mfa: true, own: true, browser: true})
	}
}

// riskDetection records Identity Protection's detection on a sign-in.
func (s *scenario) riskDetection(p *profile, si SignIn, typ, level, timing, state string) RiskDetection {
	detected := si.CreatedAt.Add(s.r.dur(20*time.Second, 4*time.Minute))
	if timing == "offline" {
		detected = si.CreatedAt.Add(s.r.dur(2*time.Hour, 9*time.Hour))
	}
	detected = detected.Truncate(time.Microsecond)
	return RiskDetection{
		ID: s.r.hex(64), RequestID: si.ID, CorrelationID: si.CorrelationID, RiskEventType: typ, RiskState: state, RiskLevel: level,
		RiskDetail: "none", Source: "IdentityProtection", DetectionTimingType: timing, Activity: "signin", TokenIssuerType: "AzureAD",
		IPAddress: si.IPAddress, City: si.City, State: si.State, Country: si.Country, Latitude: si.Latitude, Longitude: si.Longitude,
		ActivityAt: si.CreatedAt, DetectedAt: detected, LastUpdatedAt: detected, UserID: p.u.ID, UserDisplayName: p.u.DisplayName,
		UserPrincipalName: p.u.UserPrincipalName,
		AdditionalInfo:    `[{"Key":"userAgent","Value":` + jsonQuote(si.UserAgent) + `}]`,
	}
}

func (s *scenario) bruteForce() {
	p := s.member("US", false)
	from := s.at(nwVNPT)
	start := s.clock(1, 13, 5)
	at := start
	var last time.Time
	for i := 0; i < 26; i++ {
		code := 50126
		if i >= 24 {
			code = 50053
		}
		si := s.signIn(hit{p: p, at: at, from: from, app: usage{App: appOfficeHome, Resource: appOfficeHome}, code: code, kind: authPassword, mfa: true,
			ua: HostileUserAgent, os: "Linux", brw: "", client: "Browser"})
		last = si.CreatedAt
		at = at.Add(s.r.dur(12*time.Second, 24*time.Second))
	}
	s.plant("brute_force", p, from.ip, false, "24 wrong passwords (50126) and 2 lockouts (50053) against one user from one VNPT (VN) address in about 8 minutes; the tool's user agent is hostile text", start, last)
}

func (s *scenario) distributedCracking() {
	p := s.member("", false)
	nets := []int{nwVNPT, nwVivo, nwJio, nwTelkomsel, nwTurkTelekom, nwKyivstar, nwOrangePL, nwRostelecom, nwMTN, nwVivo, nwJio, nwTurkTelekom}
	start := s.clock(2, 9, 0)
	at := start
	var last time.Time
	for i, n := range nets {
		code := 50126
		if i == 7 || i == 11 {
			code = 50053
		}
		si := s.signIn(hit{p: p, at: at, from: s.at(n), app: usage{App: appOffice, Resource: appOffice365Exchange}, code: code, kind: authPassword, mfa: true,
			ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", os: "Windows10", brw: "Firefox 128.0", client: "Mobile Apps and Desktop clients"})
		last = si.CreatedAt
		at = at.Add(s.r.dur(2*time.Minute, 5*time.Minute))
	}
	s.plant("distributed_password_cracking", p, "", false, "12 failed passwords from 12 residential addresses in 9 countries within 50 minutes", start, last)
}

func (s *scenario) mfaFraud() {
	p := s.member("", false)
	from := s.at(nwLeaseWeb)
	at := s.clock(2, 16, 20)
	first := s.signIn(hit{p: p, at: at, from: from, app: usage{App: appOfficeHome, Resource: appOfficeHome}, code: 500121, kind: authPasswordMFA, mfa: true,
		method: "Mobile app notification", mfaResult: mfaNoResponse}.attackerBrowser())
	si := s.signIn(hit{p: p, at: at.Add(s.r.dur(90*time.Second, 3*time.Minute)), from: from, app: usage{App: appOfficeHome, Resource: appOfficeHome}, code: 500121,
		kind: authPasswordMFA, mfa: true, method: "Mobile app notification", mfaResult: "Fraud code entered"}.attackerBrowser())
	// The status says what the user did; the step says how.
	last := &s.signins[len(s.signins)-1]
	last.AdditionalDetails = mfaFraud
	rd := s.riskDetection(p, si, "userReportedSuspiciousActivity", "high", "nearRealtime", "atRisk")
	rd.Source = "EndUserReported"
	s.risks = append(s.risks, rd)
	s.risky = append(s.risky, RiskyUser{ID: p.u.ID, UserPrincipalName: p.u.UserPrincipalName, UserDisplayName: p.u.DisplayName,
		RiskLevel: "high", RiskState: "atRisk", RiskDetail: "none", RiskLastUpdatedAt: rd.DetectedAt})
	s.plant("mfa_denied_fraud", p, from.ip, false, "the user reported an unexpected MFA push as fraud (500121, \"Fraud code entered\"); Identity Protection: userReportedSuspiciousActivity", first.CreatedAt, si.CreatedAt)
}

func (s *scenario) disabledAccounts() {
	var disabled []*profile
	for _, p := range s.t.profiles {
		if !p.u.Enabled {
			disabled = append(disabled, p)
		}
	}
	from := s.at(nwOVH)
	start := s.clock(3, 11, 0)
	at := start
	for _, p := range disabled {
		for k := 0; k < 2; k++ {
			s.signIn(hit{p: p, at: at, from: from, app: usage{App: appAzurePortal, Resource: appAzureMgmt}, code: 50057, kind: authPassword, mfa: true}.attackerBrowser())
			at = at.Add(s.r.dur(40*time.Second, 100*time.Second))
		}
	}
	victim := s.member("", false)
	ok := s.signIn(hit{p: victim, at: at.Add(s.r.dur(2*time.Minute, 4*time.Minute)), from: from, app: usage{App: appBroker, Resource: appDRS}, kind: authPassword}.attackerBrowser())
	names := make([]string, len(disabled))
	for i, p := range disabled {
		names[i] = p.u.UPN()
	}
	s.plant("disabled_account", victim, from.ip, false, "one OVH address tried disabled accounts ("+strings.Join(names, ", ")+") with 50057, then signed in as this user", start, ok.CreatedAt)
}

// legacyAuth plants mail clients that still use basic authentication, every working day.
func (s *scenario) legacyAuth() {
	t := s.t
	thunderbird := s.member("US", false)
	oldPhone := s.member("GB", false)
	scanner := t.special(specialScanner)
	exo := usage{App: appOffice365Exchange, Resource: appOffice365Exchange}
	var firstTB, lastTB, firstOP, lastOP, firstSc, lastSc time.Time
	span := func(first, last *time.Time, at time.Time) {
		if first.IsZero() || at.Before(*first) {
			*first = at
		}
		if at.After(*last) {
			*last = at
		}
	}
	mk := func(p *profile, at time.Time, from whereFrom, client, ua, os, brw string) {
		s.signIn(hit{p: p, at: at, from: from, app: exo, kind: authPassword, ua: ua, os: os, brw: brw, client: client})
	}
	scannerIP := s.at(nwOfficeNY)
	for d := 0; d < t.Options.Days; d++ {
		date := t.Options.Start.AddDate(0, 0, d)
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		// Thunderbird on a home PC: IMAP all day, SMTP to send, POP3 once.
		tbHome := s.home(thunderbird, d)
		off := time.Duration(-places[thunderbird.home].UTCOffset) * time.Hour
		for k := 0; k < 6; k++ {
			at := date.Add(off + time.Duration(8+k*2)*time.Hour + s.r.dur(0, 50*time.Minute))
			mk(thunderbird, at, tbHome, "IMAP4", "", "", "")
			span(&firstTB, &lastTB, at)
		}
		for k := 0; k < 2; k++ {
			at := date.Add(off + time.Duration(10+k*4)*time.Hour + s.r.dur(0, time.Hour))
			mk(thunderbird, at, tbHome, "Authenticated SMTP", "", "", "")
		}
		if d == t.Options.Days-5 {
			mk(thunderbird, date.Add(off+12*time.Hour+s.r.dur(0, time.Hour)), tbHome, "POP3", "", "", "")
		}
		// An old iPhone's mail app and Outlook 2010.
		opOff := time.Duration(-places[oldPhone.home].UTCOffset) * time.Hour
		mobile := s.at(oldPhone.mobileNet)
		mobile.place = oldPhone.home
		for k := 0; k < 4; k++ {
			at := date.Add(opOff + time.Duration(8+k*3)*time.Hour + s.r.dur(0, 2*time.Hour))
			mk(oldPhone, at, mobile, "Exchange ActiveSync", "Apple-iPhone11C6/1905.258", "Ios 12.5.7", "Mobile Safari")
			span(&firstOP, &lastOP, at)
		}
		opHome := s.home(oldPhone, d)
		if d%2 == 0 {
			at := date.Add(opOff + 9*time.Hour + s.r.dur(0, 3*time.Hour))
			mk(oldPhone, at, opHome, "MAPI Over HTTP", "Microsoft Office/14.0 (Windows NT 6.1; Microsoft Outlook 14.0.7268; Pro)", "Windows 7", "IE 7.0")
			mk(oldPhone, at.Add(s.r.dur(time.Minute, 10*time.Minute)), opHome, "Exchange Web Services", "Microsoft Office/14.0 (Windows NT 6.1; Microsoft Outlook 14.0.7268; Pro; ExchangeServicesClient/14.03.0032.000)", "Windows 7", "IE 7.0")
		}
		if d == t.Options.Days-3 {
			mk(oldPhone, date.Add(opOff+15*time.Hour+s.r.dur(0, time.Hour)), opHome, "Other clients", "CRM-Mail-Connector/3.2", "", "")
		}
		// The office scanner sends scans by SMTP.
		for k := 0; k < 4; k++ {
			at := date.Add(4*time.Hour + time.Duration(9+k*2)*time.Hour + s.r.dur(0, 90*time.Minute))
			mk(scanner, at, scannerIP, "Authenticated SMTP", "", "", "")
			span(&firstSc, &lastSc, at)
		}
	}
	s.plant("legacy_auth", thunderbird, thunderbird.homeIP, false, "Thunderbird with basic authentication: IMAP4, Authenticated SMTP, POP3, every working day", firstTB, lastTB)
	s.plant("legacy_auth", oldPhone, "", false, "an old iPhone's Exchange ActiveSync, Outlook 2010 over MAPI Over HTTP and Exchange Web Services, one Other clients", firstOP, lastOP)
	s.plant("legacy_auth", scanner, scannerIP.ip, false, "the office scanner sends mail by Authenticated SMTP", firstSc, lastSc)
}

func (s *scenario) ropc() {
	p := s.member("", false)
	from := s.at(nwHetzner)
	start := s.clock(4, 7, 30)
	exo := usage{App: appOffice365Exchange, Resource: appOffice365Exchange}
	at := start
	for _, client := range []string{"Authenticated SMTP", "IMAP4", "IMAP4"} {
		s.signIn(hit{p: p, at: at, from: from, app: exo, kind: authPassword, ua: "BAV2ROPC", client: client, protocol: "ropc"})
		at = at.Add(s.r.dur(3*time.Minute, 7*time.Minute))
	}
	other := s.at(nwOVH)
	last := s.signIn(hit{p: p, at: at.Add(s.r.dur(2*time.Minute, 5*time.Minute)), from: other, app: exo, kind: authPassword, ua: "CBAInPROD", client: "Exchange Web Services", protocol: "ropc"})
	s.plant("ropc_user_agent", p, from.ip, false, "successful ROPC sign-ins with user agent BAV2ROPC from Hetzner, and one CBAInPROD from OVH", start, last.CreatedAt)
}

func (s *scenario) deviceCode() {
	p := s.member("GB", false)
	s.ensureHistory(p)
	from := s.at(nwDigitalOcean)
	at := s.clock(4, 15, 10)
	session := s.r.uuid()
	si := s.signIn(hit{p: p, at: at, from: from, app: usage{App: appOffice, Resource: appGraph}, kind: authPasswordMFA, mfa: true, method: p.mfaMethod,
		protocol: "deviceCode", session: session, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
		os: "Windows10", brw: "Chrome 129.0.0", client: "Mobile Apps and Desktop clients"})
	for _, m := range []int{14, 31, 58, 95} {
		s.signIn(hit{p: p, at: at.Add(time.Duration(m)*time.Minute + s.r.dur(0, time.Minute)), from: from, cat: NonInteractive, app: usage{App: appOffice, Resource: appOffice365Exchange},
			kind: authClaim, mfa: true, session: session, ua: "python-requests/2.32.3", os: "", brw: "", client: "Mobile Apps and Desktop clients"})
	}
	s.plant("device_code_phishing", p, from.ip, false, "device-code sign-in (authenticationProtocol deviceCode) from a DigitalOcean address in the US for a UK user who never used device code; tokens refreshed from there", si.CreatedAt, si.CreatedAt)
}

func (s *scenario) impossibleTravel() {
	p := s.memberIn(plLondon)
	s.ensureHistory(p)
	d := s.dayIndex(s.clock(5, 0, 0))
	london := s.signIn(hit{p: p, at: s.clock(5, 8, 10), from: s.home(p, d), app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authClaim, mfa: true, own: true, browser: true})
	sydney := s.at(nwTelstra)
	far := s.signIn(hit{p: p, at: london.CreatedAt.Add(40*time.Minute + s.r.dur(0, 20*time.Second)), from: sydney, app: usage{App: appOWA, Resource: appOffice365Exchange},
		kind: authPasswordMFA, mfa: true, method: p.mfaMethod}.attackerBrowser())
	s.plant("impossible_travel", p, sydney.ip, false, "London, then Sydney 40 minutes later (about 17,000 km)", london.CreatedAt, far.CreatedAt)
}

func (s *scenario) newCountry() {
	p := s.member("US", false)
	s.ensureHistory(p)
	from := s.at(nwMTN)
	si := s.signIn(hit{p: p, at: s.clock(5, 14, 30), from: from, app: usage{App: appOWA, Resource: appOffice365Exchange}, kind: authPasswordMFA, mfa: true, method: p.mfaMethod,
		ua: "Mozilla/5.0 (Linux; Android 13; TECNO KI5q) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.6613.146 Mobile Safari/537.36", os: "Android 13", brw: "Chrome Mobile 128.0.6613", client: "Browser"})
	s.signIn(hit{p: p, at: si.CreatedAt.Add(25*time.Minute + s.r.dur(0, time.Minute)), from: from, cat: NonInteractive, app: usage{App: appOWA, Resource: appOffice365Exchange},
		kind: authClaim, mfa: true, ua: si.UserAgent, os: si.OperatingSystem, brw: si.Browser, client: "Browser"})
	s.plant("new_country", p, from.ip, false, "first successful sign-in from Nigeria after two weeks of sign-ins from the US only", si.CreatedAt, si.CreatedAt)
}

func (s *scenario) newASNPrivileged() {
	p := s.ga2
	s.ensureHistory(p)
	from := s.at(nwVultr)
	at := s.clock(6, 10, 5)
	session := s.r.uuid()
	si := s.signIn(hit{p: p, at: at, from: from, app: usage{App: appAzurePortal, Resource: appAzureMgmt}, kind: authPasswordMFA, mfa: true, method: p.mfaMethod, session: session}.attackerBrowser())
	s.signIn(hit{p: p, at: at.Add(9*time.Minute + s.r.dur(0, time.Minute)), from: from, app: usage{App: appEntraAdmin, Resource: appGraph}, kind: authClaim, mfa: true, session: session}.attackerBrowser())
	s.plant("new_asn_privileged", p, from.ip, false, "a Global Administrator signs in from AS20473 (Vultr), never seen for them, in their own country", si.CreatedAt, si.CreatedAt)

	actor := userActor(p, from.ip)
	dom := s.t.Options.Domain
	fedAt := at.Add(15*time.Minute + s.r.dur(0, time.Minute))
	a := s.t.newAudit(s.r, fedAt, "Core Directory", "DirectoryManagement", "Set domain authentication", "Update", actor, "")
	a.Targets = []Target{{ID: s.r.uuid(), DisplayName: dom, Type: "Other", Modified: []Modified{{"LiveType", `"Managed"`, `"Federated"`}, {"Included Updated Properties", "", `"LiveType"`}}}}
	s.audits = append(s.audits, a.withUA(attackerUA))
	b := s.t.newAudit(s.r, fedAt.Add(20*time.Second+s.r.dur(0, 10*time.Second)), "Core Directory", "DirectoryManagement", "Set federation settings on domain", "Update", actor, "")
	b.Targets = []Target{{ID: s.r.uuid(), DisplayName: dom, Type: "Other", Modified: []Modified{
		{"IssuerUri", "", `"http://any.sts/` + strings.ToUpper(s.r.hex(8)) + `"`},
		{"FederationBrandName", "", `"` + s.t.Name + `"`},
		{"PassiveLogOnUri", "", `"https://login.` + s.t.Name + `-sso.com/adfs/ls/"`},
	}}}
	s.audits = append(s.audits, b.withUA(attackerUA))
	s.plant("federation_changed", p, from.ip, false, "Set domain authentication (Managed to Federated) and Set federation settings on domain "+dom+" by a Global Administrator signed in from a new ASN", fedAt, b.ActivityAt)

	caAt := fedAt.Add(8*time.Minute + s.r.dur(0, time.Minute))
	pol := &s.t.policies
	up := s.t.newAudit(s.r, caAt, "Conditional Access", "Policy", "Update conditional access policy", "Update", actor, "")
	up.Targets = []Target{{ID: pol.mfa, DisplayName: caRequireMFA.Name, Type: "Policy", Modified: []Modified{{"ConditionalAccessPolicy",
		`{"id":"` + pol.mfa + `","displayName":"` + caRequireMFA.Name + `","state":"enabled","conditions":{"users":{"includeUsers":["All"],"excludeUsers":[]}}}`,
		`{"id":"` + pol.mfa + `","displayName":"` + caRequireMFA.Name + `","state":"enabled","conditions":{"users":{"includeUsers":["All"],"excludeUsers":["` + s.svc.u.ID + `"]}}}`}}}}
	s.audits = append(s.audits, up.withUA(attackerUA))
	delAt := caAt.Add(2*time.Minute + s.r.dur(0, time.Minute))
	del := s.t.newAudit(s.r, delAt, "Conditional Access", "Policy", "Delete conditional access policy", "Delete", actor, "")
	del.Targets = []Target{{ID: pol.adminDevice, DisplayName: caAdminDevice.Name, Type: "Policy", Modified: []Modified{{"ConditionalAccessPolicy",
		`{"id":"` + pol.adminDevice + `","displayName":"` + caAdminDevice.Name + `","state":"enabledForReportingButNotEnforced"}`, ""}}}}
	s.audits = append(s.audits, del.withUA(attackerUA))
	s.plant("conditional_access_changed", p, from.ip, false, "Update conditional access policy (an exclusion added to "+caRequireMFA.Name+") and Delete conditional access policy ("+caAdminDevice.Name+")", caAt, delAt)
}

func (s *scenario) microsoftRisk() {
	p := s.member("", false)
	tor := s.at(nwTor)
	a := s.signIn(hit{p: p, at: s.clock(3, 20, 0), from: tor, app: usage{App: appOWA, Resource: appOffice365Exchange}, kind: authPasswordMFA, mfa: true, method: p.mfaMethod,
		risk: "high", riskTypes: []string{"anonymizedIPAddress"}, ua: "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0", os: "Windows10", brw: "Firefox 128.0", client: "Browser"})
	lw := s.at(nwLeaseWeb)
	b := s.signIn(hit{p: p, at: a.CreatedAt.Add(6*time.Minute + s.r.dur(0, time.Minute)), from: lw, app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authPasswordMFA, mfa: true,
		method: p.mfaMethod, risk: "high", riskTypes: []string{"unfamiliarFeatures"}}.attackerBrowser())
	s.risks = append(s.risks, s.riskDetection(p, a, "anonymizedIPAddress", "high", "realtime", "atRisk"))
	s.risks = append(s.risks, s.riskDetection(p, b, "UnfamiliarFeatures", "high", "realtime", "atRisk"))
	s.risky = append(s.risky, RiskyUser{ID: p.u.ID, UserPrincipalName: p.u.UserPrincipalName, UserDisplayName: p.u.DisplayName,
		RiskLevel: "high", RiskState: "atRisk", RiskDetail: "none", RiskLastUpdatedAt: b.CreatedAt.Add(5 * time.Minute).Truncate(time.Millisecond)})
	s.plant("microsoft_risk", p, tor.ip, false, "two sign-ins Identity Protection rated high: anonymizedIPAddress (Tor) and unfamiliarFeatures; the user is a risky user (high, atRisk)", a.CreatedAt, b.CreatedAt)
}

func (s *scenario) threatIntel() {
	single := s.at(nwSelectel)
	block := s.at(nwHetzner)
	parts := strings.Split(block.ip, ".")
	cidr := parts[0] + "." + parts[1] + "." + parts[2] + ".0/24"
	p1 := s.member("", false)
	a := s.signIn(hit{p: p1, at: s.clock(1, 18, 0), from: single, app: usage{App: appOWA, Resource: appOffice365Exchange}, kind: authPasswordMFA, mfa: true, method: p1.mfaMethod}.attackerBrowser())
	p2 := s.member("", false)
	b := s.signIn(hit{p: p2, at: s.clock(2, 19, 30), from: block, app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authPasswordMFA, mfa: true, method: p2.mfaMethod}.attackerBrowser())
	s.t.ThreatIntelIPs = append(s.t.ThreatIntelIPs, single.ip, cidr)
	s.plant("threat_intel_ip", p1, single.ip, false, "successful sign-in from an address on the threat-intelligence list", a.CreatedAt, a.CreatedAt)
	s.plant("threat_intel_ip", p2, block.ip, false, "successful sign-in from an address inside a /24 on the threat-intelligence list ("+cidr+")", b.CreatedAt, b.CreatedAt)
}

// decoys plants benign activity that looks like the attacks.
func (s *scenario) decoys() {
	t := s.t
	// The office egress: a few people mistype within twenty minutes; everyone gets in.
	k := s.weekday(4)
	start := s.clock(k, 13, 0)
	var egress whereFrom
	for i := 0; i < 4; i++ {
		p := s.member("US", true)
		if p.office != nwOfficeNY {
			continue
		}
		egress = s.at(nwOfficeNY)
		at := start.Add(time.Duration(i)*4*time.Minute + s.r.dur(0, time.Minute))
		u := usage{App: appOfficeHome, Resource: appOfficeHome}
		s.signIn(hit{p: p, at: at, from: egress, app: u, code: 50126, kind: authPassword, mfa: true, own: true, browser: true})
		s.signIn(hit{p: p, at: at.Add(s.r.dur(20*time.Second, 50*time.Second)), from: egress, app: u, kind: authPasswordMFA, mfa: true, method: p.mfaMethod, own: true, browser: true})
	}
	s.decoy("password_spray", nil, networks[nwOfficeNY].Prefix.String(), "the New York office egress: hundreds of successes, a few typos (50126) within 20 minutes, each followed by success")

	// Three typos, then in.
	h := s.member("", false)
	d := s.dayIndex(s.clock(5, 0, 0))
	at := s.clock(5, 14, 0)
	for i := 0; i < 3; i++ {
		s.signIn(hit{p: h, at: at, from: s.home(h, d), app: usage{App: appOfficeHome, Resource: appOfficeHome}, code: 50126, kind: authPassword, mfa: true, own: true, browser: true})
		at = at.Add(s.r.dur(15*time.Second, 40*time.Second))
	}
	s.signIn(hit{p: h, at: at, from: s.home(h, d), app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authPasswordMFA, mfa: true, method: h.mfaMethod, own: true, browser: true})
	s.decoy("brute_force", h, h.homeIPOn(d), "three mistyped passwords from home, then a successful sign-in")

	// A feasible trip: London, then New York nine hours later, twice.
	l := s.memberIn(plLondon)
	history := s.dayIndex(s.a0) >= 7
	if history {
		s.visit(l, plNewYork, nwATT, s.t.Options.Start.AddDate(0, 0, 1).Add(7*time.Hour), 3*24*time.Hour)
	}
	tr, arrival := s.visit(l, plNewYork, nwATT, s.clock(1, 6, 30), 2*24*time.Hour+10*time.Hour)
	// Identity Protection rated the arrival low and the user's MFA remediated it.
	arrive := &s.signins[arrival]
	arrive.setAuth(authPasswordMFA, true, l.mfaMethod, 0, "")
	arrive.RiskLevelDuringSignIn, arrive.RiskLevelAggregated, arrive.RiskState = "low", "low", "remediated"
	arrive.RiskDetail = "userPassedMFADrivenByRiskBasedPolicy"
	arrive.RiskEventTypes = []string{"unfamiliarFeatures"}
	rd := s.riskDetection(l, *arrive, "unfamiliarFeatures", "low", "realtime", "remediated")
	rd.RiskDetail = "userPassedMFADrivenByRiskBasedPolicy"
	s.risks = append(s.risks, rd)
	s.risky = append(s.risky, RiskyUser{ID: l.u.ID, UserPrincipalName: l.u.UserPrincipalName, UserDisplayName: l.u.DisplayName,
		RiskLevel: "none", RiskState: "remediated", RiskDetail: "userPassedMFADrivenByRiskBasedPolicy", RiskLastUpdatedAt: rd.DetectedAt.Add(time.Minute)})
	s.decoy("impossible_travel", l, tr.ip, "London, then New York about 9 hours later (a flight); an earlier trip the same way in the first week")
	s.decoy("microsoft_risk", l, tr.ip, "a low unfamiliarFeatures detection on arrival, remediated by MFA")

	// Working from home through the corporate VPN, whose exit is in another city.
	for _, p := range t.members(false) {
		if !s.used[p] && p.u.Country == "US" && p.office < 0 && p.home != plNewYork {
			p.vpnHome = true
			s.used[p] = true
			s.decoy("impossible_travel", p, networks[nwOfficeNY].Prefix.String(), "alternates between the home line in "+p.u.City+" and the corporate VPN exit in New York, minutes apart")
			break
		}
	}

	// Back to a country visited before.
	q := s.member("US", false)
	if history {
		s.visit(q, plToronto, nwRogers, s.t.Options.Start.AddDate(0, 0, 2).Add(13*time.Hour), 2*24*time.Hour)
	}
	tq, _ := s.visit(q, plToronto, nwRogers, s.clock(3, 12, 0), 2*24*time.Hour)
	s.decoy("new_country", q, tq.ip, "a trip to Canada, which the user also visited in the first week")

	// Routine, unprivileged role changes.
	ga := s.ga2
	if ga == nil {
		ga = s.victim
	}
	for i, role := range [][2]string{{"Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf"}, {"Message Center Reader", "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b"}} {
		target := s.member("", false)
		at := s.dayClock(3+i*4, 14, 20)
		office := s.at(nwOfficeNY)
		s.audits = append(s.audits, s.t.roleAssignment(s.r, at, userActor(ga, office.ip), target, role[0], role[1], "").withUA(ga.desk.UA))
		s.decoy("privileged_role_assigned", target, office.ip, "Add member to role: "+role[0]+" (not privileged), by a Global Administrator from the office")
	}

	// Internal forwarding, and a rule that only files mail.
	j := s.member("", false)
	colleague := s.member("", false)
	jd := s.dayIndex(s.clock(1, 15, 0))
	s.mail = append(s.mail, s.t.exchangeCmdlet(s.r, s.clock(1, 15, 0), j, j.homeIPOn(jd), "New-InboxRule", s.t.ruleObject(j, "Forward to "+colleague.u.GivenName), []KeyValue{
		{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"Name", "Forward to " + colleague.u.GivenName},
		{"From", "billing@" + t.Options.Domain}, {"ForwardTo", colleague.u.UserPrincipalName}, {"StopProcessingRules", "False"},
	}))
	s.decoy("inbox_forwarding_external", j, j.homeIPOn(jd), "an inbox rule forwarding to a colleague in the tenant's own domain")
	kk := s.member("", false)
	kd := s.dayIndex(s.clock(2, 10, 0))
	s.mail = append(s.mail, s.t.exchangeCmdlet(s.r, s.clock(2, 10, 0), kk, kk.homeIPOn(kd), "New-InboxRule", s.t.ruleObject(kk, "Newsletters"), []KeyValue{
		{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"Name", "Newsletters"},
		{"SubjectContainsWords", "newsletter;digest"}, {"MoveToFolder", "Newsletters"}, {"StopProcessingRules", "True"},
	}))
	s.decoy("inbox_forwarding_external", kk, kk.homeIPOn(kd), "an inbox rule that only moves newsletters to a folder")
	if ex := s.exchangeAdmin; ex != nil {
		onLeave := s.member("", false)
		cover := s.member("", false)
		office := s.at(nwOfficeNY)
		s.mail = append(s.mail, s.t.exchangeCmdlet(s.r, s.clock(0, 15, 40), ex, office.ip, "Set-Mailbox", onLeave.u.UserPrincipalName, []KeyValue{
			{"Identity", onLeave.u.UserPrincipalName}, {"ForwardingAddress", cover.u.UserPrincipalName}, {"DeliverToMailboxAndForward", "True"},
		}))
		s.decoy("mailbox_forwarding_external", onLeave, office.ip, "the Exchange administrator forwards a mailbox to a colleague (internal ForwardingAddress)")
		support := s.t.special(specialSupport)
		agent := s.member("", false)
		s.mail = append(s.mail, s.t.exchangeCmdlet(s.r, s.dayClock(4, 15, 5), ex, office.ip, "Add-MailboxPermission", support.u.UserPrincipalName, []KeyValue{
			{"Identity", support.u.UserPrincipalName}, {"User", agent.u.UserPrincipalName}, {"AccessRights", "FullAccess"}, {"InheritanceType", "All"},
		}))
		s.decoy("mailbox_delegate_added", agent, office.ip, "the Exchange administrator gives a support agent FullAccess to the shared support mailbox, from the office")
	}

	// Consent to a harmless app: sign in and read the profile.
	c := s.member("", false)
	cd := s.dayIndex(s.clock(1, 16, 0))
	zoom := appRef{Name: "Zoom for Outlook", AppID: s.r.uuid(), ObjectID: s.r.uuid(), SPID: s.r.uuid()}
	ca := userActor(c, c.homeIPOn(cd))
	cAt := s.clock(1, 16, 0)
	s.audits = append(s.audits, s.t.addServicePrincipal(s.r, cAt.Add(-2*time.Second), ca, zoom).withUA(c.desk.UA))
	s.audits = append(s.audits, s.t.consent(s.r, cAt, ca, zoom, false, "User.Read", false).withUA(c.desk.UA))
	s.decoy("consent_grant_risky", c, c.homeIPOn(cd), "a user consents to an app asking only for User.Read")

	// Someone registers their authenticator from the office.
	nr := s.member("US", true)
	officeNet := nr.office
	if officeNet < 0 {
		officeNet = nwOfficeNY
	}
	office := s.at(officeNet)
	ra := s.t.newAudit(s.r, s.clock(4, 14, 45), "Authentication Methods", "UserManagement", "User registered security info", "Add", userActor(nr, office.ip), "User registered Authenticator App with Notification and Code")
	ra.Targets = []Target{userTarget(nr)}
	s.audits = append(s.audits, ra.withUA(nr.desk.UA))
	s.decoy("mfa_method_registered", nr, office.ip, "a user registers the Authenticator app from the office")
	s.decoys2026()
	s.workloadDecoys()
}

// visit sends a user on a trip and plants sign-ins that show it: one at home just before
// leaving, one on arrival, two a day while there, one at home after the flight back. It
// returns the stay and the index of the arrival sign-in.
func (s *scenario) visit(p *profile, dest, net int, depart time.Time, stay time.Duration) (trip, int) {
	// Door to door at a plane's speed, with time at the airports.
	flight := time.Duration((placeKm(p.home, dest)/700 + 1) * float64(time.Hour)).Truncate(time.Minute)
	back := flight
	phone := usage{App: appOutlookMobile, Resource: appOffice365Exchange}
	d := s.dayIndex(depart)
	s.signIn(hit{p: p, at: depart.Add(-s.r.dur(5*time.Minute, 25*time.Minute)), from: s.home(p, d), app: phone, kind: authClaim, mfa: true, own: true, phone: true})
	tr := s.trip(p, dest, net, depart, flight, stay, back)
	there := whereFrom{ip: tr.ip, net: tr.net, place: tr.place}
	s.signIn(hit{p: p, at: tr.from.Add(s.r.dur(time.Minute, 5*time.Minute)), from: there, app: phone, kind: authClaim, mfa: true, own: true, phone: true})
	arrival := len(s.signins) - 1
	for at := tr.from.Add(6 * time.Hour); at.Before(tr.to.Add(-time.Hour)); at = at.Add(11 * time.Hour) {
		s.signIn(hit{p: p, at: at.Add(s.r.dur(0, 30*time.Minute)), from: there, cat: NonInteractive, app: phone, kind: authClaim, mfa: true, own: true, phone: true})
	}
	home := tr.to.Add(back)
	s.signIn(hit{p: p, at: home.Add(s.r.dur(20*time.Minute, time.Hour)), from: s.home(p, s.dayIndex(home)), app: phone, kind: authClaim, mfa: true, own: true, phone: true})
	return tr, arrival
}

// placeKm is the great-circle distance between two places.
func placeKm(a, b int) float64 {
	const r = 6371
	pa, pb := &places[a], &places[b]
	la1, la2 := pa.Lat*math.Pi/180, pb.Lat*math.Pi/180
	dla, dlo := la2-la1, (pb.Lon-pa.Lon)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// trip sends a user away: a flight of flight, a stay until stay after departure, and a
// flight back. It returns the stay.
func (s *scenario) trip(p *profile, dest, net int, depart time.Time, flight, stay, back time.Duration) trip {
	ip := s.r.ipIn(networks[net].Prefix)
	arrive := depart.Add(flight)
	leave := depart.Add(stay)
	p.trips = append(p.trips,
		trip{from: depart, to: arrive, place: -1},
		trip{from: arrive, to: leave, place: dest, net: net, ip: ip},
		trip{from: leave, to: leave.Add(back), place: -1},
	)
	return p.trips[len(p.trips)-2]
}

// finish adds the background audits and mailbox events and puts everything in order.
func (s *scenario) finish() {
	t := s.t
	s.audits = append(s.audits, t.backgroundAudits()...)
	s.mail = append(s.mail, t.backgroundMailbox()...)
	s.mail = append(s.mail, t.backgroundUAL()...)
	slices.SortFunc(s.signins, func(a, b SignIn) int { return compareSignIns(&a, &b) })
	t.planted = s.signins
	slices.SortStableFunc(s.audits, func(a, b Audit) int {
		if c := a.ActivityAt.Compare(b.ActivityAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	t.Audits = s.audits
	slices.SortStableFunc(s.mail, func(a, b MailboxEvent) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	t.Mailbox = s.mail
	slices.SortStableFunc(s.risks, func(a, b RiskDetection) int { return a.DetectedAt.Compare(b.DetectedAt) })
	t.RiskDetections = s.risks
	slices.SortStableFunc(s.risky, func(a, b RiskyUser) int {
		return strings.Compare(strings.ToLower(a.UserPrincipalName), strings.ToLower(b.UserPrincipalName))
	})
	t.RiskyUsers = s.risky
	if len(t.ThreatIntelIPs) > 0 {
		// Feeds list more than what was seen.
		t.ThreatIntelIPs = append(t.ThreatIntelIPs, s.r.ipIn(networks[nwSelectel].Prefix), s.r.ipIn(networks[nwM247].Prefix))
	}
}
