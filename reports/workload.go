package reports

import (
	"database/sql"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Workload identities (service principals and managed identities) flagged for risk, as
// Entra ID Protection's risky workload identities: flagged_service_principals.csv, the
// Flagged workload identities sheet, their checklists on the Remediation sheet and their
// blocks in remediation.ps1. analyze fills service_principal_risk.

// FileFlaggedServicePrincipals is the report's CSV of flagged workload identities.
const FileFlaggedServicePrincipals = "flagged_service_principals.csv"

// SheetFlaggedWorkloads is the workbook sheet of flagged workload identities.
const SheetFlaggedWorkloads = "Flagged workload identities"

// flaggedSP is a workload identity with an open finding, and what the report says about it.
type flaggedSP struct {
	id, name, appID, level, state string
	score, detections             int64
	first, last                   sql.NullTime
	rules                         []string
	reasons                       string
	evidence                      []string  // the newest evidence of each open rule, highest severity first
	creds                         []finding // credential records behind it (app_credential_added)
	grants                        []finding // permission and owner records behind it (app_permission_granted)
	steps                         []step
	remRow                        int // the first row of its checklist on Remediation
}

// label names the workload identity for a person: its name, or its id.
func (sp *flaggedSP) label() string {
	return nonEmpty(sp.name, sp.id)
}

// spWhere selects the flagged workload identities whose findings overlap the period ($1, $2).
const spWhere = `w.risk_level <> 'none' AND (w.last_seen IS NULL OR w.last_seen >= $1) AND (w.first_seen IS NULL OR w.first_seen < $2)`

// loadServicePrincipals reads the flagged workload identities, their evidence and the
// directory records their checklists act on.
func (r *run) loadServicePrincipals() error {
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT w.service_principal_id, coalesce(w.service_principal_name, ''), coalesce(w.app_id, ''), w.risk_level, w.risk_state,
			w.risk_score, w.detections, w.first_seen, w.last_seen, array_to_string(list_sort(w.rule_ids), ','), coalesce(w.reasons, '')
		FROM service_principal_risk w
		WHERE `+spWhere+`
		ORDER BY CASE w.risk_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, w.risk_score DESC,
			w.service_principal_name, w.service_principal_id`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("flagged workload identities: %w", err)
	}
	defer rows.Close()
	byID := map[string]*flaggedSP{}
	for rows.Next() {
		sp := &flaggedSP{}
		var rules string
		if err := rows.Scan(&sp.id, &sp.name, &sp.appID, &sp.level, &sp.state, &sp.score, &sp.detections, &sp.first, &sp.last,
			&rules, &sp.reasons); err != nil {
			return fmt.Errorf("flagged workload identities: %w", err)
		}
		if rules != "" {
			sp.rules = strings.Split(rules, ",")
		}
		byID[sp.id] = sp
		r.flaggedSPs = append(r.flaggedSPs, sp)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("flagged workload identities: %w", err)
	}
	rows.Close()
	if len(r.flaggedSPs) == 0 {
		return nil
	}
	// The open detections behind each, with the directory records of the app changes.
	drows, err := r.db.QueryContext(r.ctx, `
		WITH w AS (SELECT service_principal_id, unnest(detection_ids) AS detection_id FROM service_principal_risk w WHERE `+spWhere+`)
		SELECT w.service_principal_id, d.detection_id, d.rule_id, d.severity, d.evidence, d.last_seen,
			coalesce(a.id, ''), a.activity_at, coalesce(a.activity, ''), coalesce(a.actor_upn, a.actor_app_name, ''),
			coalesce(a.target_id, ''), coalesce(a.target_type, ''), coalesce(a.target_name, ''), coalesce(CAST(a.target_resources AS VARCHAR), '')
		FROM w JOIN detections d USING (detection_id)
		LEFT JOIN detection_events e ON e.detection_id = d.detection_id AND e.source_table = 'directory_audits'
			AND d.rule_id IN ('app_credential_added', 'app_permission_granted')
		LEFT JOIN directory_audits a ON a.id = e.event_id
		WHERE d.state IN ('atRisk', 'confirmedCompromised')
		ORDER BY 1, CASE d.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, d.last_seen DESC, d.detection_id`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("flagged workload identities: %w", err)
	}
	defer drows.Close()
	seenRule := map[string]bool{}
	for drows.Next() {
		var spID, detID, rule, sev, evidence string
		var last time.Time
		var f finding
		var at sql.NullTime
		if err := drows.Scan(&spID, &detID, &rule, &sev, &evidence, &last, &f.eventID, &at, &f.activity, &f.actor,
			&f.targetID, &f.targetType, &f.targetName, &f.targetsJS); err != nil {
			return fmt.Errorf("flagged workload identities: %w", err)
		}
		sp := byID[spID]
		if sp == nil {
			continue
		}
		if !seenRule[spID+"|"+rule] {
			seenRule[spID+"|"+rule] = true
			sp.evidence = append(sp.evidence, fmt.Sprintf("%s (%s): %s [%s]", r.ruleTitle(rule, ""), sev, evidence, detID))
		}
		if f.eventID == "" {
			continue
		}
		f.at, f.rule, f.severity, f.detectionID, f.details, f.target = at.Time, rule, sev, detID, evidence, f.targetName
		switch rule {
		case "app_credential_added":
			sp.creds = append(sp.creds, f)
		case "app_permission_granted":
			sp.grants = append(sp.grants, f)
		}
	}
	if err := drows.Err(); err != nil {
		return fmt.Errorf("flagged workload identities: %w", err)
	}
	for _, sp := range r.flaggedSPs {
		sp.steps = r.spChecklist(sp)
	}
	return nil
}

// spChecklist is a workload identity's checklist, after Microsoft's guidance for risky
// workload identities: block it while investigating, remove the credentials it should not
// have, review what it may do and who owns it, rotate what it could read, then close.
func (r *run) spChecklist(sp *flaggedSP) []step {
	var steps []step
	risk := fmt.Sprintf("Risk %s (%s), score %d. %s", sp.level, sp.state, sp.score, sp.reasons)
	evidence := strings.Join(sp.evidence, "\n")
	used := anyOf(setOf(sp.rules), "sp_credential_then_use", "sp_new_network")
	if sp.level == "high" || sp.level == "medium" {
		why := "Disabling the service principal stops every sign-in with its credentials, the stolen ones included, while the investigation runs; turn it back on when the app's owner has confirmed what it should do. " + risk
		if !used {
			why = "Only if the change below was not approved: disabling the service principal stops every sign-in with its credentials while the investigation runs. " + risk
		}
		steps = append(steps, step{kind: actDisableServicePrincipal, detail: sp.label(), why: why, evidence: evidence})
	}
	for i := range sp.creds {
		f := &sp.creds[i]
		if f.severity == "low" {
			continue // routine rotation by the app's owner: the review below covers it
		}
		c := credOf(f)
		var keys []string
		for _, k := range c.keys {
			keys = append(keys, k.id)
		}
		detail := nonEmpty(c.appName, sp.label())
		if len(keys) > 0 {
			detail += " (key " + strings.Join(keys, ", ") + ")"
		}
		steps = append(steps, step{kind: actRemoveAppCredential, detail: detail, f: f, evidence: r.findingEvidence(f),
			why: fmt.Sprintf("%q added a credential to the app: whoever holds it can sign in as the app. Remove it unless the app's owner added it.", nonEmpty(f.actor, "someone"))})
	}
	var grants []string
	for i := range sp.grants {
		grants = append(grants, r.findingEvidence(&sp.grants[i]))
	}
	steps = append(steps, step{kind: actReviewAppAccess, detail: sp.label(),
		why:      "What the app may do (application permissions, delegated grants, directory roles) and who may change it (owners, who can add credentials): remove what it does not need, and any permission or owner added without approval. Review its sign-ins, too: where it came from and which resources it reached.",
		evidence: strings.Join(append(grants, evidence), "\n")})
	if used {
		steps = append(steps, step{kind: actRotateAppSecrets, detail: sp.label(),
			why:      "Its credentials were used from a network it had not used before: rotate the secrets it could read (Key Vault, connection strings, certificates it holds), and give it a new certificate rather than a secret.",
			evidence: evidence})
	}
	steps = append(steps, step{kind: actDismissIfBenign,
		why:      "If the app's owner confirms the change and the new network (a move, a new build agent), dismiss: record it (entrarisk triage false-positive --detection) so the app is not flagged again for it.",
		evidence: evidence})
	return steps
}

func setOf(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// writeServicePrincipals writes flagged_service_principals.csv and the Flagged workload
// identities sheet: one row per workload identity with an open finding, highest risk first.
func (r *run) writeServicePrincipals() error {
	return r.create(FileFlaggedServicePrincipals, func(out io.Writer) (int64, error) {
		cw := newCSVWriter(out, r.opts.ExcelCSV)
		cw.header([]string{"service_principal_id", "service_principal_name", "app_id", "risk_level", "risk_state", "detections",
			"first_seen", "last_seen", "recommended_actions", "risk_score", "rule_ids", "reasons"})
		zone := " (" + zoneName(r.loc) + ")"
		cols := []colSpec{{"Workload identity", 30}, {"Risk level", 10}, {"Risk state", 14}, {"Score", 7}, {"Open detections", 10},
			{"First seen" + zone, 19}, {"Last seen" + zone, 19}, {"Rules", 26}, {"Recommended actions", 50}, {"Checklist", 10},
			{"Why flagged", 44}, {"Service principal id", 38}, {"App id", 38}}
		sw, err := newSheetWriter(r.f, r.st, sheetSpec{name: SheetFlaggedWorkloads, cols: cols, total: int64(len(r.flaggedSPs)),
			keeps: "highest-risk", where: FileFlaggedServicePrincipals + " holds them all."}, r.limit)
		if err != nil {
			return 0, err
		}
		for _, sp := range r.flaggedSPs {
			actions := recommendedActions(sp.steps)
			rules := strings.Join(sp.rules, ",")
			cw.text(sp.id)
			cw.sep(1)
			cw.text(sp.name)
			cw.sep(1)
			cw.text(sp.appID)
			cw.sep(1)
			cw.text(sp.level)
			cw.sep(1)
			cw.text(sp.state)
			cw.sep(1)
			cw.int(sp.detections)
			cw.sep(1)
			if sp.first.Valid {
				cw.time(sp.first.Time, r.loc)
			}
			cw.sep(1)
			if sp.last.Valid {
				cw.time(sp.last.Time, r.loc)
			}
			cw.sep(1)
			cw.text(actions)
			cw.sep(1)
			cw.int(sp.score)
			cw.sep(1)
			cw.text(rules)
			cw.sep(1)
			cw.text(sp.reasons)
			cw.end(true)
			if sw.full() {
				sw.dropped++
				continue
			}
			timeCell := func(t sql.NullTime) any {
				if !t.Valid {
					return nil
				}
				return excelize.Cell{StyleID: r.st.date, Value: excelTime(t.Time, r.loc)}
			}
			var checklist any
			if sp.remRow > 0 {
				checklist = excelize.Cell{StyleID: r.st.link, Value: fmt.Sprintf("%d steps", len(sp.steps))}
			}
			h := rowHeight(8, wrapped{actions, 50}, wrapped{sp.reasons, 44}, wrapped{strings.ReplaceAll(rules, ",", ", "), 26})
			row, err := sw.add([]any{
				excelize.Cell{StyleID: r.st.bold, Value: cellText(sp.label())},
				excelize.Cell{StyleID: r.st.levelStyle(sp.level), Value: cellText(sp.level)},
				excelize.Cell{StyleID: r.st.text, Value: cellText(sp.state)},
				excelize.Cell{StyleID: r.st.num, Value: sp.score},
				excelize.Cell{StyleID: r.st.num, Value: sp.detections},
				timeCell(sp.first), timeCell(sp.last),
				excelize.Cell{StyleID: r.st.wrap, Value: strings.ReplaceAll(rules, ",", ", ")},
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(actions)},
				checklist,
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(sp.reasons)},
				excelize.Cell{StyleID: r.st.text, Value: cellText(sp.id)},
				excelize.Cell{StyleID: r.st.text, Value: cellText(sp.appID)},
			}, excelize.RowOpts{Height: h})
			if err != nil {
				return 0, err
			}
			if sp.remRow > 0 {
				if err := sw.link(10, row, location(SheetRemediation, 1, sp.remRow), "Remediation: this workload identity's checklist"); err != nil {
					return 0, err
				}
			}
		}
		if sw.dropped > 0 {
			r.res.Truncated = append(r.res.Truncated, SheetFlaggedWorkloads)
		}
		r.sheetRows += int64(sw.row - sw.headerRow)
		if err := sw.close(FileFlaggedServicePrincipals); err != nil {
			return 0, err
		}
		return int64(len(r.flaggedSPs)), cw.flush()
	})
}

// scriptServicePrincipal writes one workload identity's block of remediation.ps1.
func (r *run) scriptServicePrincipal(p *psWriter, n int, sp *flaggedSP) {
	bar := "# ============================================================================="
	p.line("")
	p.line(bar)
	p.line(fmt.Sprintf("# Workload identity %d of %d: ", n, len(r.flaggedSPs)), psComment(sp.label()),
		" (service principal ", psComment(sp.id), ", app ", psComment(nonEmpty(sp.appID, "unknown")), ")")
	p.line(fmt.Sprintf("#   Risk: %s, %s, score %d, %d open detection(s)", psComment(sp.level), psComment(sp.state), sp.score, sp.detections))
	scriptChecklist(p, sp.steps)
	p.line(bar)
	p.line("$spId = ", psQuote(sp.id))
	p.line("try {")
	for _, s := range sp.steps {
		switch s.kind {
		case actDisableServicePrincipal:
			p.line("    # -- ", s.kind.title())
			p.line("    if ($PSCmdlet.ShouldProcess($spId, ", psQuote("Disable the service principal (block its sign-ins)"), ")) {")
			p.line("        Update-MgServicePrincipal -ServicePrincipalId $spId -AccountEnabled:$false")
			p.line("    }")
		case actReviewAppAccess:
			p.line("    # -- ", s.kind.title())
			p.line("    # Application permissions, delegated grants and owners, to review (remove what was not approved:")
			p.line("    # Remove-MgServicePrincipalAppRoleAssignment, Remove-MgOauth2PermissionGrant, Remove-MgServicePrincipalOwnerByRef).")
			p.line("    Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $spId -All | Format-Table Id, ResourceDisplayName, AppRoleId, CreatedDateTime")
			p.line("    Get-MgServicePrincipalOauth2PermissionGrant -ServicePrincipalId $spId -All | Format-Table Id, ResourceId, ConsentType, Scope")
			p.line("    Get-MgServicePrincipalOwner -ServicePrincipalId $spId -All | Format-Table Id, @{ Name = 'Name'; Expression = { $_.AdditionalProperties['userPrincipalName'] } }")
			p.line("    Get-MgServicePrincipalMemberOf -ServicePrincipalId $spId -All | Format-Table Id, @{ Name = 'Role or group'; Expression = { $_.AdditionalProperties['displayName'] } }")
			if sp.appID != "" {
				p.line("    # The application object's owners and credentials:")
				p.line("    $app = Get-MgApplication -Filter ", psQuote("appId eq '"+strings.ReplaceAll(sp.appID, "'", "")+"'"))
				p.line("    if ($app) { Get-MgApplicationOwner -ApplicationId $app.Id -All | Format-Table Id; $app.PasswordCredentials + $app.KeyCredentials | Format-Table KeyId, DisplayName, StartDateTime, EndDateTime }")
			}
		case actRotateAppSecrets:
			p.line("    # -- ", s.kind.title())
			p.line("    # Nothing to run here: rotate the Key Vault secrets and other credentials the app could read, then give")
			p.line("    # it a new certificate (Add-MgApplicationKey or the admin center) and remove every old secret.")
		case actDismissIfBenign:
			p.line("    # -- ", s.kind.title())
			p.line("    # Only if the app's owner confirms the change: entrarisk triage false-positive --detection <id>; with")
			p.line("    # Workload Identities Premium: Invoke-MgBetaDismissRiskyServicePrincipal -ServicePrincipalIds $spId")
		default:
			r.scriptStep(p, nil, s)
		}
	}
	p.line("} catch {")
	p.line("    Write-Warning ('{0}: {1}' -f $spId, $_.Exception.Message)")
	p.line("}")
}
