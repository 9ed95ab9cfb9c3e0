package gen

import (
	"slices"
	"strings"
	"time"
)

// Authentication as a sign-in performed it.
type authKind int

const (
	authClaim       authKind = iota // single sign-on: earlier factors satisfied by claims in the token
	authPassword                    // a password, single factor
	authPasswordMFA                 // a password, then a second factor
	authNone                        // no step recorded
)

// signInAt starts a sign-in by a user at a time from somewhere; the caller sets the app,
// the device and the authentication.
func (t *Tenant) signInAt(r rng, p *profile, at time.Time, from whereFrom, category string) SignIn {
	pl := &places[from.place]
	lat, lon := pl.coords()
	s := SignIn{
		ID:                     r.requestID(),
		CreatedAt:              at,
		Category:               category,
		CorrelationID:          r.uuid(),
		UserPrincipalName:      p.u.UserPrincipalName,
		UserID:                 p.u.ID,
		UserDisplayName:        p.u.DisplayName,
		UserType:               p.userType,
		IPAddress:              from.ip,
		City:                   pl.City,
		State:                  pl.State,
		Country:                pl.Country,
		Latitude:               lat,
		Longitude:              lon,
		ASN:                    networks[from.net].ASN,
		RiskLevelDuringSignIn:  "none",
		RiskLevelAggregated:    "none",
		RiskState:              "none",
		RiskDetail:             "none",
		TokenIssuerType:        "AzureAD",
		CrossTenantAccessType:  "none",
		HomeTenantID:           t.TenantID,
		ResourceTenantID:       t.TenantID,
		UniqueTokenIdentifier:  r.tokenID(),
		ProcessingTimeMs:       r.between(35, 420),
		AuthenticationProtocol: "none",
		IncomingTokenType:      "none",
	}
	s.OriginalRequestID = s.ID
	return s
}

// setApp sets the application and resource.
func (s *SignIn) setApp(u usage) {
	s.AppID, s.AppDisplayName = u.App.ID, u.App.Name
	s.ResourceID, s.ResourceDisplayName = u.Resource.ID, u.Resource.Name
}

// setDevice sets the device detail and user agent of a user's own device.
func (s *SignIn) setDevice(p *profile, phone, browser bool) {
	d, id, name, owned := p.desk, p.deskID, p.deskName, p.deskOwned
	if phone {
		d, id, name, owned = p.phone, p.phoneID, p.phoneName, true
	}
	if browser {
		s.Browser, s.UserAgent, s.ClientApp = d.Browser, d.UA, d.BrowserClean
	} else {
		s.Browser, s.UserAgent, s.ClientApp = d.AppBrowser, d.AppUA, d.AppClient
		if phone && s.AppID == appOutlookMobile.ID {
			s.UserAgent = "Outlook-iOS/2.0"
			if strings.HasPrefix(d.OS, "Android") {
				s.UserAgent = "Outlook-Android/2.0"
			}
		}
	}
	s.OperatingSystem = d.OS
	if owned {
		s.DeviceID, s.DeviceName, s.TrustType = id, name, d.TrustType
		s.IsManaged = !phone
		s.IsCompliant = !phone
	}
}

// setAttackerDevice sets an unmanaged device known only by its user agent.
func (s *SignIn) setAttackerDevice(ua, os, browser, clientApp string) {
	s.UserAgent, s.OperatingSystem, s.Browser, s.ClientApp = ua, os, browser, clientApp
	s.DeviceID, s.DeviceName, s.TrustType, s.IsManaged, s.IsCompliant = "", "", "", false, false
}

