package gen

import "time"

// streamCompliance is the RNG stream of the administration a compliance export reports on
// (far from the other streams, so that others' new streams do not meet it).
const streamCompliance = streamDay - 64

// complianceMix plants the benign administration that makes every sheet of a compliance
// export (entrarisk compliance) say something, and that no rule should take for an attack:
// privileged roles activated through PIM (and their ends), privileged roles removed, and a
// user an app prompts for MFA far too often, who approves nearly every prompt and lets one
// go unanswered and denies another. The background already has single-factor sign-ins,
// legacy clients and report-only Conditional Access policies; the attacks add the rest.
// It draws from a stream of its own, so that it moves nothing else.
func (s *scenario) complianceMix() {
	saved := s.r
	s.r = newRNG(s.t.Options.Seed, streamCompliance)
	defer func() { s.r = saved }()
	s.pimActivations()
	s.roleRemovals()
	s.overPrompted()
}

// adminWith returns an enabled administrator whose first role is role, or nil.
func (s *scenario) adminWith(role string) *profile {
	for _, p := range s.t.profiles {
		if p.admin && !p.quiet && p.u.Roles[0] == role {
			return p
		}
	}
	return nil
}

// pimActivations: the Security Administrator, eligible for Global Administrator, activates
// it once a week for a change window; it expires eight hours later, or is ended early.
// Once a Global Administrator activates Privileged Role Administrator.
func (s *scenario) pimActivations() {
	sec := s.adminWith("Security Administrator")
	if sec == nil {
		return
	}
	office := s.at(nwOfficeNY)
	for d, k := 2, 0; d < s.t.Options.Days; d, k = d+7, k+1 {
		day := d
		for wd := s.t.Options.Start.AddDate(0, 0, day).Weekday(); wd == time.Saturday || wd == time.Sunday; wd = (wd + 1) % 7 {
			day++
		}
		if day >= s.t.Options.Days {
			break
		}
		at := s.dayClock(day, 13, 5)
		reason := []string{"Monthly patching window (CHG-10482)", "Review of Conditional Access exclusions (CHG-10517)",
			"Renew the SAML signing certificate of Workday (CHG-10560)"}[k%3]
		s.audits = append(s.audits, s.t.pimAudit(s.r, at, "Add member to role completed (PIM activation)", "Assign",
			userActor(sec, office.ip), sec, "Global Administrator", "62e90394-69f5-4237-9190-012177145e10", reason).withUA(sec.desk.UA))
		if k%2 == 0 {
			end := at.Add(8 * time.Hour)
			s.audits = append(s.audits, s.t.pimAudit(s.r, end, "Remove member from role (PIM activation expired)", "Unassign",
				appActor("MS-PIM", "01fc33a7-78ba-4d2f-a4b7-768e336e890e", s.r.uuid()), sec, "Global Administrator",
				"62e90394-69f5-4237-9190-012177145e10", "Timebound activation expired"))
		} else {
			end := at.Add(2*time.Hour + s.r.dur(0, time.Hour))
			s.audits = append(s.audits, s.t.pimAudit(s.r, end, "Remove member from role completed (PIM deactivate)", "Unassign",
				userActor(sec, office.ip), sec, "Global Administrator", "62e90394-69f5-4237-9190-012177145e10", "Change completed").withUA(sec.desk.UA))
		}
	}
	if ga := s.adminWith("Global Administrator"); ga != nil {
		at := s.dayClock(min(4, s.t.Options.Days-1), 15, 40)
		s.audits = append(s.audits, s.t.pimAudit(s.r, at, "Add member to role completed (PIM activation)", "Assign",
			userActor(ga, s.at(nwOfficeNY).ip), ga, "Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814",
			"Grant an auditor Global Reader (CHG-10499)").withUA(ga.desk.UA))
	}
	s.decoy("privileged_role_assigned", sec, office.ip, "PIM activations of an eligible Global Administrator assignment, for change windows: not a new assignment")
}

// roleRemovals: a Global Administrator takes the User Administrator role from a former
// employee's disabled account, and an eligible Exchange Administrator assignment from a
// member who moved teams.
func (s *scenario) roleRemovals() {
	ga := s.adminWith("Global Administrator")
	if ga == nil {
		return
	}
	var leaver *profile
	for _, p := range s.t.profiles {
		if !p.u.Enabled && p.u.Kind == "member" {
			leaver = p
			break
		}
	}
	office := s.at(nwOfficeNY)
	if leaver != nil {
		a := s.t.newAudit(s.r, s.dayClock(min(5, s.t.Options.Days-1), 10, 15), "Core Directory", "RoleManagement", "Remove member from role", "Unassign", userActor(ga, office.ip), "")
		roleID := s.r.uuid()
		a.Targets = []Target{userTarget(leaver,
			Modified{"Role.ObjectID", `"` + roleID + `"`, ""},
			Modified{"Role.DisplayName", `"User Administrator"`, ""},
			Modified{"Role.TemplateId", `"fe930be7-5e62-47db-91af-98c3a49a38b1"`, ""}),
			{ID: roleID, DisplayName: "User Administrator", Type: "Role"}}
		s.audits = append(s.audits, a.withUA(ga.desk.UA))
	}
	mover := s.member("", false)
	at := s.dayClock(min(9, s.t.Options.Days-1), 16, 30)
	s.audits = append(s.audits, s.t.pimAudit(s.r, at, "Remove eligible member from role in PIM completed (permanent)", "Unassign",
		userActor(ga, office.ip), mover, "Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de", "Moved to the Finance team").withUA(ga.desk.UA))
}

// pimAudit is a Privileged Identity Management record: the role first among the targets,
// then the request, then the user; the justification as the result reason.
func (t *Tenant) pimAudit(r rng, at time.Time, activity, opType string, actor Actor, user *profile, role, templateID, reason string) Audit {
	a := t.newAudit(r, at, "PIM", "RoleManagement", activity, opType, actor, reason)
	a.Targets = []Target{
		{ID: templateID, DisplayName: role, Type: "Role"},
		{ID: r.uuid(), DisplayName: "Request", Type: "Request"},
		{ID: user.u.ID, DisplayName: user.u.DisplayName, Type: "User", UserPrincipalName: user.u.UserPrincipalName},
	}
	return a
}

// overPrompted: an app whose sign-in frequency is set far too short asks one user for MFA
// again and again on two working days; the user approves, lets one prompt go unanswered and
// denies one. (Fewer than the two denials a day that mfa_denied_fraud counts, far from the
// ten of mfa_fatigue.)
func (s *scenario) overPrompted() {
	p := s.member("", true)
	teams := usage{App: appTeams, Resource: appTeamsSvc}
	days := []int{s.weekday(1), s.weekday(3)}
	for i, k := range days {
		at := s.clock(k, 13, 0).Add(time.Duration(-places[p.home].UTCOffset) * time.Hour)
		d := s.dayIndex(at)
		from := s.home(p, d)
		for n := 0; n < 12; n++ {
			h := hit{p: p, at: at, from: from, app: teams, kind: authPasswordMFA, mfa: true, method: "Mobile app notification", own: true}
			switch {
			case i == 0 && n == 7:
				h.code, h.mfaResult = 500121, mfaNoResponse
			case i == 1 && n == 4:
				h.code, h.mfaResult = 500121, mfaDeclined
			}
			s.signIn(h)
			at = at.Add(3*time.Minute + s.r.dur(0, 4*time.Minute))
		}
	}
	s.decoy("mfa_fatigue", p, p.homeIP, "an app with too short a sign-in frequency prompts for MFA 12 times within an hour on two days; all approved but one unanswered and one denied")
}
