package reports

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// actionKind is one remediation action. The order of the constants is the order of a
// checklist: contain the account first (Microsoft's guidance for compromised accounts:
// reset the password and revoke sessions), then remove what the attacker left behind,
// then harden, then close the case.
type actionKind int

const (
	actResetRevoke actionKind = iota
	actConfirmCompromised
	actDisableServicePrincipal
	actRemoveRole
	actRemoveAppCredential
	actRevokeConsent
	actReviewAppAccess
	actRotateAppSecrets
	actRemoveInboxRule
	actRemoveForwarding
	actRemoveDelegate
	actMFAReregister
	actBlockLegacyAuth
	actBlockDeviceCode
	actEnableMailboxAudit
	actReviewFederation
	actReviewCA
	actBlockSourceIPs
	actReviewSignins
	actRecordRemediation
	actDismissIfBenign
)

// title is the action in plain words, as recommended_actions lists it.
func (k actionKind) title() string {
	switch k {
	case actResetRevoke:
		return "Reset the password and revoke all sessions"
	case actConfirmCompromised:
		return "Confirm the user compromised in Entra ID Protection"
	case actDisableServicePrincipal:
		return "Disable the service principal"
	case actRemoveRole:
		return "Remove the privileged role the attacker granted"
	case actRemoveAppCredential:
		return "Remove the app credential the attacker added"
	case actRevokeConsent:
		return "Revoke the app consent grant the attacker added"
	case actReviewAppAccess:
		return "Review the app's permissions, owners and sign-ins"
	case actRotateAppSecrets:
		return "Rotate the secrets the app could read"
	case actRemoveInboxRule:
		return "Remove the inbox rule that sends mail outside"
	case actRemoveForwarding:
		return "Remove mailbox forwarding to the external address"
	case actRemoveDelegate:
		return "Remove the mailbox delegate the attacker added"
	case actMFAReregister:
		return "Require MFA re-registration"
	case actBlockLegacyAuth:
		return "Block legacy authentication"
	case actBlockDeviceCode:
		return "Block the device code flow where it is not needed"
	case actEnableMailboxAudit:
		return "Make sure mailbox auditing is on"
	case actReviewFederation:
		return "Review and revert the domain federation change"
	case actReviewCA:
		return "Review and revert the Conditional Access change"
	case actBlockSourceIPs:
		return "Block the attacking addresses"
	case actReviewSignins:
		return "Review the sign-ins with the user"
	case actRecordRemediation:
		return "Record the remediation"
	case actDismissIfBenign:
		return "Dismiss the risk if the activity is benign"
	}
	return "Review"
}

// step is one line of a checklist.
type step struct {
	kind     actionKind
	detail   string // the action's specifics ("Global Administrator for eve@contoso.com"), from the logs
	why      string
	evidence string
	f        *finding // the audit finding it acts on, when there is one
}

// action is the step's action with its specifics.
func (s step) action() string {
	if s.detail == "" {
		return s.kind.title()
	}
	return s.kind.title() + ": " + s.detail
}

// recommendedActions is a user's checklist as one line for flagged_users.csv: the
// actions' titles, in order, once each (the specifics are on the Remediation sheet).
func recommendedActions(steps []step) string {
	var out []string
	seen := map[actionKind]bool{}
	for _, s := range steps {
		if !seen[s.kind] {
			seen[s.kind] = true
			out = append(out, s.kind.title())
		}
	}
	return strings.Join(out, "; ")
}