// setAuth records how the user authenticated and the outcome. code is the error code;
// mfaResult is the second step's result detail (when there is one).
func (s *SignIn) setAuth(kind authKind, mfa bool, method string, code int, mfaResult string) {
	info := errorTexts[code]
	s.ErrorCode = code
	s.FailureReason = info.Reason
	s.AdditionalDetails = info.Details
	if mfa {
		s.AuthenticationRequirement = "multiFactorAuthentication"
	} else {
		s.AuthenticationRequirement = "singleFactorAuthentication"
	}
	at := s.CreatedAt
	switch kind {
	case authClaim:
		s.AuthDetails = []AuthStep{{At: at, Method: "Previously satisfied", Succeeded: code == 0 || code == 50140 || code == 16000,
			ResultDetail: "First factor requirement satisfied by claim in the token", Requirement: "Primary authentication"}}
		if mfa {
			s.AuthDetails = append(s.AuthDetails, AuthStep{At: at, Method: "Previously satisfied", Succeeded: true,
				ResultDetail: "MFA requirement satisfied by claim in the token", Requirement: "Multi-factor authentication"})
			s.MFAResult = "MFA requirement satisfied by claim in the token"
			s.MFAAuthMethod = "Previously satisfied"
		}
	case authPassword, authPasswordMFA:
		pwOK := code != 50126 && code != 50053 && code != 50057
		pw := AuthStep{At: at, Method: "Password", MethodDetail: "Password in the cloud", Succeeded: pwOK,
			ResultDetail: "Correct password", Requirement: "Primary authentication"}
		if !pwOK {
			pw.ResultDetail = "Invalid username or password or Invalid on-premise username or password."
			if code == 50057 {
				pw.ResultDetail = info.Reason
			}
			if code == 50053 {
				pw.ResultDetail = "Account is locked"
			}
		}
		s.AuthDetails = []AuthStep{pw}
		s.SignInIdentifier = s.UserPrincipalName
		if kind == authPasswordMFA && pwOK {
			step := AuthStep{At: at.Add(time.Duration(7+len(s.ID)%23) * time.Second), Method: method, Succeeded: code == 0,
				ResultDetail: "MFA successfully completed", Requirement: "Multi-factor authentication"}
			if method == "Text message" {
				step.MethodDetail = "+X XXXXXXXX" + s.ID[34:36]
			}
			if mfaResult != "" {
				step.ResultDetail = mfaResult
			}
			if code == 50074 || code == 50076 {
				step.ResultDetail = "MFA required in Azure AD"
				step.Succeeded = false
			}
			s.AuthDetails = append(s.AuthDetails, step)
			s.MFAAuthMethod, s.MFAAuthDetail, s.MFAResult = method, step.MethodDetail, step.ResultDetail
			if code == 500121 {
				s.AdditionalDetails = step.ResultDetail
			}
		}
	case authNone:
		s.AuthDetails = nil
	}
}

// The results each Conditional Access policy can have on a sign-in here.
var (
	caMFAResults    = [...]string{"notApplied", "success", "failure"}
	caLegacyResults = [...]string{"reportOnlyNotApplied", "reportOnlyFailure"}
	caAdminResults  = [...]string{"notApplied", "reportOnlySuccess", "reportOnlyFailure"}
	caFreqResults   = [...]string{"notApplied", "success"}
)

// caSets holds every combination of policy results, built once per tenant: sign-ins share
// these lists, which nobody may change.
type caSets [3][2][3][2][]CAPolicy

func newCASets(pol tenantPolicies) *caSets {
	var c caSets
	for a, mfa := range caMFAResults {
		for b, legacy := range caLegacyResults {
			for d, admin := range caAdminResults {
				for f, freq := range caFreqResults {
					c[a][b][d][f] = []CAPolicy{
						{ID: pol.mfa, DisplayName: caRequireMFA.Name, GrantControls: grantIf(mfa, caRequireMFA.Grant), Result: mfa},
						{ID: pol.legacy, DisplayName: caBlockLegacy.Name, GrantControls: grantIf(legacy, caBlockLegacy.Grant), Result: legacy},
						{ID: pol.adminDevice, DisplayName: caAdminDevice.Name, GrantControls: grantIf(admin, caAdminDevice.Grant), Result: admin},
						{ID: pol.signInFreq, DisplayName: caSignInFreq.Name, SessionControls: grantIf(freq, caSignInFreq.Session), Result: freq},
					}
				}
			}
		}
	}
	return &c
}

