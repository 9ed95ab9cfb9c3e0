package gen

import (
	"strings"
	"testing"
	"time"
)

// TestComplianceMix checks the administration the decoys bring for a compliance export:
// PIM activations that end, privileged roles removed, and an over-prompted user who stays
// below what mfa_denied_fraud and mfa_fatigue count.
func TestComplianceMix(t *testing.T) {
	w := newWorld(t, 25)
	count := func(activity string) int { return len(w.audits(activity)) }
	activations := count("Add member to role completed (PIM activation)")
	ends := count("Remove member from role (PIM activation expired)") + count("Remove member from role completed (PIM deactivate)")
	if activations < 3 || ends < 2 || ends >= activations {
		t.Errorf("got %d PIM activations and %d ends; want the weekly ones ended, and one more activation", activations, ends)
	}
	for _, a := range w.audits("Add member to role completed (PIM activation)") {
		if a.LoggedByService != "PIM" || len(a.Targets) != 3 || a.Targets[0].Type != "Role" || a.Targets[2].UserPrincipalName == "" || a.ResultReason == "" {
			t.Errorf("PIM activation %s: service %q, targets %+v, reason %q; want PIM, the role then a request then the user, a justification",
				a.ID, a.LoggedByService, a.Targets, a.ResultReason)
		}
	}
	if n := count("Remove member from role"); n != 1 {
		t.Errorf("got %d role removals; want the leaver's", n)
	}
	if n := count("Remove eligible member from role in PIM completed (permanent)"); n != 1 {
		t.Errorf("got %d eligible removals; want one", n)
	}
	var over *Decoy
	for i, d := range w.t.Decoys {
		if d.Rule == "mfa_fatigue" {
			over = &w.t.Decoys[i]
		}
	}
	if over == nil {
		t.Fatal("no over-prompted user among the decoys")
	}
	var times []time.Time
	declined, unanswered := 0, 0
	for _, s := range w.byUser(over.User) {
		if s.AppDisplayName != "Microsoft Teams" || !s.Interactive() || len(s.AuthDetails) < 2 || s.MFAAuthMethod != "Mobile app notification" {
			continue
		}
		times = append(times, s.CreatedAt)
		switch s.MFAResult {
		case mfaDeclined:
			declined++
		case mfaNoResponse:
			unanswered++
		}
	}
	// Bursts: days with twelve prompts or more within 70 minutes.
	bursts := map[string]bool{}
	for i := range times {
		n := 0
		for _, u := range times[i:] {
			if u.Sub(times[i]) <= 70*time.Minute {
				n++
			}
		}
		if n >= 12 {
			bursts[times[i].Format(time.DateOnly)] = true
		}
	}
	if len(bursts) != 2 || declined != 1 || unanswered != 1 {
		t.Errorf("%s: bursts of twelve prompts on %v, %d declined, %d unanswered; want two days, 1 and 1", over.User, bursts, declined, unanswered)
	}
	if !strings.Contains(over.Note, "12 times within an hour") {
		t.Errorf("decoy note %q", over.Note)
	}
}
