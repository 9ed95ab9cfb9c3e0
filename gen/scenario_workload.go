package gen

import "time"

// The attacks and look-alikes around workload identities and directory persistence. They
// draw from the workload identities' own stream (workloads.r), so that adding them moves
// no other scenario.

// useRNG makes the scenario draw from r until the returned func restores its own stream.
func (s *scenario) useRNG(r rng) func() {
	saved := s.r
	s.r = r
	return func() { s.r = saved }
}

// untouchedMember picks an unused member who works in an office and has no planted sign-in
// (no attack has tried the account), or nil.
func (s *scenario) untouchedMember() *profile {
	for tries := 0; tries < 20; tries++ {
		p := s.member("US", true)
		if p.office < 0 {
			continue
		}
		touched := false
		for i := range s.signins {
			touched = touched || s.signins[i].UserID == p.u.ID
		}
		if !touched {
			return p
		}
	}
	return nil
}

// plantSP records ground truth that names a workload identity.
func (s *scenario) plantSP(rule, spID, ip, note string, start, end time.Time) {
	s.plant(rule, nil, ip, false, note, start, end)
	s.t.Planted[len(s.t.Planted)-1].ServicePrincipal = spID
}

// decoySP records a workload identity that must stay low.
func (s *scenario) decoySP(rule, spID, ip, note string) {
	s.decoy(rule, nil, ip, note)
	s.t.Decoys[len(s.t.Decoys)-1].ServicePrincipal = spID
}

