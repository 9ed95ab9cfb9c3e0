package gen

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// workloadChecks are the checks of the workload identity and directory persistence attacks
// (TestPlantedAttacks runs them with the others).
func (w *world) workloadChecks() map[string]func(t *testing.T, p Planted) {
	bySP := func(id string) []*SignIn {
		return w.where(func(s *SignIn) bool { return s.Workload.ServicePrincipalID == id })
	}
	credentialAudit := func(t *testing.T, p Planted) (*Audit, string) {
		t.Helper()
		for _, a := range w.audits("Update application – Certificates and secrets management") {
			for _, s := range bySP(p.ServicePrincipal) {
				if len(a.Targets) > 0 && a.Targets[0].DisplayName == s.AppDisplayName && strings.Contains(modified(a, "KeyDescription"), s.Workload.CredentialKeyID) &&
					s.IPAddress == p.IP && a.Actor.IsUser() {
					return a, s.Workload.CredentialKeyID
				}
			}
		}
		t.Fatalf("no credential record for the key service principal %s uses from %s", p.ServicePrincipal, p.IP)
		return nil, ""
	}
	return map[string]func(t *testing.T, p Planted){
		"sp_credential_then_use": func(t *testing.T, p Planted) {
			a, key := credentialAudit(t, p)
			var before, after []*SignIn
			for _, s := range bySP(p.ServicePrincipal) {
				if s.CreatedAt.Before(a.ActivityAt) {
					before = append(before, s)
				} else if s.IPAddress == p.IP {
					after = append(after, s)
				}
			}
			if len(before) < 24*14 || len(after) == 0 {
				t.Fatalf("got %d sign-ins before the credential and %d after from %s; want weeks of history, then its use", len(before), len(after), p.IP)
			}
			for _, s := range before {
				if s.IPAddress != before[0].IPAddress || s.Workload.CredentialKeyID == key {
					t.Fatalf("history sign-in %s from %s with key %s; want one address and the old key", s.ID, s.IPAddress, s.Workload.CredentialKeyID)
				}
			}
			for _, s := range after {
				if s.Workload.ClientCredentialType != "clientSecret" || s.Workload.CredentialKeyID != key || s.ASN == before[0].ASN || s.Country == before[0].Country {
					t.Errorf("sign-in %s: %s key %s AS%d %s; want the added secret from another network and country", s.ID,
						s.Workload.ClientCredentialType, s.Workload.CredentialKeyID, s.ASN, s.Country)
				}
			}
		},
		"sp_new_network": func(t *testing.T, p Planted) {
			asns := map[int]bool{}
			var ip *SignIn
			for _, s := range bySP(p.ServicePrincipal) {
				if s.IPAddress == p.IP && ip == nil {
					ip = s
				}
				if ip == nil {
					asns[s.ASN] = true
				}
			}
			if ip == nil || asns[ip.ASN] || len(asns) != 1 {
				t.Errorf("history networks %v, then %v; want one network, then a new one", asns, ip)
			}
		},
		"app_permission_granted": func(t *testing.T, p Planted) {
			grant, owner := false, false
			for _, a := range w.audits("Add app role assignment to service principal") {
				grant = grant || strings.EqualFold(a.Actor.UserPrincipalName, p.User) && a.Actor.IPAddress == p.IP &&
					modified(a, "AppRole.Value") == `"RoleManagement.ReadWrite.Directory"` && modified(a, "ServicePrincipal.ObjectID") != ""
			}
			for _, a := range w.audits("Add owner to application") {
				owner = owner || strings.EqualFold(a.Actor.UserPrincipalName, p.User) && len(a.Targets) == 2 && a.Targets[1].Type == "Application"
			}
			if !grant || !owner {
				t.Errorf("grant %v owner %v; want RoleManagement.ReadWrite.Directory granted and an owner added by %s from %s", grant, owner, p.User, p.IP)
			}
		},
		"security_info_removed": func(t *testing.T, p Planted) {
			var del *Audit
			for _, a := range w.audits("Admin deleted security info") {
				if strings.EqualFold(a.Targets[0].UserPrincipalName, p.User) {
					del = a
				}
			}
			if del == nil {
				t.Fatalf("no Admin deleted security info for %s", p.User)
			}
			single := 0
			for _, s := range w.byUser(p.User) {
				if s.CreatedAt.After(del.ActivityAt) && s.IPAddress == p.IP && s.ErrorCode == 0 && s.AuthenticationRequirement == "singleFactorAuthentication" {
					single++
				}
			}
			if single == 0 {
				t.Errorf("no single-factor success from %s after the deletion", p.IP)
			}
		},
		"temporary_access_pass": func(t *testing.T, p Planted) {
			var tap *Audit
			for _, a := range w.audits("Admin registered security info") {
				if strings.EqualFold(a.Targets[0].UserPrincipalName, p.User) && a.ResultReason == "Admin registered temporary access pass method for user" {
					tap = a
				}
			}
			if tap == nil {
				t.Fatalf("no pass issued to %s", p.User)
			}
			used := false
			for _, s := range w.byUser(p.User) {
				used = used || s.IPAddress == p.IP && s.CreatedAt.After(tap.ActivityAt) && s.CreatedAt.Before(tap.ActivityAt.Add(time.Hour)) &&
					len(s.AuthDetails) > 0 && s.AuthDetails[0].Method == "Temporary Access Pass"
			}
			// Issued outside the issuer's working hours: none of their own sign-ins within two hours of that time of day.
			near := 0
			for _, s := range w.byUser(tap.Actor.UserPrincipalName) {
				d := (s.CreatedAt.Hour() - tap.ActivityAt.Hour() + 24) % 24
				if s.CreatedAt.Before(tap.ActivityAt.Add(-12*time.Hour)) && (d <= 1 || d >= 23) {
					near++
				}
			}
			if !used || near > 1 {
				t.Errorf("used %v, %d earlier sign-ins of the issuer at that hour; want used at once, outside the issuer's hours", used, near)
			}
		},
	}
}