// ruleWhy says in plain words what a rule's detection means.
func ruleWhy(rule string) string {
	switch rule {
	case "password_spray":
		return "The account was among many tried with common passwords from the same source."
	case "brute_force":
		return "Many wrong passwords were tried against the account."
	case "distributed_password_cracking":
		return "Wrong passwords were tried against the account from many addresses."
	case "mfa_fatigue":
		return "The user got repeated MFA prompts they did not start: someone else knows the password."
	case "mfa_denied_fraud":
		return "The user denied an MFA prompt or reported it as fraud: someone else knows the password."
	case "disabled_account":
		return "Someone tried to sign in to a disabled account with its password."
	case "legacy_auth":
		return "The account signed in with a legacy protocol, which cannot do MFA."
	case "ropc_user_agent":
		return "Sign-ins used the password grant (ROPC) from a scripting tool, which skips MFA."
	case "device_code_phishing":
		return "A device code sign-in of the kind device code phishing uses: the attacker may hold the user's tokens."
	case "impossible_travel":
		return "Sign-ins from places too far apart to travel between in the time."
	case "new_country":
		return "Sign-ins from a country the user has not signed in from before."
	case "new_asn_privileged":
		return "A privileged account signed in from a network it has not used before."
	case "microsoft_risk":
		return "Microsoft Entra ID Protection marked the sign-ins or the user risky."
	case "threat_intel_ip":
		return "Sign-ins from an address known for attacks."
	case "privileged_role_assigned":
		return "A privileged directory role was granted."
	case "app_credential_added":
		return "A secret or certificate was added to an application: whoever holds it can sign in as the app."
	case "consent_grant_risky":
		return "An application was granted consent to risky permissions."
	case "federation_changed":
		return "Domain federation settings changed: whoever controls the federation can sign in as anyone in the domain."
	case "conditional_access_changed":
		return "A Conditional Access policy changed."
	case "mfa_method_registered":
		return "A new MFA method was registered on the account."
	case "inbox_forwarding_external":
		return "An inbox rule forwards or redirects mail to an outside address."
	case "mailbox_forwarding_external":
		return "The mailbox forwards mail to an outside address."
	case "mailbox_delegate_added":
		return "Someone was given access to the mailbox."
	case "inbox_rule_hiding":
		return "An inbox rule hides mail from the mailbox owner: it moves it out of sight, marks it read or deletes it."
	case "bulk_download":
		return "Far more files than usual were downloaded from SharePoint or OneDrive in an hour."
	case "mail_bulk_access":
		return "Mail was read in bulk, or mailboxes searched, by the account or an app acting for it."
	case "security_info_removed":
		return "The account's MFA methods were removed and it then signed in with a password alone."
	case "temporary_access_pass":
		return "A Temporary Access Pass was issued to the account out of routine and used to sign in."
	case "app_permission_granted":
		return "An app was given a high-privilege application permission, or a new owner who can add its credentials."
	case "sp_new_network":
		return "A service principal signed in from a network it had not used before."
	case "sp_credential_then_use":
		return "A credential was added to an app and its service principal then signed in with it from a new network."
	}
	return "A detection rule fired."
}

// ruleRemediation is the recommended action for one detection of a rule: the rule's own
// text (analyze) when it has one.
func (r *run) ruleRemediation(rule string) string {
	if ri, ok := r.opts.RuleInfo[rule]; ok && ri.Remediation != "" {
		return ri.Remediation
	}
	switch rule {
	case "password_spray", "brute_force", "distributed_password_cracking":
		return "Check whether any attempt succeeded; if one did, reset the password and revoke sessions. Block the source addresses and make sure MFA is enforced."
	case "mfa_fatigue", "mfa_denied_fraud":
		return "Reset the password and revoke sessions: the password is known. Turn on number matching for push MFA."
	case "disabled_account":
		return "Keep the account disabled, reset its password and find out who knows it."
	case "legacy_auth", "ropc_user_agent":
		return "Block legacy authentication and the password grant with Conditional Access."
	case "device_code_phishing":
		return "Revoke the user's sessions and block the device code flow with Conditional Access where it is not needed."
	case "impossible_travel", "new_country", "new_asn_privileged", "threat_intel_ip", "microsoft_risk":
		return "Confirm the sign-ins with the user; if they were not theirs, reset the password and revoke sessions, otherwise dismiss."
	case "privileged_role_assigned":
		return "Confirm the role assignment was approved; if not, remove it and review what the account did with it."
	case "app_credential_added":
		return "Confirm the credential was added on purpose; if not, remove it and review the app's sign-ins."
	case "consent_grant_risky":
		return "Confirm the consent was intended; if not, revoke the grant and remove the app."
	case "federation_changed":
		return "Confirm the federation change with the domain's owners; revert it if it was not planned."
	case "conditional_access_changed":
		return "Confirm the policy change was planned; revert it if not."
	case "mfa_method_registered":
		return "Confirm the user registered the method; if not, delete it and require MFA re-registration."
	case "inbox_forwarding_external":
		return "Remove the inbox rule and make sure mailbox auditing is on."
	case "mailbox_forwarding_external":
		return "Remove the forwarding and block automatic external forwarding in the outbound spam policy."
	case "mailbox_delegate_added":
		return "Remove the delegate's access unless the owner approved it."
	case "inbox_rule_hiding":
		return "Remove the inbox rule, look for the mail it hid, and reset the password and revoke sessions if the user did not make it."
	case "bulk_download", "mail_bulk_access":
		return "Confirm the access with the user; if it was not theirs, revoke sessions, reset the password and tell the data owners what was taken."
	case "security_info_removed":
		return "Confirm with the user; if they did not remove the method, revoke sessions, reset the password and have them register MFA again."
	case "temporary_access_pass":
		return "Confirm the pass was requested; if not, delete it and what was registered with it, revoke sessions and check the issuer."
	case "app_permission_granted":
		return "Confirm the grant or owner was approved; if not, remove it and review the app's credentials and sign-ins."
	case "sp_new_network", "sp_credential_then_use":
		return "Confirm the move with the app's owner; if it was not theirs, remove the credential, review the app's permissions and owners, and disable the service principal."
	}
	return "Review the detection."
}