// workloadAttacks plants, after the compromise chain has added a secret to HR Sync
// Connector from the attacker's address: the app's service principal signing in with that
// secret from another hosting network abroad; the victim granting the app
// RoleManagement.ReadWrite.Directory and making the backdoor account its owner; deleting a
// user's Authenticator after resetting their password, who then signs in with a password
// alone from the attacker's network; and a Temporary Access Pass for the Exchange
// administrator at four in the morning, used from there at once.
func (s *scenario) workloadAttacks() {
	wl := s.wl
	if wl == nil || wl.hrCredAt.IsZero() {
		return
	}
	defer s.useRNG(wl.r)()
	t, v, hr := s.t, s.victim, wl.hr
	actor := userActor(v, wl.attackerIP)

	// The stolen secret in use: five token requests for Microsoft Graph from M247 in Romania.
	from := s.at(nwM247)
	pl := &places[from.place]
	abroad := cloudRegion{pl.City, pl.State, pl.Country, pl.Lat, pl.Lon, networks[nwM247].ASN, networks[nwM247].Prefix}
	first := wl.hrCredAt.Add(18*time.Minute + s.r.dur(0, time.Minute))
	last := first
	for k := 0; k < 5; k++ {
		si := wl.signInFrom(t, hr, first.Add(time.Duration(k)*17*time.Minute+s.r.dur(0, 30*time.Second)).Truncate(100), from.ip, abroad, wl.hrNewKey)
		s.signins = append(s.signins, si)
		last = si.CreatedAt
	}
	s.plantSP("sp_credential_then_use", hr.SPID, from.ip, "the secret the victim added to HR Sync Connector, used by its service principal (clientSecret, that key id) from M247 in Romania, after weeks of hourly sign-ins from one Azure address", first, last)
	s.plantSP("sp_new_network", hr.SPID, from.ip, "HR Sync Connector's service principal signs in from AS9009 (RO), never seen in its history (AS8075, US)", first, last)

	// A takeover permission for the app, and the backdoor account as its owner.
	grantAt := wl.hrCredAt.Add(3*time.Minute + s.r.dur(0, time.Minute))
	g := t.newAudit(s.r, grantAt, "Core Directory", "ApplicationManagement", "Add app role assignment to service principal", "Assign", actor, "")
	g.Targets = []Target{{ID: graphSPObjectID, DisplayName: appGraph.Name, Type: "ServicePrincipal", Modified: []Modified{
		{"AppRole.Value", "", `"RoleManagement.ReadWrite.Directory"`},
		{"ServicePrincipal.ObjectID", "", `"` + hr.SPID + `"`},
		{"ServicePrincipal.DisplayName", "", `"` + hr.Name + `"`},
		{"AppRole.Id", "", `"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"`},
		{"ServicePrincipal.AppId", "", `"` + hr.AppID + `"`},
		{"TargetId.ServicePrincipalNames", "", `"` + appGraph.ID + `"`},
	}}}
	s.audits = append(s.audits, g.withUA(attackerUA))
	ownerAt := grantAt.Add(2*time.Minute + s.r.dur(0, time.Minute))
	o := t.newAudit(s.r, ownerAt, "Core Directory", "ApplicationManagement", "Add owner to application", "Assign", actor, "")
	o.Targets = []Target{
		userTarget(s.svc, Modified{"Application.ObjectID", "", `"` + hr.ObjectID + `"`}, Modified{"Application.DisplayName", "", `"` + hr.Name + `"`}),
		{ID: hr.ObjectID, DisplayName: hr.Name, Type: "Application"},
	}
	s.audits = append(s.audits, o.withUA(attackerUA))
	s.plant("app_permission_granted", v, wl.attackerIP, false, "the victim grants HR Sync Connector the Microsoft Graph application permission RoleManagement.ReadWrite.Directory and makes "+s.svc.u.UPN()+" its owner", grantAt, ownerAt)

	// A user's MFA removed, then a password alone from the attacker's network.
	x := s.member("US", false)
	resetAt := wl.hrCredAt.Add(20*time.Minute + s.r.dur(0, time.Minute))
	reset := t.newAudit(s.r, resetAt, "Core Directory", "UserManagement", "Reset user password", "Update", actor, "")
	reset.Targets = []Target{userTarget(x)}
	s.audits = append(s.audits, reset.withUA(attackerUA))
	delAt := resetAt.Add(50*time.Second + s.r.dur(0, 20*time.Second))
	del := t.newAudit(s.r, delAt, "Authentication Methods", "UserManagement", "Admin deleted security info", "Delete", actor, "Admin deleted Microsoft Authenticator method for user")
	del.Targets = []Target{userTarget(x)}
	s.audits = append(s.audits, del.withUA(attackerUA))
	xFrom := s.at(nwM247)
	sf := s.signIn(hit{p: x, at: delAt.Add(14*time.Minute + s.r.dur(0, time.Minute)), from: xFrom, app: usage{App: appOWA, Resource: appOffice365Exchange},
		kind: authPassword}.attackerBrowser())
	for _, m := range []int{11, 29} {
		s.signIn(hit{p: x, at: sf.CreatedAt.Add(time.Duration(m)*time.Minute + s.r.dur(0, time.Minute)), from: xFrom, cat: NonInteractive,
			app: usage{App: appOWA, Resource: appOffice365Exchange}, kind: authClaim}.attackerBrowser())
	}
	s.plant("security_info_removed", x, xFrom.ip, false, "the victim resets this user's password and deletes their Authenticator; a password-only sign-in follows from M247", delAt, sf.CreatedAt)

	// A Temporary Access Pass for the Exchange administrator, used from the attacker's network.
	if ex := s.exchangeAdmin; ex != nil {
		tapAt := wl.hrCredAt.Add(32*time.Minute + s.r.dur(0, time.Minute))
		tap := t.newAudit(s.r, tapAt, "Authentication Methods", "UserManagement", "Admin registered security info", "Add", actor, "Admin registered temporary access pass method for user")
		tap.Targets = []Target{userTarget(ex)}
		s.audits = append(s.audits, tap.withUA(attackerUA))
		exFrom := s.at(nwM247)
		use := s.signIn(hit{p: ex, at: tapAt.Add(9*time.Minute + s.r.dur(0, time.Minute)), from: exFrom, app: usage{App: appMySignins, Resource: appMySignins},
			kind: authNone, mfa: true}.attackerBrowser())
		last := &s.signins[len(s.signins)-1]
		last.AuthDetails = []AuthStep{{At: use.CreatedAt, Method: "Temporary Access Pass", Succeeded: true,
			ResultDetail: "Temporary Access Pass satisfied the strong authentication requirement", Requirement: "Primary authentication"}}
		last.MFAAuthMethod, last.MFAResult = "Temporary Access Pass", last.AuthDetails[0].ResultDetail
		regAt := use.CreatedAt.Add(3*time.Minute + s.r.dur(0, time.Minute))
		reg := t.newAudit(s.r, regAt, "Authentication Methods", "UserManagement", "User registered security info", "Add", userActor(ex, exFrom.ip), "User registered Authenticator App with Notification and Code")
		reg.Targets = []Target{userTarget(ex)}
		s.audits = append(s.audits, reg.withUA(attackerUA))
		s.plant("temporary_access_pass", ex, exFrom.ip, false, "the victim issues the Exchange administrator a Temporary Access Pass at four in the morning; it is used minutes later from M247", tapAt, use.CreatedAt)
		s.plant("mfa_method_registered", ex, exFrom.ip, false, "the attacker registers an Authenticator for the Exchange administrator with the pass, from M247", regAt, regAt)
	}
}

