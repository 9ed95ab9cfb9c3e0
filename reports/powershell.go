package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// psQuote is s as a PowerShell single-quoted string literal: nothing in it is expanded.
// PowerShell ends such a literal at any single-quote character, the typographic ones
// (U+2018-U+201B) included, and reads a doubled one as one character: every one is
// doubled, as [CodeGeneration]::EscapeSingleQuotedStringContent does. NUL is dropped.
func psQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case 0:
			continue
		case '\'', '\u2018', '\u2019', '\u201A', '\u201B':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// psComment is s quoted for a comment line: a literal as psQuote makes it, with every
// character that could end the line (or confuse a reader) made a space.
func psComment(s string) string {
	return psQuote(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s))
}

// psWriter collects the script's lines.
type psWriter struct {
	b strings.Builder
}

// line writes a line of script text. Only constant text and values already quoted by
// psQuote/psComment may be passed to it.
func (p *psWriter) line(parts ...string) {
	for _, s := range parts {
		p.b.WriteString(s)
	}
	p.b.WriteString("\r\n")
}

// writeScript writes remediation.ps1: one block per flagged user, for an administrator to
// review and run. entrarisk never runs it.
func (r *run) writeScript() error {
	p := &psWriter{}
	needsExchange := false
	for _, u := range r.flagged {
		for _, s := range u.steps {
			switch s.kind {
			case actRemoveInboxRule, actRemoveForwarding, actRemoveDelegate, actEnableMailboxAudit, actBlockLegacyAuth:
				needsExchange = true
			}
		}
	}
	p.line("<#")
	p.line(".SYNOPSIS")
	p.line("    Remediation for the accounts entrarisk flagged. REVIEW EVERY BLOCK BEFORE RUNNING IT.")
	p.line(".DESCRIPTION")
	p.line("    entrarisk wrote this script from its findings and has not run any of it. Each flagged user")
	p.line("    has one block, highest risk first, following the checklist on the Remediation sheet of")
	p.line("    report.xlsx, then one block per flagged workload identity (service principal). Delete the")
	p.line("    blocks and steps you do not want, then run it:")
	p.line("        pwsh ./remediation.ps1 -WhatIf    # shows what would change, changes nothing")
	p.line("        pwsh ./remediation.ps1            # asks before every change")
	p.line("    Every value taken from the logs is a single-quoted string: PowerShell never expands it.")
	p.line("    Needs the Microsoft Graph PowerShell SDK (Microsoft.Graph.Users, .Users.Actions,")
	p.line("    .Identity.SignIns, .Identity.Governance, .Applications)")
	if needsExchange {
		p.line("    and ExchangeOnlineManagement for the mailbox steps.")
	}
	p.line("    Accounts synchronised from on-premises Active Directory: reset the password there.")
	p.line("#>")
	p.line("# Tenant:    ", psComment(r.tenant))
	p.line("# Period:    ", psComment(r.periodText()))
	p.line("# Generated: ", r.started.UTC().Format(time.RFC3339), " by entrarisk ", psComment(nonEmpty(r.opts.Version, "dev")))
	p.line("# Users:     ", fmt.Sprint(len(r.flagged)))
	if len(r.flaggedSPs) > 0 {
		p.line("# Workload identities: ", fmt.Sprint(len(r.flaggedSPs)))
	}
	p.line("")
	p.line("[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]")
	p.line("param()")
	p.line("")
	p.line("Set-StrictMode -Version 3.0")
	p.line("$ErrorActionPreference = 'Stop'")
	p.line("")
	p.line("Connect-MgGraph -NoWelcome -Scopes @(")
	p.line("    'User.ReadWrite.All', 'User-PasswordProfile.ReadWrite.All', 'IdentityRiskyUser.ReadWrite.All',")
	p.line("    'UserAuthenticationMethod.Read.All', 'RoleManagement.ReadWrite.Directory', 'Application.ReadWrite.All',")
	p.line("    'DelegatedPermissionGrant.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All')")
	if needsExchange {
		p.line("Connect-ExchangeOnline -ShowBanner:$false")
	}
	p.line("")
	p.line("# A new random password that nobody sees: the user sets their own through self-service")
	p.line("# password reset or the help desk, after proving who they are.")
	p.line("function New-RandomPassword {")
	p.line("    $bytes = New-Object 'System.Byte[]' 24")
	p.line("    $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()")
	p.line("    try { $rng.GetBytes($bytes) } finally { $rng.Dispose() }")
	p.line("    [Convert]::ToBase64String($bytes) + '-aA1'")
	p.line("}")
	for i, u := range r.flagged {
		r.scriptUser(p, i+1, u)
	}
	for i, sp := range r.flaggedSPs {
		r.scriptServicePrincipal(p, i+1, sp)
	}
	if len(r.tenantWide) > 0 {
		p.line("")
		p.line("# =============================================================================")
		p.line("# Whole tenant (done in the Entra admin center; nothing to run here):")
		for i, s := range r.tenantWide {
			line := fmt.Sprintf("#   %d. %s", i+1, s.kind.title())
			if s.detail != "" {
				line += ": " + psComment(s.detail)
			}
			p.line(line)
		}
		p.line("# =============================================================================")
	}
	return r.create(FileRemediation, func(w io.Writer) (int64, error) {
		// A BOM, so that Windows PowerShell 5.1 reads the file as UTF-8.
		if _, err := io.WriteString(w, "\uFEFF"+p.b.String()); err != nil {
			return 0, err
		}
		return int64(len(r.flagged)), nil
	})
}

