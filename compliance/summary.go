package compliance

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/entrarisk/entrarisk/reports"
)

// summary is what the Summary sheet shows.
type summary struct {
	opts    Options
	period  *period
	src     sources
	fig     *figures
	inputs  []input
	started time.Time
	gaps    []string
}

// The Summary's columns A to G (charts sit from I): a measure, its count, its share, and a
// note over D to G.
var summaryWidths = [...]float64{48, 13, 10, 18, 18, 18, 26}

// noteWidth is the width of the merged note cells D:G, in characters.
const noteWidth = 18 + 18 + 18 + 26

// sheetWriter writes cells on the Summary sheet (not streamed: it is small and holds the
// charts); the first error stops it.
type sheetWriter struct {
	f    *excelize.File
	st   reports.Styles
	note int // wrapped text set off from the number before it
	fine int // a share under 0.1%, to two decimals (so it does not show as 0.0%)
	row  int
	err  error
}

func (w *sheetWriter) set(col int, v any, style int) {
	if w.err != nil {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(col, w.row)
	switch x := v.(type) {
	case nil:
	case string:
		// SetCellStr stores text as text, whatever it looks like: never a formula.
		w.err = w.f.SetCellStr(SheetSummary, cell, reports.CellText(x))
	default:
		w.err = w.f.SetCellValue(SheetSummary, cell, x)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(SheetSummary, cell, cell, style)
	}
}

// merge merges columns from to to of the current row.
func (w *sheetWriter) merge(from, to int) {
	if w.err != nil {
		return
	}
	a, _ := excelize.CoordinatesToCellName(from, w.row)
	b, _ := excelize.CoordinatesToCellName(to, w.row)
	w.err = w.f.MergeCell(SheetSummary, a, b)
}

// height makes the current row tall enough for text wrapped in width characters.
func (w *sheetWriter) height(text string, width float64) {
	lines := 0
	for _, part := range strings.Split(text, "\n") {
		lines += max(1, int(float64(utf8.RuneCountInString(part))/(width*1.1))+1)
	}
	if lines > 1 && w.err == nil {
		w.err = w.f.SetRowHeight(SheetSummary, w.row, float64(lines)*13+3)
	}
}

func (w *sheetWriter) section(title string) {
	w.row += 2
	for c := 1; c <= len(summaryWidths); c++ {
		w.set(c, nil, w.st.Section)
	}
	w.set(1, title, w.st.Section)
	w.row++
}

// header writes a table's header; the columns in num hold numbers.
func (w *sheetWriter) header(num []int, titles ...string) {
	for i, t := range titles {
		style := w.st.Header
		for _, n := range num {
			if n == i+1 {
				style = w.st.HeaderNum
			}
		}
		w.set(i+1, t, style)
	}
	w.row++
}

// label writes a label and its value over B to G.
func (w *sheetWriter) label(label, value string) {
	w.set(1, label, w.st.Label)
	w.set(2, value, w.st.Value)
	w.merge(2, len(summaryWidths))
	w.height(value, 13+10+noteWidth)
	w.row++
}

// line writes text over A to G, wrapped.
func (w *sheetWriter) line(text string, style int) {
	w.set(1, text, style)
	w.merge(1, len(summaryWidths))
	w.height(text, summaryWidths[0]+13+10+noteWidth)
	w.row++
}

// figure is one row of Key figures: a count (nil when the exports do not tell), its
// share, and a note.
type figure struct {
	label string
	n     any
	share any
	note  string
}

// writeSummary writes the Summary sheet and the chart data behind its charts.
func writeSummary(ctx context.Context, conn *sql.Conn, b *reports.Book, s summary) error {
	f := b.Workbook()
	w := &sheetWriter{f: f, st: b.Styles(), row: 1}
	note, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Calibri", Size: 10},
		Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left", Indent: 1, WrapText: true}})
	if err != nil {
		return err
	}
	w.note = note
	if w.fine, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Calibri", Size: 10}, CustomNumFmt: ptr("0.00%"),
		Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right", Indent: 1}}); err != nil {
		return err
	}
	for i, width := range summaryWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(SheetSummary, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(SheetSummary, "H", "H", 3); err != nil {
		return err
	}
	if err := f.SetSheetView(SheetSummary, 0, &excelize.ViewOptions{ShowGridLines: ptr(false)}); err != nil {
		return err
	}
	loc := s.opts.Location
	when := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	w.set(1, "Entra ID compliance export", w.st.Title)
	if w.err == nil {
		w.err = f.SetRowHeight(SheetSummary, 1, 30)
	}
	w.row++
	w.set(1, nonEmpty(s.period.tenant, "tenant unknown")+": "+s.periodText(when), w.st.Subtitle)
	w.row += 2

	// Scope.
	w.label("Tenant", nonEmpty(s.period.tenant, "unknown (no member sign-ins in the store)"))
	w.label("Period", s.periodText(when))
	w.label("Times shown in", reports.ZoneName(loc))
	w.label("Inputs", s.inputsText())
	if a := s.period.analysis; a != nil {
		w.label("Rule findings", fmt.Sprintf("from analyze run %s, finished %s (%d rules, %s detections): the Flagged columns say whether one of its detections points at the change",
			a.RunID, when(a.finished), a.Rules, reports.Thousands(a.Detections)))
	} else {
		w.label("Rule findings", "no analyze run recorded: the Flagged columns are empty")
	}
	w.label("Generated", fmt.Sprintf("%s by entrarisk %s", when(s.started), nonEmpty(s.opts.Version, "(development build)")))

	// Key figures.
	w.section("Key figures")
	w.header([]int{2, 3}, "Measure", "Count", "Share", "Notes")
	w.row--
	w.merge(4, len(summaryWidths))
	w.row++
	for _, g := range s.keyFigures() {
		if g.label == "" {
			w.row++
			w.set(1, g.note, w.st.Bold)
			w.merge(1, len(summaryWidths))
			w.row++
			continue
		}
		w.set(1, g.label, w.st.TextIndent)
		if g.n == nil {
			w.set(2, "not available", w.st.Muted)
		} else {
			w.set(2, g.n, w.st.NumPad)
		}
		shareStyle := w.st.SharePad
		if x, ok := g.share.(float64); ok && x > 0 && x < 0.001 {
			shareStyle = w.fine
		}
		w.set(3, g.share, shareStyle)
		w.set(4, g.note, w.note)
		w.merge(4, len(summaryWidths))
		w.height(g.note, noteWidth)
		w.row++
	}

	// Sensitive operations by kind.
	w.section("Sensitive operations by kind (the Sensitive operations report workbook)")
	w.header([]int{2, 3, 4, 5}, "Kind", "Changes", "Flagged", "Actors", "Failed")
	for _, k := range s.fig.ByKind {
		w.set(1, k.Kind, w.st.Text)
		if s.fig.Audits == 0 {
			w.set(2, "not available", w.st.Muted)
		} else {
			w.set(2, k.Changes, w.st.NumPad)
			if s.period.analysis != nil {
				w.set(3, k.Flagged, w.st.NumPad)
			}
			w.set(4, k.Actors, w.st.NumPad)
			w.set(5, k.Failed, w.st.NumPad)
		}
		w.row++
	}

	// Exports.
	w.section("Exports in the period, and what they carry")
	w.header([]int{2}, "Export", "Records", "", "Sign-in method", "Policy results", "Auth. steps", "Notes")
	for _, src := range s.src {
		method, policies, steps, note := carries(src)
		w.set(1, label(src.format), w.st.Wrap)
		w.set(2, src.records, w.st.NumPad)
		w.set(4, method, w.st.Text)
		w.set(5, policies, w.st.Text)
		w.set(6, steps, w.st.Text)
		w.set(7, note, w.st.Wrap)
		if w.err == nil {
			if lines := max(lineCount(label(src.format), summaryWidths[0]), lineCount(note, summaryWidths[6])); lines > 1 {
				w.err = f.SetRowHeight(SheetSummary, w.row, float64(lines)*13+3)
			}
		}
		w.row++
	}
	if len(s.src) == 0 {
		w.line("No records in the store fall in the period.", w.st.Muted)
	}

	// Gaps.
	w.section("What these exports cannot tell")
	if len(s.gaps) == 0 {
		w.line("Nothing: every export in the period carries every field the figures need.", w.st.Muted)
	}
	for _, g := range s.gaps {
		w.line("• "+g, w.st.Wrap)
	}

	// The sheets.
	w.section("The sheets, and the Entra workbook each answers")
	w.header(nil, "Sheet", "Entra workbook", "", "What it lists")
	w.row--
	w.merge(2, 3)
	w.merge(4, len(summaryWidths))
	w.row++
	for _, sh := range sheetGuide {
		w.set(1, sh[0], w.st.Bold)
		w.set(2, sh[1], w.st.Wrap)
		w.merge(2, 3)
		w.set(4, sh[2], w.note)
		w.merge(4, len(summaryWidths))
		lines := max(lineCount(sh[1], 23), lineCount(sh[2], noteWidth))
		if w.err == nil && lines > 1 {
			w.err = f.SetRowHeight(SheetSummary, w.row, float64(lines)*13+3)
		}
		w.row++
	}
	w.row++
	w.line("Log text (user names, app names, user agents, details) is shown as text: no cell of this workbook is a formula made from log data. The CSV files hold every row; manifest.json lists each input and output file with its sha256.", w.st.Muted)
	if w.err != nil {
		return fmt.Errorf("summary: %w", w.err)
	}
	if err := s.writeCharts(ctx, conn, f); err != nil {
		return err
	}
	if err := reports.PageSetup(f, SheetSummary, "", "Summary"); err != nil {
		return err
	}
	return f.SetSheetProps(SheetSummary, &excelize.SheetPropsOptions{FitToPage: ptr(true), TabColorRGB: ptr("1F3864")})
}

// sheetGuide says what each data sheet holds and which of Entra's workbooks asks the
// same question.
var sheetGuide = [...][3]string{
	{SheetMFACoverage, "Sign-ins analysis; Multifactor Authentication Gaps",
		"Each user who signed in: successful sign-ins by single and multiple factor, the apps reached with a single factor, the last such sign-in. Users never seen with MFA first. (" + FileMFACoverage + ")"},
	{SheetLegacyAuth, "Sign-ins using legacy authentication",
		"Each user and legacy client (IMAP, POP, SMTP AUTH, MAPI, EWS, ActiveSync, other clients): attempts, successes, addresses, first and last seen: who is cut off when legacy authentication is blocked. (" + FileLegacyAuth + ")"},
	{SheetConditionalAccess, "Conditional Access insights and reporting",
		"Each policy and result: sign-ins and users; report-only results apart (reportOnlyFailure: what the policy would have blocked). (" + FileConditionalAccess + ")"},
	{SheetSensitiveOperations, "Sensitive operations report",
		"Each change to app and service principal credentials, permissions and consents, role and group membership, federation and domains, Conditional Access policies and authentication methods, with actor, address, target, result and whether a rule flagged it. (" + FileSensitiveOperations + ")"},
	{SheetPrivilegedRoles, "Sensitive operations report (directory roles); PIM audit history",
		"Each assignment, removal and PIM activation of a privileged role (the roles analyze counts as privileged). (" + FilePrivilegedRoles + ")"},
	{SheetMFAPrompts, "Authentication prompts analysis",
		"Each user asked for a second factor: prompts, approvals, denials, no responses and fraud reports, the apps, and the most prompts in one hour: over-prompting is how MFA fatigue starts. (" + FileMFAPrompts + ")"},
	{SheetMFAByApp, "Multifactor Authentication Gaps (by application)", "Successful sign-ins by application and by client app, by single and multiple factor."},
	{SheetNoPolicy, "Conditional Access insights (not applied); Conditional Access gap analyzer", "Successful sign-ins to which no Conditional Access policy applied, by app and client app."},
	{SheetInputs, "", "Every file the period's records came from, with its sha256, as ingest recorded it."},
}

func lineCount(text string, width float64) int {
	return max(1, int(float64(utf8.RuneCountInString(text))/(width*1.1))+1)
}

// carries says what an export's records carry, for the Exports table.
func carries(s source) (method, policies, steps, note string) {
	yes := func(n, of int64) string {
		switch {
		case of == 0:
			return "-"
		case n == 0:
			return "no"
		case n >= of:
			return "yes"
		}
		return fmt.Sprintf("%.0f%% of records", 100*float64(n)/float64(of))
	}
	switch s.table {
	case "signins":
		method = yes(s.methodKnown, s.successes)
		if s.withPolicies > 0 {
			policies = "yes"
		} else if s.withCAStatus > 0 {
			policies = "overall status only"
		} else {
			policies = "no"
		}
		steps = "no"
		if s.withSteps > 0 {
			steps = "yes"
		}
		if s.format == "portal_signins_csv" && s.withSteps > 0 {
			note = "steps from the AuthDetails download"
		}
	case "directory_audits":
		method, policies, steps = "-", "-", "-"
		note = "directory changes (audit log)"
	case "unified_audit":
		method, policies, steps = "no", "no", "no"
		note = reports.Thousands(s.successes) + " sign-in records (UserLoggedIn, UserLoginFailed), not used"
		if s.successes == 0 {
			note = "mailbox and file activity: not used here"
		}
	}
	return
}

// periodText says what the export covers.
func (s summary) periodText(when func(time.Time) string) string {
	span := "no sign-ins"
	if s.fig.FirstSignIn.Valid {
		span = fmt.Sprintf("sign-ins from %s to %s", when(s.fig.FirstSignIn.Time), when(s.fig.LastSignIn.Time))
	}
	since, until := s.opts.Since, s.opts.Until
	switch {
	case since.IsZero() && until.IsZero():
		return "everything in the store (" + span + ")"
	case since.IsZero():
		return fmt.Sprintf("up to %s (%s)", when(until), span)
	case until.IsZero():
		return fmt.Sprintf("from %s (%s)", when(since), span)
	}
	return fmt.Sprintf("%s to %s (%s)", when(since), when(until), span)
}

// inputsText sums up the input files.
func (s summary) inputsText() string {
	if len(s.inputs) == 0 {
		return "no input file holds records of the period"
	}
	var rows int64
	formats := map[string]bool{}
	var names []string
	for _, in := range s.inputs {
		rows += in.RowsInPeriod
		if in.Format != "" && !formats[in.Format] {
			formats[in.Format] = true
			names = append(names, in.Format)
		}
	}
	return fmt.Sprintf("%s files gave the period's %s records (%s); each file's sha256 is on the Inputs sheet and in %s",
		reports.Thousands(int64(len(s.inputs))), reports.Thousands(rows), strings.Join(names, ", "), FileManifest)
}

// keyFigures are the rows of Key figures; a row without a label is a group's heading.
func (s summary) keyFigures() []figure {
	g := s.fig
	na := func(ok bool, n int64) any {
		if !ok {
			return nil
		}
		return n
	}
	see := func(ok bool, note string) string {
		if !ok {
			return "not in these exports: see \"What these exports cannot tell\""
		}
		return note
	}
	signins := g.SignIns > 0
	method := g.SuccessesMFA+g.SuccessesSingle > 0
	known := g.SuccessesMFA + g.SuccessesSingle
	policies := g.CASignIns > 0
	status := g.CAKnownSuccesses > 0
	steps := s.src.sum("signins", func(x source) int64 { return x.withSteps }) > 0 || g.Prompts > 0
	audits := g.Audits > 0
	unknownNote := "every successful sign-in says how the user authenticated"
	if g.SuccessesUnknown > 0 {
		unknownNote = "their exports do not say how the user authenticated: left out of the MFA shares"
	}
	shareIf := func(ok bool, n, of int64) any {
		if !ok {
			return nil
		}
		return share(n, of)
	}
	return []figure{
		{note: "Sign-ins and MFA (Sign-ins analysis; Multifactor Authentication Gaps)"},
		{"Users who signed in", na(signins, g.Users), nil, see(signins, "users with at least one successful sign-in")},
		{"Users seen with MFA", na(method, g.UsersMFA), shareIf(method, g.UsersMFA, g.Users), see(method, "at least one successful multifactor sign-in")},
		{"Users never seen with MFA", na(method, g.UsersNeverMFA), shareIf(method, g.UsersNeverMFA, g.Users), see(method, "only single-factor successes: first on the MFA coverage sheet")},
		{"Successful sign-ins", na(signins, g.Successes), nil, see(signins, reports.Thousands(g.SignIns)+" sign-ins in all, interactive and non-interactive")},
		{"Successful sign-ins with MFA", na(method, g.SuccessesMFA), shareIf(method, g.SuccessesMFA, known), see(method, "share of the sign-ins whose method is recorded")},
		{"Successful single-factor sign-ins", na(method, g.SuccessesSingle), shareIf(method, g.SuccessesSingle, known), see(method, "share of the sign-ins whose method is recorded; by app on \"MFA by app and client\"")},
		{"Successful sign-ins, method not recorded", na(signins, g.SuccessesUnknown), shareIf(signins, g.SuccessesUnknown, g.Successes), see(signins, unknownNote)},
		{note: "Legacy authentication (Sign-ins using legacy authentication)"},
		{"Users signing in with legacy authentication", na(signins, g.LegacyUsers), shareIf(signins, g.LegacyUsers, g.Users), see(signins, nonEmpty(g.LegacyClients, "no legacy client succeeded"))},
		{"Successful legacy-authentication sign-ins", na(signins, g.LegacySuccesses), nil, see(signins, fmt.Sprintf("of %s attempts by %s users", reports.Thousands(g.LegacyAttempts), reports.Thousands(g.LegacyUsersTried)))},
		{note: "Conditional Access (Conditional Access insights and reporting)"},
		{"Sign-ins with policy results", na(policies, g.CASignIns), shareIf(policies, g.CASignIns, g.SignIns), see(policies, reports.Thousands(g.CAPolicies)+" policies evaluated")},
		{"Sign-ins a policy failed (blocked)", na(policies, g.CAFailures), shareIf(policies, g.CAFailures, g.CASignIns), see(policies, reports.Thousands(g.CAFailureUsers)+" users")},
		{"Report-only: sign-ins a policy would have blocked", na(policies, g.CAReportOnlyFailures), shareIf(policies, g.CAReportOnlyFailures, g.CASignIns), see(policies, reports.Thousands(g.CAWouldBlock)+" of them succeeded, and would have failed were the policy on")},
		{"Report-only: user action would have been required", na(policies, g.CAWouldInterrupt), shareIf(policies, g.CAWouldInterrupt, g.CASignIns), see(policies, "reportOnlyInterrupted: an MFA or other prompt the policy would have added")},
		{"Successful sign-ins with no policy applied", na(status, g.CANoPolicySuccesses), shareIf(status, g.CANoPolicySuccesses, g.CAKnownSuccesses), see(status, "by app on \"No policy applied\"")},
		{note: "MFA prompts (Authentication prompts analysis)"},
		{"MFA prompts", na(steps, g.Prompts), nil, see(steps, reports.Thousands(g.PromptedUsers)+" users prompted")},
		{"Approved", na(steps, g.PromptsApproved), shareIf(steps, g.PromptsApproved, g.Prompts), see(steps, "")},
		{"Denied", na(steps, g.PromptsDenied), shareIf(steps, g.PromptsDenied, g.Prompts), see(steps, "")},
		{"Not answered", na(steps, g.PromptsNoResponse), shareIf(steps, g.PromptsNoResponse, g.Prompts), see(steps, "")},
		{"Reported as fraud", na(steps, g.PromptsFraud), shareIf(steps, g.PromptsFraud, g.Prompts), see(steps, "")},
		{"Users who denied, ignored or reported a prompt", na(steps, g.UsersRefusing), shareIf(steps, g.UsersRefusing, g.PromptedUsers), see(steps, "share of the users prompted")},
		{note: "Directory changes (Sensitive operations report)"},
		{"Sensitive directory changes", na(audits, g.Sensitive), nil, see(audits, s.flaggedNote())},
		{"Privileged role changes", na(audits, g.RoleChanges), nil, see(audits, fmt.Sprintf("%s assigned, %s removed, %s activated (PIM)",
			reports.Thousands(g.RolesAssigned), reports.Thousands(g.RolesRemoved), reports.Thousands(g.RolesActivated)))},
	}
}

func (s summary) flaggedNote() string {
	if s.period.analysis == nil {
		return "whether a rule flagged them is not known: no analyze run recorded"
	}
	return reports.Thousands(s.fig.SensitiveFlagged) + " flagged by a rule; by kind below"
}

func nonEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func ptr[T any](v T) *T { return &v }