// workloadDecoys plants the look-alikes: the owner of Intranet Sync rotating its secret in
// working hours from the office (the app then uses the new one from its usual address), the
// help desk onboarding two new hires (a Temporary Access Pass each, used at the office, then
// the Authenticator registered), and the tenant's workload identities signing in from
// their own cloud addresses all along.
func (s *scenario) workloadDecoys() {
	wl := s.wl
	if wl == nil {
		return
	}
	defer s.useRNG(wl.r)()
	t := s.t
	for _, a := range wl.apps {
		if a != wl.hr {
			s.decoySP("sp_new_network", a.SPID, a.ip, a.Name+" signs in every "+a.every.String()+" from its own "+a.region.City+" cloud address(es)")
		}
	}

	// Secret rotation by the app's owner.
	if intr := wl.intr; intr != nil && !intr.rotatedAt.IsZero() {
		owner := s.member("US", true)
		officeNet := owner.office
		if officeNet < 0 { // a tiny tenant
			officeNet = nwOfficeNY
		}
		office := s.at(officeNet)
		rot := s.intranetRotation()
		web := usage{App: appOfficeHome, Resource: appOfficeHome}
		for _, d := range []int{-9, -8, -7, -3, -2} {
			at := rot.AddDate(0, 0, d).Add(-20*time.Minute + s.r.dur(0, 40*time.Minute))
			if at.After(t.Options.Start) {
				s.signIn(hit{p: owner, at: at, from: office, app: web, kind: authClaim, mfa: true, own: true, browser: true})
			}
		}
		earlier := rot.AddDate(0, 0, -7)
		if earlier.Before(t.Options.Start) {
			earlier = t.Options.Start.Add(14*time.Hour + 20*time.Minute)
		}
		actor := userActor(owner, office.ip)
		up := t.newAudit(s.r, earlier, "Core Directory", "ApplicationManagement", "Update application", "Update", actor, "")
		up.Targets = []Target{{ID: intr.ObjectID, DisplayName: intr.Name, Type: "Application", Modified: []Modified{
			{"AppAddress", `[{"AddressType":0,"Address":"https://intranet.` + t.Options.Domain + `/signin-oidc"}]`,
				`[{"AddressType":0,"Address":"https://intranet.` + t.Options.Domain + `/signin-oidc"},{"AddressType":0,"Address":"https://intranet-staging.` + t.Options.Domain + `/signin-oidc"}]`},
			{"Included Updated Properties", "", `"AppAddress"`},
		}}}
		s.audits = append(s.audits, up.withUA(owner.desk.UA))
		oldKey := "[KeyIdentifier=" + intr.key + ",KeyType=Password,KeyUsage=Verify,DisplayName=intranet-sync-2026h1]"
		newKey := "[KeyIdentifier=" + intr.newKey + ",KeyType=Password,KeyUsage=Verify,DisplayName=intranet-sync-2026h2]"
		add := t.newAudit(s.r, rot, "Core Directory", "ApplicationManagement", "Update application – Certificates and secrets management ", "Update", actor, "")
		add.Targets = []Target{{ID: intr.ObjectID, DisplayName: intr.Name, Type: "Application", Modified: []Modified{
			{"KeyDescription", `["` + oldKey + `"]`, `["` + oldKey + `","` + newKey + `"]`},
			{"Included Updated Properties", "", `"KeyDescription"`},
		}}}
		s.audits = append(s.audits, add.withUA(owner.desk.UA))
		rem := t.newAudit(s.r, rot.AddDate(0, 0, 1).Add(45*time.Minute), "Core Directory", "ApplicationManagement", "Update application – Certificates and secrets management ", "Update", actor, "")
		rem.Targets = []Target{{ID: intr.ObjectID, DisplayName: intr.Name, Type: "Application", Modified: []Modified{
			{"KeyDescription", `["` + oldKey + `","` + newKey + `"]`, `["` + newKey + `"]`},
			{"Included Updated Properties", "", `"KeyDescription"`},
		}}}
		if rem.ActivityAt.Before(t.end) {
			s.audits = append(s.audits, rem.withUA(owner.desk.UA))
		}
		s.decoy("app_credential_added", owner, office.ip, "the owner of Intranet Sync, who changed the app the week before, adds its next secret from the office in working hours and removes the old one the next day")
		s.decoySP("sp_credential_then_use", intr.SPID, intr.ip, "Intranet Sync uses its new secret from its usual Azure address")
	}

	// The help desk onboards two new hires.
	hd, ua := s.helpdesk, s.userAdmin
	if hd == nil || ua == nil || hd.office < 0 {
		return
	}
	day := s.a0.AddDate(0, 0, s.weekday(1))
	hdOffice := s.at(hd.office)
	for _, d := range []int{-6, -5, -2} {
		s.signIn(hit{p: hd, at: day.AddDate(0, 0, d).Add(14*time.Hour + s.r.dur(0, 30*time.Minute)), from: hdOffice,
			app: usage{App: appEntraAdmin, Resource: appGraph}, kind: authClaim, mfa: true, own: true, browser: true})
	}
	for i := 0; i < 2; i++ {
		hire := s.untouchedMember()
		if hire == nil {
			break
		}
		hire.quiet = true // no sign-ins before the first day
		office := s.at(hire.office)
		base := day.Add(13*time.Hour + 30*time.Minute + time.Duration(i)*12*time.Minute)
		add := t.newAudit(s.r, base, "Core Directory", "UserManagement", "Add user", "Add", userActor(ua, s.at(nwOfficeNY).ip), "")
		add.Targets = []Target{userTarget(hire, Modified{"AccountEnabled", "[]", "[true]"}, Modified{"UserPrincipalName", "[]", `["` + hire.u.UserPrincipalName + `"]`})}
		s.audits = append(s.audits, add.withUA(ua.desk.UA))
		tapAt := base.Add(30*time.Minute + s.r.dur(0, time.Minute))
		tap := t.newAudit(s.r, tapAt, "Authentication Methods", "UserManagement", "Admin registered security info", "Add", userActor(hd, hdOffice.ip), "Admin registered temporary access pass method for user")
		tap.Targets = []Target{userTarget(hire)}
		s.audits = append(s.audits, tap.withUA(hd.desk.UA))
		first := s.signIn(hit{p: hire, at: tapAt.Add(6*time.Minute + s.r.dur(0, time.Minute)), from: office, app: usage{App: appMySignins, Resource: appMySignins},
			kind: authNone, mfa: true, own: true, browser: true})
		f := &s.signins[len(s.signins)-1]
		f.AuthDetails = []AuthStep{{At: first.CreatedAt, Method: "Temporary Access Pass", Succeeded: true,
			ResultDetail: "Temporary Access Pass satisfied the strong authentication requirement", Requirement: "Primary authentication"}}
		f.MFAAuthMethod, f.MFAResult = "Temporary Access Pass", f.AuthDetails[0].ResultDetail
		reg := t.newAudit(s.r, first.CreatedAt.Add(3*time.Minute+s.r.dur(0, time.Minute)), "Authentication Methods", "UserManagement", "User registered security info", "Add",
			userActor(hire, office.ip), "User registered Authenticator App with Notification and Code")
		reg.Targets = []Target{userTarget(hire)}
		s.audits = append(s.audits, reg.withUA(hire.phone.UA))
		// Then an ordinary working week from the office.
		for d := day.AddDate(0, 0, 1); d.Before(t.end); d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			for _, h := range []time.Duration{14 * time.Hour, 18 * time.Hour} {
				s.signIn(hit{p: hire, at: d.Add(h + s.r.dur(0, time.Hour)), from: office, app: usage{App: appOfficeHome, Resource: appOfficeHome},
					kind: authClaim, mfa: true, own: true, browser: true})
			}
		}
		s.decoy("temporary_access_pass", hire, office.ip, "the help desk issues a new hire a Temporary Access Pass in working hours, used at the office")
		s.decoy("mfa_method_registered", hire, office.ip, "a new hire registers the Authenticator with the pass, at the office, on the first day")
	}
}
