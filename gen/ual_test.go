package gen

import (
	"strings"
	"testing"
	"time"
)

// ualPlantedChecks check that the 2026 Unified Audit Log attacks are what their notes say.
func ualPlantedChecks(w *world) map[string]func(t *testing.T, p Planted) {
	tn := w.t
	foreign := func(t *testing.T, p Planted) *SignIn {
		t.Helper()
		var hit *SignIn
		home := tn.User(p.User).Country
		for _, s := range w.byUser(p.User) {
			if s.IPAddress == p.IP && s.ErrorCode == 0 && !s.CreatedAt.After(p.Start) {
				hit = s
			}
		}
		if hit == nil || hit.Country == home || p.Start.Sub(hit.CreatedAt) > time.Hour {
			t.Fatalf("sign-in from %s before %s: %+v; want a success abroad within the hour before", p.IP, p.Start, hit)
		}
		return hit
	}
	return map[string]func(t *testing.T, p Planted){
		"inbox_rule_hiding": func(t *testing.T, p Planted) {
			var m *MailboxEvent
			for i := range tn.Mailbox {
				e := &tn.Mailbox[i]
				if strings.EqualFold(e.UserID, p.User) && e.CreatedAt.Equal(p.Start) && strings.Contains(e.Operation, "InboxRule") {
					m = e
				}
			}
			if m == nil {
				t.Fatalf("no inbox rule by %s at %s", p.User, p.Start)
			}
			text := strings.ToLower(param(m, "MoveToFolder") + param(m, "MarkAsRead") + param(m, "DeleteMessage"))
			if m.UAL != nil {
				for _, kv := range m.UAL.RuleProps {
					text += strings.ToLower(kv.Value)
				}
			}
			if !strings.Contains(text, "rss") && !strings.Contains(text, "conversation history") && !strings.Contains(text, "delete") {
				t.Errorf("rule %s %v: want it to hide or delete mail", m.Operation, m.Parameters)
			}
			if !strings.Contains(p.Note, "RSS") { // the chain's rule follows MFA fatigue, not a foreign sign-in
				foreign(t, p)
			}
		},
		"bulk_download": func(t *testing.T, p Planted) {
			foreign(t, p)
			perDay := map[string]int{}
			burst := 0
			for _, e := range tn.Mailbox {
				if !strings.EqualFold(e.UserID, p.User) || !strings.HasPrefix(e.Operation, "FileDownloaded") && !strings.HasPrefix(e.Operation, "FileSync") {
					continue
				}
				if e.ClientIP == p.IP && !e.CreatedAt.Before(p.Start) && e.CreatedAt.Before(p.Start.Add(time.Hour)) {
					burst++
				} else {
					perDay[e.CreatedAt.Format(time.DateOnly)]++
				}
			}
			if burst < 250 {
				t.Errorf("got %d downloads in the hour; want hundreds", burst)
			}
			for day, n := range perDay {
				if n > 10 {
					t.Errorf("%s: %d ordinary downloads; want at most 10 a day", day, n)
				}
			}
		},
		"mail_bulk_access": func(t *testing.T, p Planted) {
			foreign(t, p)
			items, searches := 0, 0
			for _, e := range tn.Mailbox {
				if !strings.EqualFold(e.UserID, p.User) || e.ClientIP != p.IP || e.UAL == nil {
					continue
				}
				switch e.Operation {
				case "MailItemsAccessed":
					items += e.UAL.OperationCount
				case "SearchQueryInitiatedExchange":
					searches++
				}
			}
			if items < 400 || searches == 0 {
				t.Errorf("got %d items read and %d searches from %s; want hundreds and a search", items, searches, p.IP)
			}
		},
	}
}