// TestWorkloadScenario checks the tenant's workload identities and the look-alikes around
// them: steady cloud sign-ins, a routine secret rotation, and the help desk's new hires.
func TestWorkloadScenario(t *testing.T) {
	for _, seed := range []int64{25, 125} {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) { workloadScenario(t, newWorld(t, seed)) })
	}
}

func workloadScenario(t *testing.T, w *world) {
	tn := w.t
	planted := map[string]bool{}
	for _, p := range tn.Planted {
		planted[p.ServicePrincipal] = p.ServicePrincipal != ""
	}
	// Every workload identity signs in every few hours, all period long, from one network.
	byID := map[string][]*SignIn{}
	for _, s := range w.where(func(s *SignIn) bool { return s.IsWorkload() }) {
		byID[s.Workload.ServicePrincipalID] = append(byID[s.Workload.ServicePrincipalID], s)
	}
	if len(byID) < 6 {
		t.Fatalf("got %d workload identities signing in; want the tenant's six", len(byID))
	}
	for id, ss := range byID {
		asns := map[int]bool{}
		gap := time.Duration(0)
		for i, s := range ss {
			if !planted[id] || s.Country == ss[0].Country {
				asns[s.ASN] = true
			}
			if i > 0 {
				gap = max(gap, s.CreatedAt.Sub(ss[i-1].CreatedAt))
			}
		}
		if len(asns) != 1 || gap > 4*time.Hour || ss[0].CreatedAt.After(tn.Start().Add(4*time.Hour)) {
			t.Errorf("%s (%s): networks %v, longest gap %s, first at %s; want one network, every few hours, from the start",
				ss[0].Workload.ServicePrincipalName, id, asns, gap, ss[0].CreatedAt)
		}
	}
	for _, d := range tn.Decoys {
		switch d.Rule {
		case "app_credential_added":
			// The owner rotates: a key added, the old one removed the next day, by someone who
			// changed the app before, from an address they signed in from days before, in
			// working hours.
			var changes []*Audit
			for i := range tn.Audits {
				a := &tn.Audits[i]
				if strings.EqualFold(a.Actor.UserPrincipalName, d.User) && a.Targets[0].Type == "Application" {
					changes = append(changes, a)
				}
			}
			if len(changes) != 3 {
				t.Fatalf("owner %s made %d application changes; want an update, a new secret, the old one removed", d.User, len(changes))
			}
			rot := changes[1]
			known := false
			for _, s := range w.byUser(d.User) {
				known = known || s.IPAddress == rot.Actor.IPAddress && s.CreatedAt.Before(rot.ActivityAt.Add(-48*time.Hour))
			}
			if !known || rot.Actor.IPAddress != d.IP || changes[0].ActivityAt.AddDate(0, 0, 1).After(rot.ActivityAt) {
				t.Errorf("rotation from %s (known %v) after an update at %s; want a known office address, days after the update", rot.Actor.IPAddress, known, changes[0].ActivityAt)
			}
		case "sp_credential_then_use":
			ss := byID[d.ServicePrincipal]
			keys := map[string]int{}
			for _, s := range ss {
				keys[s.Workload.CredentialKeyID]++
				if s.IPAddress != ss[0].IPAddress {
					t.Fatalf("%s signs in from %s and %s; want its one address", d.ServicePrincipal, ss[0].IPAddress, s.IPAddress)
				}
			}
			if len(keys) != 2 {
				t.Errorf("%s used keys %v; want the old secret, then the new one", d.ServicePrincipal, keys)
			}
		case "temporary_access_pass":
			var created, tap *Audit
			for i := range tn.Audits {
				a := &tn.Audits[i]
				if len(a.Targets) > 0 && strings.EqualFold(a.Targets[0].UserPrincipalName, d.User) {
					switch {
					case strings.TrimSpace(a.Activity) == "Add user":
						created = a
					case a.ResultReason == "Admin registered temporary access pass method for user":
						tap = a
					}
				}
			}
			ss := w.byUser(d.User)
			if created == nil || tap == nil || len(ss) == 0 || ss[0].CreatedAt.Before(tap.ActivityAt) || ss[0].AuthDetails[0].Method != "Temporary Access Pass" ||
				ss[0].IPAddress != d.IP {
				t.Errorf("new hire %s: created %v, pass %v, %d sign-ins; want created, a pass, the first sign-in with it at the office", d.User, created != nil, tap != nil, len(ss))
			}
		}
	}
}
