package gen

import (
	"strings"
	"time"
)

// newAudit starts a directory audit record.
func (t *Tenant) newAudit(r rng, at time.Time, service, category, activity, opType string, actor Actor, reason string) Audit {
	corr := r.uuid()
	return Audit{
		ID: auditID(r, service, corr), ActivityAt: at.Truncate(100), Category: category, Activity: activity, OperationType: opType,
		Result: "success", ResultReason: reason, LoggedByService: service, CorrelationID: corr, Actor: actor,
	}
}

// auditID is an audit record id in the shape each service gives them.
func auditID(r rng, service, corr string) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	code := make([]byte, 5)
	for i := range code {
		code[i] = alnum[r.IntN(len(alnum))]
	}
	switch service {
	case "Authentication Methods":
		return "UserManagement_" + corr + "_" + string(code) + "_" + r.digits(9)
	case "Self-service Password Management":
		return "SSPR_" + corr + "_" + r.digits(9)
	case "Conditional Access":
		return "IPCGraph_" + corr + "_" + string(code) + "_" + r.digits(8)
	case "Device Registration Service":
		return "DRS_" + corr + "_" + r.digits(8)
	}
	return "Directory_" + corr + "_" + string(code) + "_" + r.digits(8)
}

// withUA records the actor's user agent, as the User-Agent additional detail.
func (a Audit) withUA(ua string) Audit {
	a.UserAgent = ua
	a.Additional = append([]KeyValue{{"User-Agent", ua}}, a.Additional...)
	return a
}

func userActor(p *profile, ip string) Actor {
	return Actor{UserID: p.u.ID, UserPrincipalName: p.u.UserPrincipalName, DisplayName: p.u.DisplayName, IPAddress: ip}
}

func appActor(name, appID, spID string) Actor {
	return Actor{AppID: appID, AppName: name, ServicePrincipalID: spID, ServicePrincipalName: name}
}

func userTarget(p *profile, mods ...Modified) Target {
	return Target{ID: p.u.ID, DisplayName: p.u.DisplayName, Type: "User", UserPrincipalName: p.u.UserPrincipalName, Modified: mods}
}

// roleAssignment is "Add member to role".
func (t *Tenant) roleAssignment(r rng, at time.Time, actor Actor, target *profile, role, templateID, wellKnown string) Audit {
	a := t.newAudit(r, at, "Core Directory", "RoleManagement", "Add member to role", "Assign", actor, "")
	roleID := r.uuid()
	mods := []Modified{
		{"Role.ObjectID", "", `"` + roleID + `"`},
		{"Role.DisplayName", "", `"` + role + `"`},
		{"Role.TemplateId", "", `"` + templateID + `"`},
	}
	if wellKnown != "" {
		mods = append(mods, Modified{"Role.WellKnownObjectName", "", `"` + wellKnown + `"`})
	}
	a.Targets = []Target{userTarget(target, mods...), {ID: roleID, DisplayName: role, Type: "Role"}}
	return a
}

// addServicePrincipal is the service principal an app gets in the tenant on first consent.
func (t *Tenant) addServicePrincipal(r rng, at time.Time, actor Actor, app appRef) Audit {
	a := t.newAudit(r, at, "Core Directory", "ApplicationManagement", "Add service principal", "Add", actor, "")
	a.Targets = []Target{{ID: app.SPID, DisplayName: app.Name, Type: "ServicePrincipal", Modified: []Modified{
		{"AccountEnabled", "[]", "[true]"},
		{"AppPrincipalId", "[]", `["` + app.AppID + `"]`},
		{"DisplayName", "[]", `["` + app.Name + `"]`},
		{"ServicePrincipalName", "[]", `["` + app.AppID + `"]`},
		{"Included Updated Properties", "", `"AccountEnabled, AppPrincipalId, DisplayName, ServicePrincipalName"`},
	}}}
	return a
}

// The Microsoft Graph service principal's object id in the tenant (one per tenant; fixed
// here for simplicity).
const graphSPObjectID = "a7b5e6f1-3c2d-4e8f-9a0b-1c2d3e4f5a6b"

