package gen

import (
	"strings"
	"testing"
	"time"
)

// hostingASN reports whether an ASN is a hosting provider's in the generator's world.
func hostingASN(asn int) bool {
	for _, n := range networks {
		if n.ASN == asn && n.Kind == "hosting" {
			return true
		}
	}
	return false
}

// mobilePrefix reports whether a decoy's address is a mobile carrier's block.
func mobilePrefix(ip string) bool {
	for _, n := range networks {
		if n.Kind == "mobile" && n.Prefix.String() == ip {
			return true
		}
	}
	return false
}

// checkSessionReplay: an interactive MFA sign-in from a hosting network, then the same
// sessionId non-interactively from another network and country by a scripting client
// within minutes, then New-InboxRule to RSS Subscriptions in that session.
func checkSessionReplay(t *testing.T, w *world, p Planted) {
	t.Helper()
	var first *SignIn
	for _, s := range w.byUser(p.User) {
		if !s.CreatedAt.Before(p.Start) && s.Interactive() && s.ErrorCode == 0 && hostingASN(s.ASN) {
			first = s
			break
		}
	}
	if first == nil || first.SessionID == "" || first.AuthenticationRequirement != "multiFactorAuthentication" {
		t.Fatalf("first sign-in %+v; want an interactive MFA success from a hosting network with a sessionId", first)
	}
	replays := 0
	for _, s := range w.byUser(p.User) {
		if s.SessionID != first.SessionID || s.IPAddress != p.IP {
			continue
		}
		if s.Interactive() || s.ASN == first.ASN || s.Country == first.Country || s.DeviceID != "" {
			t.Errorf("replay %s: interactive %v, AS%d %s, device %q; want non-interactive from another network and country, no device",
				s.ID, s.Interactive(), s.ASN, s.Country, s.DeviceID)
		}
		if !strings.Contains(s.UserAgent, "axios") && !strings.Contains(s.UserAgent, "python-requests") && !strings.Contains(s.UserAgent, "Go-http-client") {
			t.Errorf("replay user agent %q; want a scripting client", s.UserAgent)
		}
		if d := s.CreatedAt.Sub(first.CreatedAt); d < time.Minute || d > 2*time.Hour {
			t.Errorf("replay %s after the phish; want minutes", d)
		}
		replays++
	}
	if replays < 3 {
		t.Errorf("got %d replays from %s; want several", replays, p.IP)
	}
	found := false
	for _, m := range w.mail("New-InboxRule") {
		if strings.EqualFold(m.UserID, p.User) && m.UAL != nil && m.UAL.SessionID == first.SessionID && m.ClientIP == p.IP {
			found = param(m, "MoveToFolder") == "RSS Subscriptions" && param(m, "MarkAsRead") == "True"
		}
	}
	if !found {
		t.Errorf("no New-InboxRule to RSS Subscriptions, marked read, in the replayed session")
	}
}

// checkSprayCampaign: one user agent, 60+ accounts, 40 addresses with 1-3 tries each,
// within three hours, then one success of a sprayed account not over ROPC.
func checkSprayCampaign(t *testing.T, w *world, p Planted) {
	t.Helper()
	users, ips := map[string]bool{}, map[string]int{}
	for _, s := range w.where(func(s *SignIn) bool { return s.UserAgent == sprayUA }) {
		if s.ErrorCode == 0 {
			if !strings.EqualFold(s.UserPrincipalName, p.User) || s.IPAddress != p.IP || s.AuthenticationProtocol == "ropc" {
				t.Errorf("success %s of %s from %s over %s; want only the planted account, from a campaign address, not ROPC",
					s.ID, s.UserPrincipalName, s.IPAddress, s.AuthenticationProtocol)
			}
			continue
		}
		if s.CreatedAt.Before(p.Start) || s.CreatedAt.After(p.Start.Add(3*time.Hour+time.Minute)) {
			t.Errorf("failure at %s; want within three hours of %s", s.CreatedAt, p.Start)
		}
		users[strings.ToLower(s.UserPrincipalName)] = true
		ips[s.IPAddress]++
	}
	if len(users) < min(60, len(w.t.members(false))*3/4) || len(ips) != 40 || !users[p.User] {
		t.Errorf("got %d accounts from %d addresses (the winner tried: %v); want 60+ from 40, the winner among them", len(users), len(ips), users[p.User])
	}
	for ip, n := range ips {
		if n > 3 {
			t.Errorf("%s tried %d times; want 1 to 3", ip, n)
		}
	}
}