// ruleTitle is a rule's title: analyze's, the store's, or the id.
func (r *run) ruleTitle(rule, stored string) string {
	if ri, ok := r.opts.RuleInfo[rule]; ok && ri.Title != "" {
		return ri.Title
	}
	if stored != "" {
		return stored
	}
	return rule
}

// checklist is a user's ordered remediation checklist, fitted to what happened.
func (r *run) checklist(u *flaggedUser) []step {
	var steps []step
	add := func(s step) { steps = append(steps, s) }
	facts := map[string]*ruleFact{}
	for i := range u.facts {
		facts[u.facts[i].rule] = &u.facts[i]
	}
	rules := map[string]bool{}
	for _, id := range u.rules {
		rules[id] = true
	}
	for id := range facts {
		rules[id] = true
	}
	for _, f := range u.findings {
		rules[f.rule] = true
	}
	evidenceOf := func(ids ...string) string {
		var parts []string
		for _, id := range ids {
			if f := facts[id]; f != nil {
				parts = append(parts, r.factEvidence(f))
			}
		}
		return strings.Join(parts, "\n")
	}
	risk := fmt.Sprintf("Risk %s (%s), score %d.", u.level, u.state, u.score)
	if u.reasons != "" {
		risk += " " + u.reasons
	}

	// Contain.
	credRules := []string{"mfa_fatigue", "mfa_denied_fraud", "device_code_phishing", "disabled_account"}
	sprayRules := []string{"password_spray", "brute_force", "distributed_password_cracking"}
	switch {
	case u.highRisk():
		var lines []string
		for _, f := range u.facts {
			lines = append(lines, fmt.Sprintf("%s (%s): %d detection(s), last %s", r.ruleTitle(f.rule, ""), f.severity, f.count, r.when(f.last)))
		}
		add(step{kind: actResetRevoke,
			why:      "Microsoft's first step for a high-risk or compromised account: a new password locks out whoever knows the old one, and revoking the refresh tokens ends the sessions they already hold. " + risk,
			evidence: strings.Join(lines, "\n")})
	case anyOf(rules, credRules...):
		var why []string
		for _, id := range credRules {
			if rules[id] {
				why = append(why, ruleWhy(id))
			}
		}
		add(step{kind: actResetRevoke, why: strings.Join(why, " "), evidence: evidenceOf(credRules...)})
	case anyOf(rules, sprayRules...) && u.riskySuccess > 0:
		add(step{kind: actResetRevoke,
			why:      fmt.Sprintf("A password attack on the account was followed by %d successful risky sign-in(s): the password may be known.", u.riskySuccess),
			evidence: evidenceOf(sprayRules...)})
	}
	if u.level == "high" && u.state == "atRisk" {
		add(step{kind: actConfirmCompromised,
			why:      "Marks the account compromised (needs Entra ID P2): Identity Protection then treats it as high risk and risk-based Conditional Access acts on it. Skip it if the investigation shows the activity was the user's.",
			evidence: risk})
	}

	// Remove what the attacker left behind: one step per audit finding.
	ruleSteps := map[string]bool{}
	for i := range u.findings {
		f := &u.findings[i]
		if s, ok := r.findingStep(u, f); ok {
			add(s)
			ruleSteps[f.rule] = true
		}
	}
	// Rules that fired without an audit finding row still get their step.
	generic := []struct {
		rule string
		kind actionKind
	}{
		{"privileged_role_assigned", actRemoveRole},
		{"app_credential_added", actRemoveAppCredential},
		{"consent_grant_risky", actRevokeConsent},
		{"inbox_forwarding_external", actRemoveInboxRule},
		{"inbox_rule_hiding", actRemoveInboxRule},
		{"mailbox_forwarding_external", actRemoveForwarding},
		{"mailbox_delegate_added", actRemoveDelegate},
		{"federation_changed", actReviewFederation},
		{"conditional_access_changed", actReviewCA},
	}
	for _, g := range generic {
		if rules[g.rule] && !ruleSteps[g.rule] {
			add(step{kind: g.kind, why: ruleWhy(g.rule), evidence: evidenceOf(g.rule)})
		}
	}

	// Harden.
	mfaRules := []string{"mfa_method_registered", "mfa_fatigue", "mfa_denied_fraud", "device_code_phishing"}
	hasMFA := false
	for _, s := range steps {
		hasMFA = hasMFA || s.kind == actMFAReregister
	}
	if !hasMFA && (u.highRisk() || anyOf(rules, mfaRules...)) {
		why := "An attacker who had the password may have registered an MFA method of their own: delete the account's methods and have the user register again, in person or over a verified channel."
		add(step{kind: actMFAReregister, why: why, evidence: evidenceOf(mfaRules...)})
	}
	if anyOf(rules, "legacy_auth", "ropc_user_agent") {
		add(step{kind: actBlockLegacyAuth,
			why:      ruleWhy(firstOf(rules, "legacy_auth", "ropc_user_agent")) + " Block legacy authentication for everyone with a Conditional Access policy, and turn off POP, IMAP and SMTP AUTH for this mailbox.",
			evidence: evidenceOf("legacy_auth", "ropc_user_agent")})
	}
	if rules["device_code_phishing"] {
		add(step{kind: actBlockDeviceCode,
			why:      ruleWhy("device_code_phishing") + " A Conditional Access policy on authentication flows blocks the device code flow for users who do not need it.",
			evidence: evidenceOf("device_code_phishing")})
	}
	if anyOf(rules, "inbox_forwarding_external", "mailbox_forwarding_external", "mailbox_delegate_added", "inbox_rule_hiding") {
		add(step{kind: actEnableMailboxAudit,
			why:      "The mailbox was changed to leak, share or hide mail: auditing must be on to see what was read or sent, now and next time.",
			evidence: evidenceOf("inbox_forwarding_external", "mailbox_forwarding_external", "mailbox_delegate_added", "inbox_rule_hiding")})
	}
	if !u.highRisk() {
		var why []string
		var ids []string
		for _, id := range []string{"impossible_travel", "new_country", "new_asn_privileged", "threat_intel_ip", "microsoft_risk",
			"password_spray", "brute_force", "distributed_password_cracking", "bulk_download", "mail_bulk_access"} {
			if rules[id] {
				why = append(why, ruleWhy(id))
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			add(step{kind: actReviewSignins,
				why:      strings.Join(why, " ") + " Ask the user whether these sign-ins were theirs; if not, reset the password and revoke sessions.",
				evidence: evidenceOf(ids...)})
		}
	}

	// Close.
	if u.state == "confirmedCompromised" {
		add(step{kind: actRecordRemediation,
			why:      "When every step is done, record it (entrarisk triage resolve --user): the report then stops listing the account.",
			evidence: u.triage})
	} else {
		add(step{kind: actDismissIfBenign,
			why:      "If the investigation shows the activity was the user's own (a trip, a new phone, a new network), dismiss the risk and record why (entrarisk triage dismiss --user --note).",
			evidence: u.triage})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].kind < steps[j].kind })
	return steps
}