// consent is "Consent to application".
func (t *Tenant) consent(r rng, at time.Time, actor Actor, app appRef, admin bool, scopes string, unverified bool) Audit {
	a := t.newAudit(r, at, "Core Directory", "ApplicationManagement", "Consent to application", "Assign", actor, "")
	consentType, onBehalf := "Principal", "False"
	principal := actor.UserID
	if admin {
		consentType, onBehalf, principal = "AllPrincipals", "True", ""
	}
	grantID := strings.ReplaceAll(r.uuid()+r.uuid(), "-", "")[:43]
	perms := "[] => [[Id: " + grantID + ", ClientId: " + app.SPID + ", PrincipalId: " + principal + ", ResourceId: " + graphSPObjectID +
		", ConsentType: " + consentType + ", Scope:  " + scopes + ", CreatedDateTime: , LastModifiedDateTime: ]]; "
	tags := `"WindowsAzureActiveDirectoryIntegratedApp"`
	if unverified {
		tags = `""`
	}
	a.Targets = []Target{{ID: app.SPID, DisplayName: app.Name, Type: "ServicePrincipal", Modified: []Modified{
		{"ConsentContext.IsAdminConsent", "", `"` + titleBool(admin) + `"`},
		{"ConsentContext.IsAppOnly", "", `"False"`},
		{"ConsentContext.OnBehalfOfAll", "", `"` + onBehalf + `"`},
		{"ConsentContext.Tags", "", tags},
		{"ConsentAction.Permissions", "", `"` + perms + `"`},
		{"TargetId.ServicePrincipalNames", "", `"` + app.AppID + `"`},
	}}}
	a.Additional = append(a.Additional, KeyValue{"AppId", app.AppID})
	return a
}

// Groups and enterprise apps of the tenant.
var (
	tenantGroups = []string{"All Staff", "Sales Team", "Finance - Payables", "Engineering", "VPN Users", "M365 E5 Licensed", "Marketing Campaigns", "London Office", "New York Office"}
	tenantApps   = []string{"Salesforce", "ServiceNow", "Workday", "Zoom", "Slack", "Adobe Acrobat Sign", "DocuSign"}
)

