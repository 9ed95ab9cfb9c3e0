package gen

import (
	"maps"
	"math"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// world is a generated tenant with its sign-ins at hand, for the scenario checks.
type world struct {
	t   *Tenant
	all []SignIn
}

func newWorld(t *testing.T, seed int64) *world {
	t.Helper()
	tn := New(smallOptions(seed))
	return &world{t: tn, all: allSignIns(t, tn)}
}

func (w *world) where(f func(*SignIn) bool) []*SignIn {
	var out []*SignIn
	for i := range w.all {
		if f(&w.all[i]) {
			out = append(out, &w.all[i])
		}
	}
	return out
}

func (w *world) byUser(upn string) []*SignIn {
	return w.where(func(s *SignIn) bool { return strings.EqualFold(s.UserPrincipalName, upn) })
}

func isFail(s *SignIn) bool {
	return s.ErrorCode == 50126 || s.ErrorCode == 50053 || s.ErrorCode == 50057
}

// km is the great-circle distance.
func km(a, b *SignIn) float64 {
	const r = 6371
	la1, la2 := a.Latitude*math.Pi/180, b.Latitude*math.Pi/180
	dla, dlo := la2-la1, (b.Longitude-a.Longitude)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// maxSpeed is the fastest travel between consecutive successful sign-ins (km/h), over
// hops longer than 500 km, and the pair.
func maxSpeed(ss []*SignIn) (float64, *SignIn, *SignIn) {
	var best float64
	var x, y *SignIn
	var prev *SignIn
	for _, s := range ss {
		if s.ErrorCode != 0 {
			continue
		}
		if prev != nil {
			d := km(prev, s)
			h := s.CreatedAt.Sub(prev.CreatedAt).Hours()
			if d > 500 {
				v := d / math.Max(h, 1.0/60)
				if v > best {
					best, x, y = v, prev, s
				}
			}
		}
		prev = s
	}
	return best, x, y
}

func (w *world) planted(t *testing.T, rule string) []Planted {
	t.Helper()
	var out []Planted
	for _, p := range w.t.Planted {
		if p.Rule == rule {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Fatalf("nothing planted for %s", rule)
	}
	return out
}

func (w *world) audits(activity string) []*Audit {
	var out []*Audit
	for i := range w.t.Audits {
		if strings.TrimSpace(w.t.Audits[i].Activity) == strings.TrimSpace(activity) {
			out = append(out, &w.t.Audits[i])
		}
	}
	return out
}

func (w *world) mail(op string) []*MailboxEvent {
	var out []*MailboxEvent
	for i := range w.t.Mailbox {
		if w.t.Mailbox[i].Operation == op {
			out = append(out, &w.t.Mailbox[i])
		}
	}
	return out
}

func param(m *MailboxEvent, name string) string {
	for _, p := range m.Parameters {
		if p.Key == name {
			return p.Value
		}
	}
	return ""
}

func modified(a *Audit, name string) string {
	for _, tr := range a.Targets {
		for _, m := range tr.Modified {
			if m.Name == name {
				return m.New
			}
		}
	}
	return ""
}

func TestPlantedAttacks(t *testing.T) {
	for _, seed := range []int64{21, 121} {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) { plantedAttacks(t, newWorld(t, seed)) })
	}
}

func plantedAttacks(t *testing.T, w *world) {
	tn := w.t
	history := tn.Start().AddDate(0, 0, 14)
	checks := map[string]func(t *testing.T, p Planted){
		"password_spray": func(t *testing.T, p Planted) {
			from := w.where(func(s *SignIn) bool { return s.IPAddress == p.IP })
			bins := map[int64]map[string]bool{}
			for _, s := range from {
				if s.ErrorCode == 50126 || s.ErrorCode == 50053 {
					b := s.CreatedAt.Unix() / 1200
					if bins[b] == nil {
						bins[b] = map[string]bool{}
					}
					bins[b][s.UserPrincipalName] = true
				}
			}
			best := 0
			for _, users := range bins {
				best = max(best, len(users))
			}
			if best < 15 {
				t.Errorf("got %d users failing in one 20-minute bin; want at least 15", best)
			}
			victim := ""
			for _, q := range tn.Planted {
				if q.Rule == "mfa_fatigue" {
					victim = q.User
				}
			}
			for _, s := range from {
				if s.ErrorCode == 0 && !strings.EqualFold(s.UserPrincipalName, victim) {
					t.Errorf("%s succeeded from the spray address; want only the chain victim %s", s.UserPrincipalName, victim)
				}
			}
		},
		"brute_force": func(t *testing.T, p Planted) {
			var times []time.Time
			for _, s := range w.byUser(p.User) {
				if s.IPAddress == p.IP && s.ErrorCode == 50126 {
					times = append(times, s.CreatedAt)
				}
			}
			if n := maxInWindow(times, 10*time.Minute); n < 20 {
				t.Errorf("got %d wrong passwords within 10 minutes; want at least 20", n)
			}
		},
		"distributed_password_cracking": func(t *testing.T, p Planted) {
			fails := w.where(func(s *SignIn) bool {
				return strings.EqualFold(s.UserPrincipalName, p.User) && isFail(s) && !s.CreatedAt.Before(p.Start) && s.CreatedAt.Before(p.Start.Add(time.Hour))
			})
			ips, countries := map[string]bool{}, map[string]bool{}
			for _, s := range fails {
				ips[s.IPAddress], countries[s.Country] = true, true
			}
			if len(ips) < 10 || len(countries) < 5 {
				t.Errorf("got failures from %d addresses in %d countries within an hour; want at least 10 and 5", len(ips), len(countries))
			}
		},
		"mfa_fatigue": func(t *testing.T, p Planted) {
			var denials []time.Time
			var okAfter bool
			for _, s := range w.byUser(p.User) {
				if s.IPAddress != p.IP {
					continue
				}
				if s.ErrorCode == 500121 && (s.AdditionalDetails == mfaDeclined || s.AdditionalDetails == mfaNoResponse) {
					last := s.AuthDetails[len(s.AuthDetails)-1]
					if last.Succeeded || last.ResultDetail != s.AdditionalDetails {
						t.Errorf("denial %s: step %+v; want a failed step saying %q", s.ID, last, s.AdditionalDetails)
					}
					denials = append(denials, s.CreatedAt)
				}
				if s.ErrorCode == 0 && len(denials) > 0 {
					okAfter = true
				}
			}
			if n := maxInWindow(denials, time.Hour); n <= 10 {
				t.Errorf("got %d MFA denials within an hour; want more than 10", n)
			}
			if !okAfter {
				t.Errorf("no success from %s after the denials", p.IP)
			}
		},
		"mfa_denied_fraud": func(t *testing.T, p Planted) {
			found := false
			for _, s := range w.byUser(p.User) {
				if s.ErrorCode == 500121 && s.AdditionalDetails == mfaFraud && s.AuthDetails[len(s.AuthDetails)-1].ResultDetail == "Fraud code entered" {
					found = true
				}
			}
			if !found {
				t.Errorf("no 500121 declared fraudulent with step result Fraud code entered")
			}
			if !slices.ContainsFunc(tn.RiskDetections, func(d RiskDetection) bool {
				return strings.EqualFold(d.UserPrincipalName, p.User) && d.RiskEventType == "userReportedSuspiciousActivity"
			}) {
				t.Errorf("no userReportedSuspiciousActivity risk detection")
			}
		},
		"disabled_account": func(t *testing.T, p Planted) {
			disabled := map[string]bool{}
			okOther := false
			for _, s := range w.where(func(s *SignIn) bool { return s.IPAddress == p.IP }) {
				u := tn.User(s.UserPrincipalName)
				if s.ErrorCode == 50057 && !u.Enabled {
					disabled[u.UPN()] = true
				}
				if s.ErrorCode == 0 && u.Enabled && u.UPN() == p.User {
					okOther = true
				}
			}
			if len(disabled) < 3 || !okOther {
				t.Errorf("got 50057 on %d disabled accounts and success on another: %v; want at least 3 and true", len(disabled), okOther)
			}
		},
		"legacy_auth": func(t *testing.T, p Planted) {
			n := 0
			for _, s := range w.byUser(p.User) {
				if s.ErrorCode == 0 && isLegacyClient(s.ClientApp) {
					n++
				}
			}
			if n < 5 {
				t.Errorf("got %d successful legacy sign-ins; want several", n)
			}
		},
		"ropc_user_agent": func(t *testing.T, p Planted) {
			var bav, cba bool
			for _, s := range w.byUser(p.User) {
				bav = bav || s.ErrorCode == 0 && s.UserAgent == "BAV2ROPC" && s.IPAddress == p.IP
				cba = cba || s.ErrorCode == 0 && s.UserAgent == "CBAInPROD"
			}
			if !bav || !cba {
				t.Errorf("got BAV2ROPC success %v, CBAInPROD success %v; want both", bav, cba)
			}
		},
		"device_code_phishing": func(t *testing.T, p Planted) {
			var first *SignIn
			for _, s := range w.byUser(p.User) {
				if s.AuthenticationProtocol == "deviceCode" {
					first = s
					break
				}
			}
			if first == nil || first.IPAddress != p.IP || first.ErrorCode != 0 {
				t.Fatalf("first device-code sign-in %+v; want a success from %s", first, p.IP)
			}
			if first.Country == tn.User(p.User).Country || !hostingASN(first.ASN) {
				t.Errorf("device code from %s AS%d; want a hosting provider abroad", first.Country, first.ASN)
			}
		},
		"session_replay": func(t *testing.T, p Planted) {
			checkSessionReplay(t, w, p)
		},
		"spray_campaign": func(t *testing.T, p Planted) {
			checkSprayCampaign(t, w, p)
		},
		"impossible_travel": func(t *testing.T, p Planted) {
			ss := w.where(func(s *SignIn) bool {
				return strings.EqualFold(s.UserPrincipalName, p.User) && !s.CreatedAt.Before(p.Start) && !s.CreatedAt.After(p.End)
			})
			v, a, b := maxSpeed(ss)
			if v < 2000 || a.City != "London" || b.City != "Sydney" {
				t.Errorf("got %.0f km/h; want London to Sydney far faster than a plane", v)
			}
		},
		"new_country": func(t *testing.T, p Planted) {
			var first *SignIn
			seen := map[string]bool{}
			var earliest time.Time
			for _, s := range w.byUser(p.User) {
				if s.ErrorCode != 0 {
					continue
				}
				if earliest.IsZero() {
					earliest = s.CreatedAt
				}
				if s.IPAddress == p.IP && first == nil {
					first = s
					break
				}
				seen[s.Country] = true
			}
			if first == nil || seen[first.Country] {
				t.Fatalf("first success from %s: %+v, countries before %v; want a country never seen", p.IP, first, seen)
			}
			if first.CreatedAt.Sub(earliest) < 14*24*time.Hour {
				t.Errorf("history before the new country is %s; want at least 14 days", first.CreatedAt.Sub(earliest))
			}
		},
		"new_asn_privileged": func(t *testing.T, p Planted) {
			u := tn.User(p.User)
			if !slices.Contains(u.Roles, "Global Administrator") {
				t.Errorf("%s has roles %v; want Global Administrator", p.User, u.Roles)
			}
			asns := map[int]bool{}
			var hit *SignIn
			for _, s := range w.byUser(p.User) {
				if s.IPAddress == p.IP && s.ErrorCode == 0 {
					hit = s
					break
				}
				if s.ErrorCode == 0 {
					asns[s.ASN] = true
				}
			}
			if hit == nil || asns[hit.ASN] || len(asns) == 0 {
				t.Errorf("sign-in from %s: %+v; ASNs before %v; want an ASN never seen", p.IP, hit, asns)
			}
		},
		"microsoft_risk": func(t *testing.T, p Planted) {
			types := map[string]bool{}
			for _, s := range w.byUser(p.User) {
				if s.RiskLevelDuringSignIn == "high" {
					for _, r := range s.RiskEventTypes {
						types[r] = true
					}
				}
			}
			if !types["anonymizedIPAddress"] || !types["unfamiliarFeatures"] {
				t.Errorf("got high-risk types %v; want anonymizedIPAddress and unfamiliarFeatures", types)
			}
			ok := slices.ContainsFunc(tn.RiskyUsers, func(r RiskyUser) bool {
				return strings.EqualFold(r.UserPrincipalName, p.User) && r.RiskLevel == "high" && r.RiskState == "atRisk"
			})
			if !ok {
				t.Errorf("no risky user (high, atRisk)")
			}
			cases := map[string]bool{}
			for _, d := range tn.RiskDetections {
				if strings.EqualFold(d.UserPrincipalName, p.User) {
					cases[d.RiskEventType] = true
				}
			}
			if !cases["UnfamiliarFeatures"] || !cases["anonymizedIPAddress"] {
				t.Errorf("got risk detections %v; want both kinds, one in PascalCase", cases)
			}
		},
		"threat_intel_ip": func(t *testing.T, p Planted) {
			ip := netip.MustParseAddr(p.IP)
			listed := false
			for _, e := range tn.ThreatIntelIPs {
				if pr, err := netip.ParsePrefix(e); err == nil && pr.Contains(ip) || e == p.IP {
					listed = true
				}
			}
			ok := len(w.where(func(s *SignIn) bool { return s.IPAddress == p.IP && s.ErrorCode == 0 })) > 0
			if !listed || !ok {
				t.Errorf("listed %v, success from it %v; want both", listed, ok)
			}
		},
		"mfa_method_registered": func(t *testing.T, p Planted) {
			ok := false
			for _, a := range append(w.audits("User registered security info"), w.audits("Admin registered security info")...) {
				ok = ok || strings.EqualFold(a.Actor.UserPrincipalName, p.User) && a.Actor.IPAddress == p.IP
			}
			if !ok {
				t.Errorf("no security-info registration by %s from %s", p.User, p.IP)
			}
		},
		"inbox_forwarding_external": func(t *testing.T, p Planted) {
			ok := false
			for _, m := range w.mail("New-InboxRule") {
				fwd := param(m, "ForwardTo") + param(m, "RedirectTo")
				ok = ok || strings.EqualFold(m.UserID, p.User) && fwd != "" && !strings.Contains(fwd, tn.Options.Domain)
			}
			if !ok {
				t.Errorf("no inbox rule forwarding outside the tenant")
			}
		},
		"mailbox_forwarding_external": func(t *testing.T, p Planted) {
			ok := false
			for _, m := range w.mail("Set-Mailbox") {
				f := param(m, "ForwardingSmtpAddress")
				ok = ok || strings.EqualFold(m.UserID, p.User) && strings.HasPrefix(f, "smtp:") && !strings.Contains(f, tn.Options.Domain)
			}
			if !ok {
				t.Errorf("no Set-Mailbox forwarding outside the tenant")
			}
		},
		"mailbox_delegate_added": func(t *testing.T, p Planted) {
			ok := false
			for _, m := range w.mail("Add-MailboxPermission") {
				ok = ok || strings.EqualFold(m.UserID, p.User) && param(m, "AccessRights") == "FullAccess" && m.ClientIP == p.IP
			}
			if !ok {
				t.Errorf("no FullAccess delegation by %s from %s", p.User, p.IP)
			}
		},
		"privileged_role_assigned": func(t *testing.T, p Planted) {
			ok := false
			for _, a := range w.audits("Add member to role") {
				ok = ok || strings.EqualFold(a.Actor.UserPrincipalName, p.User) && modified(a, "Role.DisplayName") == `"Global Administrator"` &&
					!strings.EqualFold(a.Targets[0].UserPrincipalName, p.User)
			}
			if !ok {
				t.Errorf("no Global Administrator assignment by %s to another account", p.User)
			}
		},
		"app_credential_added": func(t *testing.T, p Planted) {
			a := w.audits("Update application – Certificates and secrets management ")
			b := w.audits("Add service principal credentials")
			if len(a) == 0 || len(b) == 0 || a[0].Activity != "Update application – Certificates and secrets management " {
				t.Errorf("got %d and %d credential audits; want both activities, the first with its en dash and trailing space", len(a), len(b))
			}
		},
		"consent_grant_risky": func(t *testing.T, p Planted) {
			ok := false
			for _, a := range w.audits("Consent to application") {
				perms := modified(a, "ConsentAction.Permissions")
				ok = ok || strings.EqualFold(a.Actor.UserPrincipalName, p.User) && strings.Contains(perms, "Mail.ReadWrite") && strings.Contains(perms, "Files.ReadWrite.All") && strings.Contains(perms, "offline_access")
			}
			if !ok {
				t.Errorf("no consent to mail and file scopes by %s", p.User)
			}
		},
		"federation_changed": func(t *testing.T, p Planted) {
			if len(w.audits("Set domain authentication")) == 0 || len(w.audits("Set federation settings on domain")) == 0 {
				t.Errorf("want Set domain authentication and Set federation settings on domain")
			}
		},
		"conditional_access_changed": func(t *testing.T, p Planted) {
			if len(w.audits("Update conditional access policy")) == 0 || len(w.audits("Delete conditional access policy")) == 0 {
				t.Errorf("want Update and Delete conditional access policy")
			}
		},
	}
	maps.Copy(checks, ualPlantedChecks(w))
	for rule, check := range w.workloadChecks() {
		if checks[rule] == nil {
			checks[rule] = check
		}
	}
	rules := map[string]bool{}
	for _, p := range tn.Planted {
		rules[p.Rule] = true
		if p.End.Before(p.Start) {
			t.Errorf("%s: ends %s before it starts %s", p.Rule, p.End, p.Start)
		}
		if p.User != strings.ToLower(p.User) {
			t.Errorf("%s: user %q is not lower case", p.Rule, p.User)
		}
		if p.Rule != "legacy_auth" && p.Start.Before(history) {
			t.Errorf("%s starts %s, before 14 days of history", p.Rule, p.Start)
		}
	}
	for rule, check := range checks {
		t.Run(rule, func(t *testing.T) {
			if !rules[rule] {
				t.Fatalf("nothing planted for %s", rule)
			}
			for _, p := range w.planted(t, rule) {
				check(t, p)
			}
		})
	}
	for rule := range rules {
		if checks[rule] == nil {
			t.Errorf("planted rule %s has no check", rule)
		}
	}
	t.Run("chain in order", func(t *testing.T) {
		order := []string{"password_spray", "mfa_fatigue", "mfa_method_registered", "inbox_forwarding_external", "mailbox_forwarding_external",
			"privileged_role_assigned", "mailbox_delegate_added", "app_credential_added", "consent_grant_risky"}
		var got []string
		var last time.Time
		for _, p := range tn.Planted {
			if p.Chain {
				got = append(got, p.Rule)
				if p.Start.Before(last) {
					t.Errorf("%s starts %s, before the step before it (%s)", p.Rule, p.Start, last)
				}
				last = p.Start
			}
		}
		if !slices.Equal(got, order) {
			t.Errorf("got chain %v; want %v", got, order)
		}
	})
}

// maxInWindow is the most times within any window.
func maxInWindow(times []time.Time, window time.Duration) int {
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) > window {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestDecoys(t *testing.T) {
	for _, seed := range []int64{22, 122} {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) { decoys(t, newWorld(t, seed)) })
	}
}