// findingStep is the step that undoes one audit finding.
func (r *run) findingStep(u *flaggedUser, f *finding) (step, bool) {
	s := step{f: f, evidence: r.findingEvidence(f)}
	who := "This account"
	if !f.byUser {
		who = fmt.Sprintf("%q", nonEmpty(f.actor, "someone"))
	}
	switch f.rule {
	case "privileged_role_assigned":
		ro := roleOf(f)
		s.kind = actRemoveRole
		s.detail = fmt.Sprintf("%s for %s", nonEmpty(ro.roleName, "the role"), nonEmpty(ro.principalName, nonEmpty(f.target, "the account")))
		if f.byUser {
			s.why = fmt.Sprintf("This account granted the role while it was at risk: remove it unless the grant was approved. %s", ruleWhy(f.rule))
		} else {
			s.why = fmt.Sprintf("%s granted this account the role: remove it unless the grant was approved.", who)
		}
	case "app_credential_added":
		c := credOf(f)
		s.kind = actRemoveAppCredential
		s.detail = nonEmpty(c.appName, nonEmpty(f.target, "the application"))
		s.why = fmt.Sprintf("%s added a credential to the app. %s", who, ruleWhy(f.rule))
	case "consent_grant_risky":
		s.kind = actRevokeConsent
		s.detail = nonEmpty(f.targetName, nonEmpty(f.target, "the application"))
		s.why = fmt.Sprintf("%s granted the app consent. %s", who, ruleWhy(f.rule))
	case "inbox_forwarding_external", "inbox_rule_hiding":
		m := mailboxOf(f, u.upn)
		s.kind = actRemoveInboxRule
		s.detail = strings.TrimSpace(nonEmpty(m.ruleName, "") + forwardTo(m.forwardTo))
		s.why = ruleWhy(f.rule) + " Attackers use such rules to read and hide mail."
	case "mailbox_forwarding_external":
		m := mailboxOf(f, u.upn)
		s.kind = actRemoveForwarding
		s.detail = strings.TrimPrefix(forwardTo(m.forwardTo), "to ")
		s.why = ruleWhy(f.rule)
	case "mailbox_delegate_added":
		m := mailboxOf(f, u.upn)
		s.kind = actRemoveDelegate
		s.detail = strings.TrimSpace(nonEmpty(m.delegate, f.target) + " on " + nonEmpty(m.mailbox, u.upn))
		s.why = ruleWhy(f.rule) + " Remove it unless the mailbox owner approved it."
	case "federation_changed":
		s.kind = actReviewFederation
		s.detail = nonEmpty(f.targetName, f.target)
		s.why = fmt.Sprintf("%s changed federation settings. %s", who, ruleWhy(f.rule))
	case "conditional_access_changed":
		s.kind = actReviewCA
		s.detail = nonEmpty(f.targetName, f.target)
		s.why = fmt.Sprintf("%s changed a Conditional Access policy. %s", who, ruleWhy(f.rule))
	case "mfa_method_registered":
		s.kind = actMFAReregister
		s.why = ruleWhy(f.rule) + " Confirm with the user that it is theirs; if not, delete it."
	default:
		return step{}, false
	}
	return s, true
}