// setCA records the Conditional Access outcome.
func (t *Tenant) setCA(s *SignIn, mfaApplies bool, admin bool) {
	mfaRes, legacyRes, adminRes, freqRes := 0, 0, 0, 0
	legacy := isLegacyClient(s.ClientApp)
	switch {
	case s.ErrorCode == 50126 || s.ErrorCode == 50053 || s.ErrorCode == 50057 || s.ErrorCode == 50140 || s.ErrorCode == 16000 || s.ErrorCode == 50058:
		s.CAPolicies = nil
		s.ConditionalAccessStatus = "notApplied"
		return
	case legacy:
		legacyRes = 1
	case mfaApplies && s.ErrorCode == 500121:
		mfaRes = 2
	case mfaApplies:
		mfaRes = 1
	}
	if admin && !legacy {
		adminRes = 1
		if !s.IsCompliant {
			adminRes = 2
		}
	}
	if s.DeviceID == "" && s.ErrorCode == 0 && !legacy {
		freqRes = 1
	}
	s.CAPolicies = t.ca[mfaRes][legacyRes][adminRes][freqRes]
	switch {
	case mfaRes == 2:
		s.ConditionalAccessStatus = "failure"
	case mfaRes == 1 || freqRes == 1:
		s.ConditionalAccessStatus = "success"
	default:
		s.ConditionalAccessStatus = "notApplied"
	}
}

// grantIf gives a policy's controls when it applied.
func grantIf(result string, controls []string) []string {
	switch result {
	case "success", "failure", "reportOnlySuccess", "reportOnlyFailure":
		return controls
	}
	return nil
}

func isLegacyClient(c string) bool {
	switch c {
	case "IMAP4", "POP3", "Authenticated SMTP", "Exchange ActiveSync", "Exchange Web Services", "MAPI Over HTTP", "Other clients",
		"AutoDiscover", "Exchange Online PowerShell", "Offline Address Book", "Outlook Anywhere (RPC over HTTP)", "Reporting Web Services", "Universal Outlook":
		return true
	}
	return false
}

// sessionID is the id of a user's session on one device on one day: the same across that
// day's interactive and non-interactive sign-ins.
func (t *Tenant) sessionID(p *profile, day int, phone bool) string {
	x := uint64(t.Options.Seed)*0x9E3779B97F4A7C15 ^ uint64(p.idx)<<20 ^ uint64(day+1)<<2
	if phone {
		x ^= 1
	}
	hi, lo := splitmix(x), splitmix(x^0xD1B54A32D192ED03)
	var b [36]byte
	return string(appendUUID(b[:0], hi, lo))
}

func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// The share of sign-ins on a weekday a weekend day sees, for people who do not work then.
const weekendShare = 0.2