// backgroundAudits is the ordinary churn of a directory: group membership, profile
// updates, password resets, app assignments, security info and devices.
func (t *Tenant) backgroundAudits() []Audit {
	r := newRNG(t.Options.Seed, streamAudits)
	var admins []*profile
	var userAdmin, helpdesk *profile
	for _, p := range t.profiles {
		if p.admin && !p.quiet {
			admins = append(admins, p)
			switch p.u.Roles[0] {
			case "User Administrator":
				userAdmin = p
			case "Helpdesk Administrator":
				helpdesk = p
			}
		}
	}
	if userAdmin == nil {
		userAdmin = admins[0]
	}
	if helpdesk == nil {
		helpdesk = userAdmin
	}
	groupIDs := make([]string, len(tenantGroups))
	for i := range groupIDs {
		groupIDs[i] = r.uuid()
	}
	appIDs := make([]string, len(tenantApps))
	for i := range appIDs {
		appIDs[i] = r.uuid()
	}
	members := t.members(false)
	substrate := appActor("Microsoft Substrate Management", "98db8bd6-0cc0-4e67-9de5-f187f1cd1b41", r.uuid())
	drs := appActor("Device Registration Service", appDRS.ID, r.uuid())
	officeIP := func(p *profile) string {
		if p.office >= 0 {
			return r.ipIn(networks[p.office].Prefix)
		}
		return p.homeIP
	}
	weightsOf := []float64{30, 20, 8, 6, 10, 8, 8, 2}
	var out []Audit
	for d := 0; d < t.Options.Days; d++ {
		date := t.Options.Start.AddDate(0, 0, d)
		wd := date.Weekday()
		rate := float64(len(members)) * 0.06
		if wd == time.Saturday || wd == time.Sunday {
			rate *= 0.1
		}
		n := r.poisson(rate)
		for i := 0; i < n; i++ {
			at := date.Add(12*time.Hour + r.dur(0, 9*time.Hour))
			u := pick(r, members)
			switch r.pickWeighted(weightsOf) {
			case 0:
				g := r.IntN(len(tenantGroups))
				a := t.newAudit(r, at, "Core Directory", "GroupManagement", "Add member to group", "Assign", userActor(userAdmin, officeIP(userAdmin)), "")
				a.Targets = []Target{
					userTarget(u, Modified{"Group.ObjectID", "", `"` + groupIDs[g] + `"`}, Modified{"Group.DisplayName", "", `"` + tenantGroups[g] + `"`}),
					{ID: groupIDs[g], DisplayName: tenantGroups[g], Type: "Group", GroupType: "unifiedGroups"},
				}
				out = append(out, a.withUA(userAdmin.desk.UA))
			case 1:
				if r.chance(0.5) {
					a := t.newAudit(r, at, "Core Directory", "UserManagement", "Update user", "Update", substrate, "")
					a.Targets = []Target{userTarget(u, Modified{"StsRefreshTokensValidFrom", "", `["` + at.Format("2006-01-02T15:04:05Z") + `"]`},
						Modified{"Included Updated Properties", "", `"StsRefreshTokensValidFrom"`})}
					out = append(out, a)
				} else {
					old := u.u.JobTitle
					a := t.newAudit(r, at, "Core Directory", "UserManagement", "Update user", "Update", userActor(userAdmin, officeIP(userAdmin)), "")
					a.Targets = []Target{userTarget(u, Modified{"JobTitle", `["` + old + `"]`, `["Senior ` + old + `"]`},
						Modified{"Included Updated Properties", "", `"JobTitle"`})}
					out = append(out, a.withUA(userAdmin.desk.UA))
				}
			case 2:
				a := t.newAudit(r, at, "Self-service Password Management", "UserManagement", "Reset password (self-service)", "Update", userActor(u, u.homeIPOn(d)), "User successfully reset password")
				a.Targets = []Target{userTarget(u)}
				out = append(out, a.withUA(u.desk.UA))
			case 3:
				a := t.newAudit(r, at, "Core Directory", "UserManagement", "Reset user password", "Update", userActor(helpdesk, officeIP(helpdesk)), "")
				a.Targets = []Target{userTarget(u)}
				out = append(out, a.withUA(helpdesk.desk.UA))
			case 4:
				k := r.IntN(len(tenantApps))
				a := t.newAudit(r, at, "Core Directory", "UserManagement", "Add app role assignment grant to user", "Assign", userActor(userAdmin, officeIP(userAdmin)), "")
				a.Targets = []Target{
					{ID: appIDs[k], DisplayName: tenantApps[k], Type: "ServicePrincipal", Modified: []Modified{
						{"AppRole.Id", "", `"00000000-0000-0000-0000-000000000000"`},
						{"AppRole.Value", "", `""`},
						{"User.UPN", "", `"` + u.u.UserPrincipalName + `"`},
					}},
					userTarget(u),
				}
				out = append(out, a.withUA(userAdmin.desk.UA))
			case 5:
				ip := u.homeIPOn(d)
				if u.office >= 0 && r.chance(0.5) {
					ip = officeIP(u)
				}
				reason := pick(r, []string{"User registered Authenticator App with Notification and Code", "User registered Mobile Phone SMS", "User registered Passkey (Microsoft Authenticator)"})
				a := t.newAudit(r, at, "Authentication Methods", "UserManagement", "User registered security info", "Add", userActor(u, ip), reason)
				a.Targets = []Target{userTarget(u)}
				out = append(out, a.withUA(u.phone.UA))
			case 6:
				devID := r.uuid()
				a := t.newAudit(r, at, "Core Directory", "Device", "Add registered owner to device", "Assign", drs, "")
				a.Targets = []Target{{ID: devID, DisplayName: u.phoneName, Type: "Device"}, userTarget(u)}
				out = append(out, a)
			case 7:
				k := r.IntN(len(tenantApps))
				ar := appRef{Name: tenantApps[k], AppID: r.uuid(), ObjectID: r.uuid(), SPID: appIDs[k]}
				a := t.consent(r, at, userActor(u, u.homeIPOn(d)), ar, false, "openid profile email User.Read", false)
				out = append(out, a.withUA(u.desk.UA))
			}
		}
	}
	return out
}

// titleBool writes a boolean as .NET does: True or False.
func titleBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