// loadTenantChecklist lists what to do about detections that name no user (a password spray
// seen from its source, say).
func (r *run) loadTenantChecklist() error {
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT rule_id, count(*), coalesce(array_to_string(list_sort(list_distinct(list(ip_address) FILTER (WHERE ip_address IS NOT NULL)))[1:10], ', '), ''),
			list(evidence ORDER BY last_seen DESC, detection_id)[1]
		FROM detections
		WHERE (user_principal_name IS NULL OR user_principal_name = '') AND state IN ('atRisk', 'confirmedCompromised')
			AND last_seen >= $1 AND first_seen < $2
		GROUP BY rule_id
		ORDER BY rule_id`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("tenant-wide detections: %w", err)
	}
	defer rows.Close()
	legacy := false
	for rows.Next() {
		var rule, ips string
		var n int64
		var ev *string
		if err := rows.Scan(&rule, &n, &ips, &ev); err != nil {
			return fmt.Errorf("tenant-wide detections: %w", err)
		}
		evidence := fmt.Sprintf("%s: %d open detection(s)", r.ruleTitle(rule, ""), n)
		if ev != nil && *ev != "" {
			evidence += "; newest: " + *ev
		}
		switch rule {
		case "password_spray", "brute_force", "distributed_password_cracking", "threat_intel_ip":
			detail := ""
			if ips != "" {
				detail = ips
			}
			r.tenantWide = append(r.tenantWide, step{kind: actBlockSourceIPs, detail: detail,
				why:      ruleWhy(rule) + " Add the addresses to a blocked named location in Conditional Access, check smart lockout, and make sure every account has MFA.",
				evidence: evidence})
		case "legacy_auth", "ropc_user_agent":
			legacy = true
			r.tenantWide = append(r.tenantWide, step{kind: actBlockLegacyAuth, why: ruleWhy(rule) + " Block legacy authentication for everyone with Conditional Access.", evidence: evidence})
		case "federation_changed":
			r.tenantWide = append(r.tenantWide, step{kind: actReviewFederation, why: ruleWhy(rule), evidence: evidence})
		case "conditional_access_changed":
			r.tenantWide = append(r.tenantWide, step{kind: actReviewCA, why: ruleWhy(rule), evidence: evidence})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tenant-wide detections: %w", err)
	}
	if !legacy {
		for _, u := range r.flagged {
			for _, s := range u.steps {
				if s.kind == actBlockLegacyAuth && !legacy {
					legacy = true
					r.tenantWide = append(r.tenantWide, step{kind: actBlockLegacyAuth,
						why:      "Legacy protocols cannot do MFA, and flagged accounts used them. One Conditional Access policy blocks them for everyone (after checking the sign-in logs for real users of POP, IMAP or SMTP AUTH).",
						evidence: "See the users whose checklist has this step."})
				}
			}
		}
	}
	sort.SliceStable(r.tenantWide, func(i, j int) bool { return r.tenantWide[i].kind < r.tenantWide[j].kind })
	return nil
}

// factEvidence describes a user's open detections of one rule.
func (r *run) factEvidence(f *ruleFact) string {
	s := fmt.Sprintf("%s (%s): %d detection(s), %d event(s), %s to %s", r.ruleTitle(f.rule, ""), f.severity, f.count, f.events,
		r.when(f.first), r.when(f.last))
	if len(f.ips) > 0 {
		s += "; from " + strings.Join(f.ips, ", ")
	}
	if f.evidence != "" {
		s += "; newest: " + f.evidence
	}
	if len(f.ids) > 0 {
		s += " [" + strings.Join(f.ids, ", ") + "]"
	}
	return s
}

// findingEvidence describes one audit finding.
func (r *run) findingEvidence(f *finding) string {
	s := fmt.Sprintf("%s: %s", r.when(f.at), nonEmpty(f.activity, f.rule))
	if f.actor != "" {
		s += " by " + f.actor
	}
	if f.target != "" {
		s += " on " + f.target
	}
	if f.details != "" {
		s += ": " + f.details
	}
	s += " [" + f.detectionID + "]"
	return s
}

// writeRemediation writes the Remediation sheet: every flagged user's checklist, then every
// flagged workload identity's, then the tenant-wide steps.
func (r *run) writeRemediation() error {
	if err := r.loadTenantChecklist(); err != nil {
		return err
	}
	cols := []colSpec{{"User", 30}, {"Risk", 12}, {"Step", 6}, {"Action", 42}, {"Why", 60}, {"Evidence", 70}, {"Done (who, when)", 16}}
	var total int64
	for _, u := range r.flagged {
		total += int64(len(u.steps))
	}
	total += int64(len(r.tenantWide))
	for _, sp := range r.flaggedSPs {
		total += int64(len(sp.steps))
	}
	sw, err := newSheetWriter(r.f, r.st, sheetSpec{name: SheetRemediation, cols: cols, total: total, keeps: "first",
		where: "They cover the highest-risk users first.", maxLinks: maxSheetLinks}, r.limit)
	if err != nil {
		return err
	}
	write := func(user, level string, u *flaggedUser, steps []step) error {
		for i, s := range steps {
			if sw.full() {
				return nil
			}
			userStyle, levelStyle := r.st.text, r.st.levelStyle(level)
			if i == 0 {
				userStyle = r.st.bold
			}
			ev := s.evidence
			h := rowHeight(12, wrapped{s.action(), 42}, wrapped{s.why, 60}, wrapped{ev, 70})
			row, err := sw.add([]any{
				excelize.Cell{StyleID: userStyle, Value: cellText(user)},
				excelize.Cell{StyleID: levelStyle, Value: level},
				excelize.Cell{StyleID: r.st.num, Value: i + 1},
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(s.action())},
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(s.why)},
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(ev)},
				excelize.Cell{StyleID: r.st.text, Value: ""},
			}, excelize.RowOpts{Height: h})
			if err != nil {
				return err
			}
			if i == 0 && u != nil {
				u.remRow = row
				if u.sheetRow > 0 {
					if err := sw.link(1, row, location(SheetFlaggedUsers, 1, u.sheetRow), "Flagged users: this user"); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	for _, u := range r.flagged {
		level := u.level
		if u.state == "confirmedCompromised" {
			level = "compromised"
		}
		if err := write(u.upn, level, u, u.steps); err != nil {
			return err
		}
	}
	// Workload identities, after the users: "(workload identity) name".
	for _, sp := range r.flaggedSPs {
		first := sw.row + 1
		if err := write("(workload identity) "+sp.label(), sp.level, nil, sp.steps); err != nil {
			return err
		}
		if len(sp.steps) > 0 && sw.row >= first {
			sp.remRow = first
		}
	}
	if err := write("(whole tenant)", "", nil, r.tenantWide); err != nil {
		return err
	}
	if sw.dropped > 0 || int64(sw.row-sw.headerRow) < total {
		r.res.Truncated = append(r.res.Truncated, SheetRemediation)
	}
	r.sheetRows += int64(sw.row - sw.headerRow)
	return sw.close("Remediation checklist")
}

// roleChange is what a role-assignment record says.
type roleChange struct {
	roleName, roleTemplateID, roleObjectID string
	principalID, principalName             string
}

// target is one entry of directory_audits.target_resources (keys lower-cased by ingest).
type target struct {
	ID                 string `json:"id"`
	DisplayName        string `json:"displayname"`
	Type               string `json:"type"`
	UserPrincipalName  string `json:"userprincipalname"`
	ModifiedProperties []struct {
		DisplayName string `json:"displayname"`
		OldValue    string `json:"oldvalue"`
		NewValue    string `json:"newvalue"`
	} `json:"modifiedproperties"`
}

func targetsOf(f *finding) []target {
	var ts []target
	if f.targetsJS != "" {
		_ = json.Unmarshal([]byte(f.targetsJS), &ts)
	}
	return ts
}

// roleOf reads the role and the principal from a role-assignment record ("Add member to
// role": the user is the target, the role is in its modified properties; PIM records
// name the role as a target of its own).
func roleOf(f *finding) roleChange {
	var rc roleChange
	for _, t := range targetsOf(f) {
		switch strings.ToLower(t.Type) {
		case "role":
			rc.roleName = nonEmpty(rc.roleName, t.DisplayName)
			if rc.roleTemplateID == "" && isGUID(t.ID) {
				rc.roleTemplateID = t.ID
			}
		case "user", "serviceprincipal", "group":
			if rc.principalID == "" {
				rc.principalID = t.ID
				rc.principalName = nonEmpty(t.UserPrincipalName, t.DisplayName)
			}
		}
		for _, p := range t.ModifiedProperties {
			v := unquoteValue(p.NewValue)
			switch p.DisplayName {
			case "Role.DisplayName":
				rc.roleName = nonEmpty(rc.roleName, v)
			case "Role.TemplateId":
				rc.roleTemplateID = nonEmpty(rc.roleTemplateID, v)
			case "Role.ObjectID":
				rc.roleObjectID = nonEmpty(rc.roleObjectID, v)
			}
		}
	}
	if rc.principalID == "" {
		rc.principalID = f.targetID
		rc.principalName = nonEmpty(f.targetUPN, nonEmpty(f.targetName, f.target))
	}
	if rc.roleName == "" {
		rc.roleName = f.details
	}
	return rc
}

// credChange is what a credential record says.
type credChange struct {
	appID, appName, appType string
	keys                    []appKey
}

type appKey struct{ id, kind string }

// credOf reads the application and the added key ids from a credential record
// ("Update application – Certificates and secrets management": KeyDescription lists
// "[KeyIdentifier=...,KeyType=Password,...]" before and after).
func credOf(f *finding) credChange {
	c := credChange{appID: f.targetID, appName: nonEmpty(f.targetName, f.target), appType: f.targetType}
	for _, t := range targetsOf(f) {
		tt := strings.ToLower(t.Type)
		if tt != "application" && tt != "serviceprincipal" {
			continue
		}
		c.appID, c.appName, c.appType = t.ID, nonEmpty(t.DisplayName, c.appName), t.Type
		for _, p := range t.ModifiedProperties {
			if p.DisplayName != "KeyDescription" && p.DisplayName != "FederatedIdentityCredentials" {
				continue
			}
			old := map[string]bool{}
			for _, k := range keyIDs(p.OldValue) {
				old[k.id] = true
			}
			for _, k := range keyIDs(p.NewValue) {
				if !old[k.id] {
					c.keys = append(c.keys, k)
				}
			}
		}
		break
	}
	return c
}

// keyIDs finds "KeyIdentifier=<guid>,KeyType=<type>" pairs in a KeyDescription value.
func keyIDs(s string) []appKey {
	var out []appKey
	const idTag, typeTag = "KeyIdentifier=", "KeyType="
	for {
		i := strings.Index(s, idTag)
		if i < 0 {
			return out
		}
		s = s[i+len(idTag):]
		if len(s) < 36 || !isGUID(s[:36]) {
			continue
		}
		k := appKey{id: strings.ToLower(s[:36])}
		rest := s[36:]
		if end := strings.IndexAny(rest, "]"); end >= 0 {
			rest = rest[:end]
		}
		if j := strings.Index(rest, typeTag); j >= 0 {
			t := rest[j+len(typeTag):]
			if end := strings.IndexAny(t, ",]\"\\"); end >= 0 {
				t = t[:end]
			}
			k.kind = t
		}
		out = append(out, k)
		s = s[36:]
	}
}

// mailboxChange is what an Exchange cmdlet record says.
type mailboxChange struct {
	mailbox, ruleName, delegate string
	forwardTo                   []string
}

// mailboxOf reads an Exchange cmdlet's parameters (New-InboxRule, Set-InboxRule,
// Set-Mailbox, Add-MailboxPermission, Add-RecipientPermission, ...).
func mailboxOf(f *finding, upn string) mailboxChange {
	m := mailboxChange{}
	var ps []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	if f.params != "" {
		_ = json.Unmarshal([]byte(f.params), &ps)
	}
	for _, p := range ps {
		v := strings.TrimSpace(p.Value)
		switch strings.ToLower(p.Name) {
		case "name":
			m.ruleName = v
		case "identity":
			if m.mailbox == "" {
				m.mailbox = v
			}
		case "mailbox":
			m.mailbox = v
		case "user", "trustee":
			m.delegate = v
		case "forwardto", "redirectto", "forwardasattachmentto", "forwardingsmtpaddress", "forwardingaddress":
			for _, a := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' }) {
				if a = strings.TrimSpace(a); a != "" {
					m.forwardTo = append(m.forwardTo, a)
				}
			}
		}
	}
	if f.operation == "UpdateInboxRules" || strings.HasPrefix(f.operation, "Set-InboxRule") {
		// Outlook writes rule changes without the cmdlet's Name; the object id ends in it.
		if m.ruleName == "" && f.objectID != "" {
			if i := strings.LastIndexAny(f.objectID, `\/`); i >= 0 && i+1 < len(f.objectID) {
				m.ruleName = f.objectID[i+1:]
			}
		}
	}
	if m.mailbox == "" {
		m.mailbox = nonEmpty(f.uaUser, upn)
	}
	return m
}

func forwardTo(addrs []string) string {
	if len(addrs) == 0 {
		return ""
	}
	return " to " + strings.Join(addrs, ", ")
}

// unquoteValue reads a modified-property value, which audit logs write as JSON text
// ("\"Global Administrator\"", "[\"x\"]").
func unquoteValue(s string) string {
	s = strings.TrimSpace(s)
	var str string
	if json.Unmarshal([]byte(s), &str) == nil {
		return strings.TrimSpace(str)
	}
	var list []string
	if json.Unmarshal([]byte(s), &list) == nil && len(list) > 0 {
		return strings.TrimSpace(list[0])
	}
	return strings.Trim(s, `"`)
}

// isGUID reports whether s is a GUID (8-4-4-4-12 hex digits).
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func nonEmpty(s, alt string) string {
	if strings.TrimSpace(s) != "" {
		return s
	}
	return alt
}

func anyOf(set map[string]bool, keys ...string) bool {
	for _, k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

func firstOf(set map[string]bool, keys ...string) string {
	for _, k := range keys {
		if set[k] {
			return k
		}
	}
	return ""
}