// day generates the background sign-ins of local day d (0 is the first day) for every
// user, appending to out. They are not sorted.
func (t *Tenant) day(d int, out []SignIn) []SignIn {
	r := newRNG(t.Options.Seed, uint64(streamDay+d+8))
	date := t.Options.Start.AddDate(0, 0, d)
	wd := date.Weekday()
	weekend := wd == time.Saturday || wd == time.Sunday
	weekdayRate := t.Options.SignInsPerUserDay * 7 / (5 + 2*weekendShare)
	for _, p := range t.profiles {
		if p.quiet {
			continue
		}
		rate := weekdayRate * p.activity
		phoneOnly := false
		if weekend {
			if p.weekendWorker {
				rate *= 0.5
			} else {
				rate *= weekendShare
				phoneOnly = true
			}
		}
		n := r.poisson(rate)
		home := &places[p.home]
		midnight := date.Add(-time.Duration(home.UTCOffset) * time.Hour)
		start := p.startHour + 0.4*r.NormFloat64()
		length := p.dayLength + 0.5*r.NormFloat64()
		atOffice := !weekend && p.office >= 0 && p.officeDays[wd]
		mobileIP := r.ipIn(networks[p.mobileNet].Prefix)
		officeIP := ""
		if p.office >= 0 {
			officeIP = r.ipIn(networks[p.office].Prefix)
		}
		homeIP := p.homeIPOn(d)
		vpnIP := r.ipIn(networks[nwOfficeNY].Prefix)
		for i := 0; i < n; i++ {
			evening := phoneOnly || r.chance(0.1)
			var h float64
			if evening {
				h = 7 + 16*r.Float64()
				if !phoneOnly {
					h = 18.5 + 4*r.Float64()
				}
			} else {
				h = start + length*r.Float64()
			}
			at := midnight.Add(time.Duration(h * float64(time.Hour)))
			at = at.Add(r.dur(0, time.Second)).Truncate(100)
			phone := evening || r.chance(0.3)
			from := whereFrom{place: p.home}
			switch {
			case phone && atOffice && !evening && r.chance(0.5):
				from.ip, from.net, from.place = officeIP, p.office, networks[p.office].Place
			case phone:
				from.ip, from.net = mobileIP, p.mobileNet
			case atOffice:
				from.ip, from.net, from.place = officeIP, p.office, networks[p.office].Place
			case p.vpnHome && r.chance(0.5):
				from.ip, from.net, from.place = vpnIP, nwOfficeNY, plNewYork
			default:
				from.ip, from.net = homeIP, p.homeNet
			}
			if tr := p.tripAt(at); tr != nil {
				if tr.place < 0 {
					continue // in the air
				}
				from = whereFrom{ip: tr.ip, net: tr.net, place: tr.place}
			}
			interactive := r.chance(0.22)
			out = t.backgroundSignIn(r, p, d, at, from, phone, interactive, out)
		}
	}
	return out
}

// backgroundSignIn appends an ordinary sign-in, with the failures that precede some.
func (t *Tenant) backgroundSignIn(r rng, p *profile, d int, at time.Time, from whereFrom, phone, interactive bool, out []SignIn) []SignIn {
	var u usage
	browser := false
	switch {
	case interactive && !phone && p.admin && r.chance(0.3):
		u = pickUsage(r, adminInteractive)
		browser = u.App != appGraphPowerShell && u.App != appEXOPowerShell
	case interactive && !phone:
		u = pickUsage(r, desktopInteractive)
		browser = u.App == appOfficeHome || u.App == appOWA || u.App == appSharePoint
	case interactive:
		u = pickUsage(r, phoneInteractive)
	case phone:
		u = pickUsage(r, phoneNonInteractive)
	default:
		u = pickUsage(r, desktopNonInteractive)
	}
	cat := NonInteractive
	if interactive {
		cat = Interactive
	}
	s := t.signInAt(r, p, at, from, cat)
	s.setApp(u)
	s.setDevice(p, phone, browser)
	s.SessionID = t.sessionID(p, d, phone)
	if !interactive {
		s.IncomingTokenType = "refreshToken"
		if !phone && p.deskOwned && s.OperatingSystem == "Windows10" {
			s.IncomingTokenType = "primaryRefreshToken"
		}
		code := 0
		switch x := r.Float64(); {
		case x < 0.004:
			code = 50173
		case x < 0.006:
			code = 700082
		}
		s.setAuth(authClaim, u.MFA, "", code, "")
		t.setCA(&s, u.MFA, p.admin)
		return append(out, s)
	}
	if !phone && p.deskOwned && s.OperatingSystem == "Windows10" {
		s.IncomingTokenType = "primaryRefreshToken"
	}
	fresh := r.chance(0.3)
	kind := authClaim
	if fresh {
		kind = authPasswordMFA
		if !u.MFA {
			kind = authPassword
		}
	}
	// Some sign-ins are preceded by a failure or an interruption.
	pre := 0
	switch x := r.Float64(); {
	case x < 0.006:
		pre = 50126
	case x < 0.016 && browser:
		pre = 50140
	case x < 0.022 && browser:
		pre = 16000
	case x < 0.027:
		pre = 50058
	case x < 0.033 && u.MFA:
		pre = 50074
	case x < 0.036 && u.MFA:
		pre = 50076
	}
	if pre != 0 {
		f := s
		f.ID, f.CorrelationID, f.UniqueTokenIdentifier = r.requestID(), s.CorrelationID, r.tokenID()
		f.OriginalRequestID = f.ID
		f.CreatedAt = at.Add(-r.dur(8*time.Second, 70*time.Second))
		f.ProcessingTimeMs = r.between(20, 300)
		switch pre {
		case 50126:
			f.setAuth(authPassword, u.MFA, p.mfaMethod, 50126, "")
			kind = authPasswordMFA
			if !u.MFA {
				kind = authPassword
			}
		case 50074, 50076:
			f.setAuth(authPasswordMFA, true, p.mfaMethod, pre, "")
			kind = authPasswordMFA
		default:
			f.setAuth(authClaim, u.MFA, "", pre, "")
		}
		t.setCA(&f, u.MFA, p.admin)
		out = append(out, f)
	}
	s.setAuth(kind, u.MFA, p.mfaMethod, 0, "")
	t.setCA(&s, u.MFA, p.admin)
	return append(out, s)
}