// scriptUser writes one user's block.
func (r *run) scriptUser(p *psWriter, n int, u *flaggedUser) {
	bar := "# ============================================================================="
	p.line("")
	p.line(bar)
	p.line(fmt.Sprintf("# User %d of %d: ", n, len(r.flagged)), psComment(u.upn))
	p.line(fmt.Sprintf("#   Risk: %s, %s, score %d, %d open detection(s)", psComment(u.level), psComment(u.state), u.score, u.detections))
	scriptChecklist(p, u.steps)
	p.line(bar)
	p.line("$upn = ", psQuote(u.upn))
	p.line("try {")
	for _, s := range u.steps {
		r.scriptStep(p, u, s)
	}
	p.line("} catch {")
	p.line("    Write-Warning ('{0}: {1}' -f $upn, $_.Exception.Message)")
	p.line("}")
}

// scriptChecklist writes a block's checklist as comment lines.
func scriptChecklist(p *psWriter, steps []step) {
	p.line("#   Checklist (the Remediation sheet has the why and the evidence):")
	for i, s := range steps {
		line := fmt.Sprintf("#     %d. %s", i+1, s.kind.title())
		if s.detail != "" {
			line += ": " + psComment(s.detail)
		}
		p.line(line)
	}
}

// scriptStep writes the commands of one checklist step; steps that are decisions or
// admin-center work become comments.
func (r *run) scriptStep(p *psWriter, u *flaggedUser, s step) {
	sp := func(target, what string, cmds ...string) {
		p.line("    if ($PSCmdlet.ShouldProcess(", target, ", ", psQuote(what), ")) {")
		for _, c := range cmds {
			p.line("        ", c)
		}
		p.line("    }")
	}
	note := func(lines ...string) {
		for _, l := range lines {
			p.line("    # ", l)
		}
	}
	p.line("    # -- ", s.kind.title())
	if s.f != nil {
		note(fmt.Sprintf("Record %s of %s, detection %s", psComment(s.f.eventID), s.f.at.UTC().Format(time.RFC3339), psComment(s.f.detectionID)))
	} else {
		switch s.kind {
		case actRemoveRole, actRemoveAppCredential, actRevokeConsent:
			// A rule fired but no audit record names what changed: nothing to act on by id.
			note("The detection names no audit record with the ids: see the Detections sheet and do it in the Entra admin center.")
			return
		}
	}
	switch s.kind {
	case actResetRevoke:
		sp("$upn", "Revoke all sessions and set a new random password to be changed at next sign-in",
			"Revoke-MgUserSignInSession -UserId $upn | Out-Null",
			"Update-MgUser -UserId $upn -PasswordProfile @{ Password = (New-RandomPassword); ForceChangePasswordNextSignIn = $true }")
	case actConfirmCompromised:
		sp("$upn", "Confirm the user compromised in Entra ID Protection",
			"$userId = (Get-MgUser -UserId $upn -Property Id).Id",
			"Confirm-MgRiskyUserCompromised -UserIds $userId")
	case actRemoveRole:
		ro := roleOf(s.f)
		note("Role " + psComment(ro.roleName) + " for " + psComment(ro.principalName))
		switch {
		case isGUID(ro.principalID) && isGUID(ro.roleTemplateID):
			filter := "principalId eq '" + strings.ToLower(ro.principalID) + "' and roleDefinitionId eq '" + strings.ToLower(ro.roleTemplateID) + "'"
			sp(psQuote(ro.principalID), "Remove the role assignment",
				"Get-MgRoleManagementDirectoryRoleAssignment -Filter "+psQuote(filter)+" -All |",
				"    ForEach-Object { Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId $_.Id }")
			note("Check eligible (PIM) assignments too: Get-MgRoleManagementDirectoryRoleEligibilitySchedule.")
		case isGUID(ro.principalID):
			note("The record does not give the role's id. The principal's role assignments, to review:")
			p.line("    Get-MgRoleManagementDirectoryRoleAssignment -Filter ", psQuote("principalId eq '"+strings.ToLower(ro.principalID)+"'"),
				" -ExpandProperty RoleDefinition -All | Format-Table Id, @{ Name = 'Role'; Expression = { $_.RoleDefinition.DisplayName } }")
		default:
			note("The record does not give the ids: remove the role in the Entra admin center (Roles and administrators).")
		}
	case actRemoveAppCredential:
		c := credOf(s.f)
		note("App " + psComment(c.appName) + " (" + psComment(c.appType) + ")")
		sp2 := strings.EqualFold(c.appType, "ServicePrincipal")
		switch {
		case !isGUID(c.appID):
			note("The record does not give the app's object id: remove the credential in the Entra admin center.")
		case len(c.keys) == 0:
			note("The record does not give the key id. The app's credentials, to review:")
			if sp2 {
				p.line("    Get-MgServicePrincipal -ServicePrincipalId ", psQuote(c.appID), " | Select-Object -ExpandProperty PasswordCredentials")
				p.line("    Get-MgServicePrincipal -ServicePrincipalId ", psQuote(c.appID), " | Select-Object -ExpandProperty KeyCredentials")
			} else {
				p.line("    Get-MgApplication -ApplicationId ", psQuote(c.appID), " | Select-Object -ExpandProperty PasswordCredentials")
				p.line("    Get-MgApplication -ApplicationId ", psQuote(c.appID), " | Select-Object -ExpandProperty KeyCredentials")
			}
		default:
			for _, k := range c.keys {
				id, key := psQuote(c.appID), psQuote(k.id)
				switch {
				case strings.EqualFold(k.kind, "Password") && sp2:
					sp(id, "Remove the client secret "+k.id, "Remove-MgServicePrincipalPassword -ServicePrincipalId "+id+" -KeyId "+key)
				case strings.EqualFold(k.kind, "Password"):
					sp(id, "Remove the client secret "+k.id, "Remove-MgApplicationPassword -ApplicationId "+id+" -KeyId "+key)
				case sp2:
					sp(id, "Remove the certificate "+k.id,
						"$sp = Get-MgServicePrincipal -ServicePrincipalId "+id,
						"Update-MgServicePrincipal -ServicePrincipalId "+id+" -KeyCredentials @($sp.KeyCredentials | Where-Object { $_.KeyId -ne "+key+" })")
				default:
					sp(id, "Remove the certificate "+k.id,
						"$app = Get-MgApplication -ApplicationId "+id,
						"Update-MgApplication -ApplicationId "+id+" -KeyCredentials @($app.KeyCredentials | Where-Object { $_.KeyId -ne "+key+" })")
				}
			}
		}
	case actRevokeConsent:
		id := s.f.targetID
		note("App " + psComment(nonEmpty(s.f.targetName, s.f.target)))
		if !isGUID(id) {
			note("The record does not give the service principal's id: revoke the grant in the Entra admin center (Enterprise applications > Permissions).")
			break
		}
		q := psQuote(id)
		sp(q, "Revoke every permission grant of this app",
			"Get-MgOauth2PermissionGrant -Filter "+psQuote("clientId eq '"+strings.ToLower(id)+"'")+" -All |",
			"    ForEach-Object { Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId $_.Id }",
			"Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId "+q+" -All |",
			"    ForEach-Object { Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId "+q+" -AppRoleAssignmentId $_.Id }")
		note("If the app is malicious, disable it too: Update-MgServicePrincipal -ServicePrincipalId <id> -AccountEnabled:$false")
	case actRemoveInboxRule:
		m := mailboxChange{mailbox: u.upn}
		if s.f != nil {
			m = mailboxOf(s.f, u.upn)
		}
		if m.ruleName != "" {
			sp(psQuote(m.mailbox), "Remove the inbox rule", "Remove-InboxRule -Mailbox "+psQuote(m.mailbox)+" -Identity "+psQuote(m.ruleName)+" -Confirm:$false")
		} else {
			note("The record does not name the rule. The mailbox's rules, to review (Remove-InboxRule -Identity <name>):")
			p.line("    Get-InboxRule -Mailbox ", psQuote(m.mailbox), " | Format-List Name, Enabled, ForwardTo, ForwardAsAttachmentTo, RedirectTo, DeleteMessage, MoveToFolder")
		}
	case actRemoveForwarding:
		mailbox := u.upn
		if s.f != nil {
			mailbox = mailboxOf(s.f, u.upn).mailbox
		}
		sp(psQuote(mailbox), "Remove mailbox forwarding",
			"Set-Mailbox -Identity "+psQuote(mailbox)+" -ForwardingSmtpAddress $null -ForwardingAddress $null -DeliverToMailboxAndForward $false")
	case actRemoveDelegate:
		m := mailboxChange{mailbox: u.upn}
		op := ""
		if s.f != nil {
			m, op = mailboxOf(s.f, u.upn), s.f.operation
		}
		switch {
		case m.delegate != "" && strings.EqualFold(op, "Add-RecipientPermission"):
			sp(psQuote(m.mailbox), "Remove the delegate's Send As permission",
				"Remove-RecipientPermission -Identity "+psQuote(m.mailbox)+" -Trustee "+psQuote(m.delegate)+" -AccessRights SendAs -Confirm:$false")
		case m.delegate != "" && !strings.Contains(strings.ToLower(op), "folder"):
			sp(psQuote(m.mailbox), "Remove the delegate's full access",
				"Remove-MailboxPermission -Identity "+psQuote(m.mailbox)+" -User "+psQuote(m.delegate)+" -AccessRights FullAccess -InheritanceType All -Confirm:$false")
		default:
			note("The mailbox's delegates, to review (Remove-MailboxPermission, Remove-MailboxFolderPermission):")
			p.line("    Get-MailboxPermission -Identity ", psQuote(m.mailbox), " | Where-Object { -not $_.IsInherited }")
		}
	case actMFAReregister:
		note("Review the methods; delete those the user did not register (Remove-MgUserAuthenticationPhoneMethod,",
			"Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod, ...), then have the user register again.")
		p.line("    Get-MgUserAuthenticationMethod -UserId $upn | Format-Table Id, @{ Name = 'Type'; Expression = { $_.AdditionalProperties['@odata.type'] } }")
	case actBlockLegacyAuth:
		sp("$upn", "Turn off POP, IMAP and SMTP AUTH for the mailbox",
			"Set-CASMailbox -Identity $upn -PopEnabled $false -ImapEnabled $false -SmtpClientAuthenticationDisabled $true")
		note("Block legacy authentication for everyone with a Conditional Access policy (admin center).")
	case actEnableMailboxAudit:
		sp("$upn", "Turn mailbox auditing on", "Set-Mailbox -Identity $upn -AuditEnabled $true")
	case actDismissIfBenign:
		note("Only if the investigation shows the activity was the user's own:",
			"Invoke-MgDismissRiskyUser -UserIds (Get-MgUser -UserId $upn -Property Id).Id")
	case actRecordRemediation:
		note("When every step is done: entrarisk triage resolve --user <user>")
	case actReviewSignins:
		note("Nothing to run: the Risky sign-ins sheet (filter the User column) lists the sign-ins to go through with the user.")
	case actBlockDeviceCode:
		note("Done in the Entra admin center: a Conditional Access policy on authentication flows (device code flow).")
	case actReviewFederation:
		note("Review with Get-MgDomainFederationConfiguration -DomainId <domain>; revert in the Entra admin center.")
	case actReviewCA:
		note("Review the policy in the Entra admin center (Conditional Access > Audit logs) and revert it if it was not planned.")
	default:
		note("Nothing to run: see the Remediation sheet.")
	}
}
