package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// smallOptions is a tenant small enough for quick tests, with every scenario planted and
// the full three weeks the rules need.
func smallOptions(seed int64) Options {
	return Options{Seed: seed, Users: 60, SignInsPerUserDay: 3, Attacks: true, Decoys: true}
}

// allSignIns collects a tenant's sign-ins.
func allSignIns(t testing.TB, tn *Tenant) []SignIn {
	t.Helper()
	var out []SignIn
	if err := tn.SignIns(func(s SignIn) error { out = append(out, s); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// hashTree returns the sha256 of every file under dir, by path relative to dir.
func hashTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(h.Sum(nil))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	opts := smallOptions(11)
	opts.Users, opts.SignInsPerUserDay = 45, 1.5
	a, b := New(opts), New(opts)
	other := opts
	other.Seed = 12
	c := New(other)
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			da, db, dc := t.TempDir(), t.TempDir(), t.TempDir()
			pa, err := a.Write(da, f)
			if err != nil {
				t.Fatal(err)
			}
			pb, err := b.Write(db, f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Write(dc, f); err != nil {
				t.Fatal(err)
			}
			if len(pa) == 0 || len(pa) != len(pb) {
				t.Fatalf("got %d and %d files; want the same number, more than none", len(pa), len(pb))
			}
			ha, hb, hc := hashTree(t, da), hashTree(t, db), hashTree(t, dc)
			if len(ha) != len(hb) {
				t.Fatalf("got %d and %d files from the same seed; want equal", len(ha), len(hb))
			}
			for name, sum := range ha {
				if hb[name] != sum {
					t.Errorf("%s: got different bytes from the same seed", name)
				}
			}
			same := 0
			for name, sum := range ha {
				if hc[name] == sum && name != ThreatIntelFile {
					same++
				}
			}
			if same == len(ha) {
				t.Errorf("got the same bytes from seeds 11 and 12; want different")
			}
		})
	}
}

func TestWriteTwiceSameBytes(t *testing.T) {
	// Writing must not change the tenant: a second Write of one value gives the same bytes.
	tn := New(Options{Seed: 5, Users: 40, SignInsPerUserDay: 1, Attacks: true})
	d1, d2 := t.TempDir(), t.TempDir()
	for _, f := range []Format{GraphPages, PortalCSV} {
		if _, err := tn.Write(filepath.Join(d1, string(f)), f); err != nil {
			t.Fatal(err)
		}
		if _, err := tn.Write(filepath.Join(d2, string(f)), f); err != nil {
			t.Fatal(err)
		}
	}
	h1, h2 := hashTree(t, d1), hashTree(t, d2)
	for name, sum := range h1 {
		if h2[name] != sum {
			t.Errorf("%s: got different bytes on the second write", name)
		}
	}
}

func TestDefaults(t *testing.T) {
	tn := New(Options{Seed: 1, SignInsPerUserDay: 0.5})
	o := tn.Options
	if o.Users != 200 || o.Days != 21 || o.Domain != "contoso.com" || !o.Start.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got defaults users=%d days=%d domain=%s start=%s; want 200, 21, contoso.com, 2026-10-01", o.Users, o.Days, o.Domain, o.Start)
	}
	if len(tn.Users) != 200 {
		t.Errorf("got %d users; want 200", len(tn.Users))
	}
	if got := tn.Domains; !slices.Equal(got, []string{"contoso.com", "contoso.onmicrosoft.com"}) {
		t.Errorf("got domains %v; want contoso.com and contoso.onmicrosoft.com", got)
	}
	if len(tn.Planted) != 0 || len(tn.Decoys) != 0 || len(tn.ThreatIntelIPs) != 0 {
		t.Errorf("got %d planted, %d decoys, %d threat-intel entries without Attacks and Decoys; want none", len(tn.Planted), len(tn.Decoys), len(tn.ThreatIntelIPs))
	}
	small := New(Options{Seed: 1, Users: 3})
	if len(small.Users) != minUsers {
		t.Errorf("got %d users for Users: 3; want the minimum, %d", len(small.Users), minUsers)
	}
}

func TestUsers(t *testing.T) {
	tn := New(Options{Seed: 2, Users: 120})
	upns := map[string]bool{}
	var admins, disabled, ga int
	countries := map[string]int{}
	for _, u := range tn.Users {
		if upns[u.UPN()] {
			t.Errorf("user %s appears twice", u.UPN())
		}
		upns[u.UPN()] = true
		if !strings.HasSuffix(u.UPN(), "@contoso.com") && !strings.HasSuffix(u.UPN(), "@contoso.onmicrosoft.com") {
			t.Errorf("user %s is not in the tenant's domains", u.UserPrincipalName)
		}
		if len(u.Roles) > 0 {
			admins++
		}
		if slices.Contains(u.Roles, "Global Administrator") {
			ga++
		}
		if !u.Enabled {
			disabled++
		}
		countries[u.Country]++
		if tn.User(strings.ToUpper(u.UserPrincipalName)) == nil {
			t.Errorf("User(%q) found nobody", strings.ToUpper(u.UserPrincipalName))
		}
	}
	if admins < 5 || ga < 2 {
		t.Errorf("got %d administrators, %d Global Administrators; want at least 5 and 2", admins, ga)
	}
	if disabled < 3 {
		t.Errorf("got %d disabled accounts; want at least 3", disabled)
	}
	if countries["US"]+countries["GB"] < len(tn.Users)*3/4 {
		t.Errorf("got countries %v; want most users in the US and the UK", countries)
	}
}