// TestUALBackground checks the ordinary traffic the 2026 rules weigh: 0-10 downloads a day a
// person, Outlook's reads small, and the backup application reading every mailbox every night.
func TestUALBackground(t *testing.T) {
	w := newWorld(t, 31)
	tn := w.t
	downloads := map[string]int{}
	backupNights := map[string]map[string]bool{}
	attacked := map[string]bool{}
	for _, p := range tn.Planted {
		attacked[p.User] = true
	}
	for _, d := range tn.Decoys {
		attacked[d.User] = true
	}
	for _, e := range tn.Mailbox {
		user := strings.ToLower(e.UserID)
		switch {
		case e.Operation == "FileDownloaded" || strings.HasPrefix(e.Operation, "FileSync"):
			downloads[user+" "+e.CreatedAt.Format(time.DateOnly)]++
		case e.Operation == "MailItemsAccessed" && e.UAL != nil && e.UserID == backupSPID:
			day := e.CreatedAt.Format(time.DateOnly)
			if backupNights[day] == nil {
				backupNights[day] = map[string]bool{}
			}
			backupNights[day][strings.ToLower(e.MailboxOwnerUPN)] = true
			if h := e.CreatedAt.Hour(); h != 1 {
				t.Errorf("backup read at %s; want between 01:00 and 02:00", e.CreatedAt)
			}
		case e.Operation == "MailItemsAccessed" && e.UAL != nil && !attacked[user] && e.UAL.OperationCount > 40:
			t.Errorf("%s: Outlook read %d items at once; want a few", user, e.UAL.OperationCount)
		}
	}
	for k, n := range downloads {
		if user, _, _ := strings.Cut(k, " "); n > 10 && !attacked[user] {
			t.Errorf("%s: %d downloads; want at most 10 a day", k, n)
		}
	}
	if len(downloads) == 0 {
		t.Fatal("no downloads at all")
	}
	if len(backupNights) != tn.Options.Days {
		t.Errorf("backup ran on %d nights; want every one of %d", len(backupNights), tn.Options.Days)
	}
	people := len(tn.members(false)) + len(tn.members(true))
	for day, boxes := range backupNights {
		if len(boxes) != people {
			t.Errorf("%s: backup read %d mailboxes; want %d", day, len(boxes), people)
		}
	}
}

// TestUALDecoys checks the look-alikes are what their notes say.
func TestUALDecoys(t *testing.T) {
	w := newWorld(t, 32)
	tn := w.t
	n := 0
	for _, d := range tn.Decoys {
		switch d.Rule {
		case "bulk_download":
			n++
			count, managed := 0, true
			var first time.Time
			for _, e := range tn.Mailbox {
				if strings.EqualFold(e.UserID, d.User) && e.ClientIP == d.IP && e.UAL != nil && e.RecordType == RecordSharePointFileOp {
					count++
					managed = managed && (e.UAL.Managed || e.Operation == "FileDownloaded")
					if first.IsZero() {
						first = e.CreatedAt
					}
				}
			}
			if count < 50 || !managed {
				t.Errorf("%s (%s): got %d downloads from %s, managed %v; want a burst from a managed device", d.User, d.Note, count, d.IP, managed)
			}
			if len(w.where(func(s *SignIn) bool {
				return strings.EqualFold(s.UserPrincipalName, d.User) && s.ErrorCode == 0 && s.Country != tn.User(d.User).Country &&
					s.CreatedAt.Before(first) && s.CreatedAt.After(first.Add(-24*time.Hour))
			})) > 0 {
				t.Errorf("%s signed in from abroad the day before; the look-alike must not follow a foreign sign-in", d.User)
			}
		case "inbox_rule_hiding":
			n++
			for _, m := range w.mail("New-InboxRule") {
				if strings.EqualFold(m.UserID, d.User) && !strings.HasSuffix(strings.ToLower(param(m, "From")), "@"+tn.Options.Domain) {
					t.Errorf("rule from %q; want the tenant's own sender", param(m, "From"))
				}
			}
		case "mail_bulk_access":
			n++
		}
	}
	if n != 5 {
		t.Errorf("got %d look-alikes of the 2026 UAL rules; want 5", n)
	}
}