func decoys(t *testing.T, w *world) {
	tn := w.t
	office := networks[nwOfficeNY].Prefix
	for _, d := range tn.Decoys {
		t.Run(d.Rule+" "+d.User, func(t *testing.T) {
			switch {
			case d.Rule == "password_spray":
				users, typos := map[string]bool{}, map[int64]map[string]bool{}
				for _, s := range w.where(func(s *SignIn) bool { return office.Contains(netip.MustParseAddr(s.IPAddress)) }) {
					if s.ErrorCode == 0 {
						users[s.UserPrincipalName] = true
					}
					if s.ErrorCode == 50126 {
						b := s.CreatedAt.Unix() / 1200
						if typos[b] == nil {
							typos[b] = map[string]bool{}
						}
						typos[b][s.UserPrincipalName] = true
					}
				}
				most := 0
				for _, u := range typos {
					most = max(most, len(u))
				}
				if len(users) < 10 || most < 3 || most >= 15 {
					t.Errorf("got %d users succeeding and at most %d typing wrong in 20 minutes; want many, and 3 to 14", len(users), most)
				}
			case d.Rule == "brute_force":
				n := 0
				for _, s := range w.byUser(d.User) {
					if s.ErrorCode == 50126 {
						n++
					}
				}
				if n < 3 || n >= 10 {
					t.Errorf("got %d wrong passwords; want a few", n)
				}
			case d.Rule == "impossible_travel" && mobilePrefix(d.IP):
				checkCarrierHops(t, w, d)
			case d.Rule == "session_replay" || d.Rule == "mfa_denied_fraud" || d.Rule == "device_code_phishing":
				checkDecoy2026(t, w, d)
			case d.Rule == "new_country" && managedTrip(w, d):
			case d.Rule == "impossible_travel" && strings.Contains(d.IP, "/"):
				ss := w.byUser(d.User)
				countries := map[string]bool{}
				vpn := 0
				for _, s := range ss {
					if s.ErrorCode != 0 {
						continue
					}
					countries[s.Country] = true
					if office.Contains(netip.MustParseAddr(s.IPAddress)) {
						vpn++
					}
				}
				if len(countries) != 1 || vpn == 0 {
					t.Errorf("got countries %v and %d VPN sign-ins; want one country and some", countries, vpn)
				}
			case d.Rule == "impossible_travel":
				v, a, b := maxSpeed(w.byUser(d.User))
				if v > 900 || v < 300 {
					t.Errorf("fastest hop %.0f km/h (%s %s to %s %s); want a plane's speed, under 900", v, a.City, a.CreatedAt, b.City, b.CreatedAt)
				}
			case d.Rule == "new_country":
				var early, late map[string]bool = map[string]bool{}, map[string]bool{}
				cut := tn.Start().AddDate(0, 0, 14)
				for _, s := range w.byUser(d.User) {
					if s.ErrorCode != 0 {
						continue
					}
					if s.CreatedAt.Before(cut) {
						early[s.Country] = true
					} else {
						late[s.Country] = true
					}
				}
				for c := range late {
					if !early[c] {
						t.Errorf("country %s first seen after day 14; want only countries seen before", c)
					}
				}
				if len(late) < 2 {
					t.Errorf("got countries %v after day 14; want the trip abroad", late)
				}
			case d.Rule == "microsoft_risk":
				for _, s := range w.byUser(d.User) {
					if s.RiskLevelDuringSignIn == "high" || s.RiskLevelDuringSignIn != "none" && s.RiskState == "atRisk" {
						t.Errorf("sign-in %s risk %s %s; want none high or at risk", s.ID, s.RiskLevelDuringSignIn, s.RiskState)
					}
				}
			case d.Rule == "privileged_role_assigned":
				for _, a := range w.audits("Add member to role") {
					if strings.EqualFold(a.Targets[0].UserPrincipalName, d.User) && modified(a, "Role.DisplayName") == `"Global Administrator"` {
						t.Errorf("the decoy got Global Administrator")
					}
				}
			case d.Rule == "inbox_forwarding_external":
				for _, m := range w.mail("New-InboxRule") {
					if strings.EqualFold(m.UserID, d.User) {
						if f := param(m, "ForwardTo"); f != "" && !strings.HasSuffix(strings.ToLower(f), "@"+tn.Options.Domain) {
							t.Errorf("forwards to %s; want the tenant's own domain", f)
						}
					}
				}
			case d.Rule == "consent_grant_risky":
				for _, a := range w.audits("Consent to application") {
					if strings.EqualFold(a.Actor.UserPrincipalName, d.User) {
						if p := modified(a, "ConsentAction.Permissions"); !strings.Contains(p, "Scope:  User.Read,") {
							t.Errorf("consent scopes %q; want User.Read only", p)
						}
					}
				}
			}
		})
	}
}