// checkCarrierHops: the phone's fast hops stay on one carrier in one country, on one device.
func checkCarrierHops(t *testing.T, w *world, d Decoy) {
	t.Helper()
	v, a, b := maxSpeed(w.byUser(d.User))
	if v < 900 {
		t.Fatalf("fastest hop %.0f km/h; want the carrier's geolocation jumping", v)
	}
	if a.ASN != b.ASN || a.Country != b.Country || a.DeviceID == "" || a.DeviceID != b.DeviceID {
		t.Errorf("hop from AS%d %s %q to AS%d %s %q; want one carrier, one country, one device", a.ASN, a.Country, a.DeviceID, b.ASN, b.Country, b.DeviceID)
	}
}

// managedTrip reports whether every country a decoy user first signs in from after day 14
// is first seen on a managed, compliant, registered device.
func managedTrip(w *world, d Decoy) bool {
	cut := w.t.Start().AddDate(0, 0, 14)
	seen, managed := map[string]bool{}, true
	for _, s := range w.byUser(d.User) {
		if s.ErrorCode != 0 || !s.Interactive() && s.CreatedAt.Before(cut) {
			continue
		}
		if !seen[s.Country] && !s.CreatedAt.Before(cut) && s.Interactive() {
			managed = managed && s.IsManaged && s.IsCompliant && s.DeviceID != ""
		}
		seen[s.Country] = true
	}
	return managed
}

// checkDecoy2026 checks the look-alikes of the sign-in rules of 2026.
func checkDecoy2026(t *testing.T, w *world, d Decoy) {
	t.Helper()
	ss := w.byUser(d.User)
	switch d.Rule {
	case "session_replay":
		// Some session moves between addresses; every such session keeps one network or one device.
		moved := false
		bySession := map[string][]*SignIn{}
		for _, s := range ss {
			if s.SessionID != "" && s.ErrorCode == 0 {
				bySession[s.SessionID] = append(bySession[s.SessionID], s)
			}
		}
		for id, list := range bySession {
			ips, asns, devices := map[string]bool{}, map[int]bool{}, map[string]bool{}
			for _, s := range list {
				ips[s.IPAddress], asns[s.ASN], devices[s.DeviceID] = true, true, true
			}
			if len(ips) > 1 {
				moved = true
			}
			if len(asns) > 1 && (len(devices) > 1 || devices[""]) && !strings.Contains(d.Note, "VPN") {
				t.Errorf("session %s: %d networks and devices %v; want one network or one device", id, len(asns), devices)
			}
		}
		if !moved {
			t.Errorf("no session of %s moves between addresses", d.User)
		}
	case "mfa_denied_fraud":
		denied := 0
		for _, s := range ss {
			if s.ErrorCode == 500121 {
				denied++
				if s.IPAddress != d.IP || s.AdditionalDetails != mfaDeclined {
					t.Errorf("denial from %s (%s); want a decline from home", s.IPAddress, s.AdditionalDetails)
				}
			}
		}
		if denied != 2 {
			t.Errorf("got %d denials; want 2", denied)
		}
	case "device_code_phishing":
		days := map[string]bool{}
		for _, s := range ss {
			if s.AuthenticationProtocol == "deviceCode" && s.IPAddress == d.IP && s.OriginalTransferMethod == "deviceCodeFlow" {
				days[s.CreatedAt.Format(time.DateOnly)] = true
			}
		}
		if len(days) < 10 {
			t.Errorf("device code on %d days from the office; want every working day", len(days))
		}
	}
}