func TestSignInStream(t *testing.T) {
	opts := smallOptions(4)
	tn := New(opts)
	all := allSignIns(t, tn)
	ids := map[string]bool{}
	var inter, fail, workload int
	var last time.Time
	for i, s := range all {
		if ids[s.ID] {
			t.Fatalf("sign-in %s appears twice", s.ID)
		}
		ids[s.ID] = true
		if s.CreatedAt.Before(last) {
			t.Fatalf("sign-in %d at %s comes after %s; want time order", i, s.CreatedAt, last)
		}
		last = s.CreatedAt
		if s.CreatedAt.Before(tn.Start()) || !s.CreatedAt.Before(tn.End()) {
			t.Errorf("sign-in %s at %s is outside [%s, %s)", s.ID, s.CreatedAt, tn.Start(), tn.End())
		}
		if s.CreatedAt.Nanosecond()%100 != 0 {
			t.Errorf("sign-in %s at %s has more than 7 fractional digits", s.ID, s.CreatedAt)
		}
		if s.IsWorkload() {
			// A service principal or managed identity: no user, its own id, name and credential.
			workload++
			if w := s.Workload; s.UserPrincipalName != "" || w.ServicePrincipalID == "" || w.ServicePrincipalName == "" || w.ClientCredentialType == "" ||
				s.AppID == "" || s.IPAddress == "" || s.ASN == 0 || len(s.Country) != 2 {
				t.Errorf("workload sign-in %s: user %q service principal %q %q credential %q app %q ip %q asn %d country %q", s.ID,
					s.UserPrincipalName, w.ServicePrincipalID, w.ServicePrincipalName, w.ClientCredentialType, s.AppID, s.IPAddress, s.ASN, s.Country)
			}
			continue
		}
		if s.Interactive() {
			inter++
		} else if s.Category != NonInteractive {
			t.Errorf("sign-in %s has category %q", s.ID, s.Category)
		}
		if s.ErrorCode != 0 {
			fail++
			if s.FailureReason == "" {
				t.Errorf("sign-in %s failed with %d but has no failure reason", s.ID, s.ErrorCode)
			}
		}
		if len(s.Country) != 2 || s.City == "" || s.ASN == 0 || s.IPAddress == "" || s.UserPrincipalName == "" || s.AppID == "" {
			t.Errorf("sign-in %s lacks a field: country %q city %q asn %d ip %q user %q app %q", s.ID, s.Country, s.City, s.ASN, s.IPAddress, s.UserPrincipalName, s.AppID)
		}
		if s.Latitude == 0 || s.Longitude == 0 {
			t.Errorf("sign-in %s has no coordinates", s.ID)
		}
	}
	// Workload identities sign in every half hour to every few hours, around the clock.
	if workload < 21*24*3 || workload > 21*24*6 {
		t.Errorf("got %d workload identity sign-ins; want their hourly rhythm over 21 days", workload)
	}
	// About Users x Days x rate, plus the planted ones.
	users := len(all) - workload
	want := float64(opts.Users) * 21 * opts.SignInsPerUserDay
	if n := float64(users); n < want*0.7 || n > want*1.3+2000 {
		t.Errorf("got %d sign-ins of users; want about %.0f", users, want)
	}
	if r := float64(inter) / float64(users); r < 0.15 || r > 0.45 {
		t.Errorf("got %.0f%% interactive sign-ins; want about a quarter", 100*r)
	}
	if r := float64(fail) / float64(users); r < 0.005 || r > 0.08 {
		t.Errorf("got %.1f%% failed sign-ins; want a few percent", 100*r)
	}
}

func TestSignInsStopsOnError(t *testing.T) {
	tn := New(Options{Seed: 1, Users: 40, SignInsPerUserDay: 1})
	stop := io.ErrShortWrite
	n := 0
	err := tn.SignIns(func(SignIn) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Errorf("got error %v after %d sign-ins; want %v after 10", err, n, stop)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(string(f))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", f, got, err, f)
		}
		if len(f.Tables()) == 0 {
			t.Errorf("%s fills no tables", f)
		}
	}
	if _, err := ParseFormat("excel"); err == nil {
		t.Errorf("ParseFormat(excel) gave no error")
	}
	if _, err := New(Options{Seed: 1, Users: 40, Days: 8}).Write(t.TempDir(), Format("excel")); err == nil {
		t.Errorf("Write(excel) gave no error")
	}
}