// TestNoAccidentalAttacks checks that the background alone trips no rule: no impossible
// travel, no new country late in the period, no spray or brute force, no MFA fatigue.
func TestNoAccidentalAttacks(t *testing.T) {
	for _, seed := range []int64{23, 123, 223} {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) { noAccidents(t, newWorld(t, seed)) })
	}
	t.Run("default size", func(t *testing.T) {
		tn := New(Options{Seed: 24, Attacks: true, Decoys: true})
		noAccidents(t, &world{t: tn, all: allSignIns(t, tn)})
	})
}

func noAccidents(t *testing.T, w *world) {
	tn := w.t
	excused := map[string]bool{}
	for _, p := range tn.Planted {
		excused[p.User] = true
	}
	for _, d := range tn.Decoys {
		if d.Rule == "impossible_travel" && strings.Contains(d.IP, "/") || d.Rule == "new_country" {
			excused[d.User] = true
		}
	}
	// The attacker's backdoor account has no history of its own; nor have accounts created
	// in the period (new hires).
	for _, u := range tn.Users {
		if u.Kind == "service" {
			excused[u.UPN()] = true
		}
	}
	for _, a := range tn.Audits {
		if strings.TrimSpace(a.Activity) == "Add user" {
			for _, tr := range a.Targets {
				excused[strings.ToLower(tr.UserPrincipalName)] = true
			}
		}
	}
	byUser := map[string][]*SignIn{}
	for i := range w.all {
		s := &w.all[i]
		byUser[strings.ToLower(s.UserPrincipalName)] = append(byUser[strings.ToLower(s.UserPrincipalName)], s)
	}
	cut := tn.Start().AddDate(0, 0, 14)
	for upn, ss := range byUser {
		if excused[upn] {
			continue
		}
		if v, a, b := maxSpeed(ss); v > 900 {
			t.Errorf("%s: %.0f km/h from %s (%s) to %s (%s)", upn, v, a.City, a.IPAddress, b.City, b.IPAddress)
		}
		seen := map[string]bool{}
		for _, s := range ss {
			if s.ErrorCode != 0 {
				continue
			}
			if !s.CreatedAt.Before(cut) && !seen[s.Country] {
				t.Errorf("%s: first sign-in from %s on %s", upn, s.Country, s.CreatedAt)
			}
			seen[s.Country] = true
		}
		denials := 0
		for _, s := range ss {
			if s.ErrorCode == 500121 {
				denials++
			}
		}
		if denials > 2 {
			t.Errorf("%s: %d MFA denials", upn, denials)
		}
	}
	// No address but the planted ones sees failures for many users, or many for one.
	plantedIP := map[string]bool{}
	for _, p := range tn.Planted {
		plantedIP[p.IP] = true
	}
	users := map[string]map[string]bool{}
	pairs := map[string]int{}
	for i := range w.all {
		s := &w.all[i]
		if isFail(s) && !plantedIP[s.IPAddress] {
			if users[s.IPAddress] == nil {
				users[s.IPAddress] = map[string]bool{}
			}
			users[s.IPAddress][s.UserPrincipalName] = true
			pairs[s.IPAddress+" "+s.UserPrincipalName]++
		}
	}
	for ip, u := range users {
		if len(u) >= 10 {
			t.Errorf("%s: failures for %d users", ip, len(u))
		}
	}
	for k, n := range pairs {
		if n >= 8 {
			t.Errorf("%s: %d failures", k, n)
		}
	}
}