// pickUsage chooses an app by the usages' weights.
func pickUsage(r rng, us []usage) usage {
	total := 0.0
	for i := range us {
		total += us[i].Weight
	}
	x := r.Float64() * total
	for i := range us {
		x -= us[i].Weight
		if x < 0 {
			return us[i]
		}
	}
	return us[len(us)-1]
}

// SignIns calls yield with every sign-in of the tenant, background and planted, in time
// order (ties by id). It holds about two days of sign-ins at a time. An error from yield
// stops it and is returned.
func (t *Tenant) SignIns(yield func(SignIn) error) error {
	var pending, spare []SignIn
	var order []int32
	pi := 0
	start, end := t.Options.Start, t.end
	for d := -1; d <= t.Options.Days; d++ {
		// Generate straight into pending, then drop what falls outside the tenant's span.
		n := len(pending)
		pending = t.day(d, pending)
		k := n
		for i := n; i < len(pending); i++ {
			if at := pending[i].CreatedAt; !at.Before(start) && at.Before(end) {
				if k != i {
					pending[k] = pending[i]
				}
				k++
			}
		}
		clear(pending[k:])
		pending = pending[:k]
		// Local day d+1 starts no earlier than 14 hours before its UTC midnight.
		cutoff := start.AddDate(0, 0, d+1).Add(-14 * time.Hour)
		if d == t.Options.Days {
			cutoff = end.Add(time.Hour)
		}
		for pi < len(t.planted) && t.planted[pi].CreatedAt.Before(cutoff) {
			pending = append(pending, t.planted[pi])
			pi++
		}
		// Sort an index, not the records: they are large.
		order = order[:0]
		for i := range pending {
			order = append(order, int32(i))
		}
		slices.SortFunc(order, func(a, b int32) int { return compareSignIns(&pending[a], &pending[b]) })
		spare = spare[:0]
		for _, i := range order {
			if !pending[i].CreatedAt.Before(cutoff) {
				spare = append(spare, pending[i])
				continue
			}
			if err := yield(pending[i]); err != nil {
				return err
			}
		}
		clear(pending)
		pending, spare = spare, pending[:0]
	}
	for ; pi < len(t.planted); pi++ {
		if err := yield(t.planted[pi]); err != nil {
			return err
		}
	}
	return nil
}

func compareSignIns(a, b *SignIn) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
