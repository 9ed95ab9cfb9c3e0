package reports

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"
)

// summaryWidths are the widths of the Summary's table columns (A to G); charts sit from I.
var summaryWidths = [...]float64{36, 22, 11, 12, 11, 11, 34}

// severityRank orders severities and risk levels, highest first.
func severityRank(s string) int {
	switch s {
	case "high":
		return 0
	case "medium":
		return 1
	case "low":
		return 2
	}
	return 3
}

// summaryWriter writes cells on the Summary sheet (not streamed: it is small, and it holds
// the charts).
type summaryWriter struct {
	r   *run
	f   *excelize.File
	row int
	err error
}

func (s *summaryWriter) set(col int, v any, style int) {
	if s.err != nil {
		return
	}
	cell := cellName(col, s.row)
	if str, ok := v.(string); ok {
		v = cellText(str)
		// SetCellStr stores text as text whatever it looks like.
		s.err = s.f.SetCellStr(SheetSummary, cell, v.(string))
	} else if v != nil {
		s.err = s.f.SetCellValue(SheetSummary, cell, v)
	}
	if s.err == nil && style != 0 {
		s.err = s.f.SetCellStyle(SheetSummary, cell, cell, style)
	}
}

func (s *summaryWriter) section(title string) {
	s.row += 2
	for c := 1; c <= len(summaryWidths); c++ {
		s.set(c, nil, s.r.st.section)
	}
	s.set(1, title, s.r.st.section)
	s.row++
}

// header writes a table's header row; the columns in num (1-based) hold numbers and have
// their titles right-aligned over them.
func (s *summaryWriter) header(num []int, titles ...string) {
	for i, t := range titles {
		style := s.r.st.header
		for _, n := range num {
			if n == i+1 {
				style = s.r.st.headerNum
			}
		}
		s.set(i+1, t, style)
	}
	s.row++
}

func (s *summaryWriter) label(label, value string) {
	s.set(1, label, s.r.st.label)
	s.set(2, value, s.r.st.value)
	if s.err == nil {
		s.err = s.f.MergeCell(SheetSummary, cellName(2, s.row), cellName(len(summaryWidths), s.row))
	}
	s.row++
}

// writeSummary writes the Summary sheet and the chart data behind its charts.
func (r *run) writeSummary() error {
	f := r.f
	s := &summaryWriter{r: r, f: f, row: 1}
	for i, w := range summaryWidths {
		if err := f.SetColWidth(SheetSummary, cellName(i+1, 1)[:1], cellName(i+1, 1)[:1], w); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(SheetSummary, "H", "H", 3); err != nil {
		return err
	}
	if err := f.SetSheetView(SheetSummary, 0, &excelize.ViewOptions{ShowGridLines: ptr(false)}); err != nil {
		return err
	}
	s.set(1, "Entra ID sign-in risk report", r.st.title)
	if s.err == nil {
		s.err = f.SetRowHeight(SheetSummary, 1, 30)
	}
	s.row++
	s.set(1, nonEmpty(r.tenant, "tenant unknown"), r.st.subtitle)
	s.row += 2

	// Scope.
	s.label("Tenant", nonEmpty(r.tenant, "unknown (no member sign-ins in the store)"))
	s.label("Period", r.periodText())
	s.label("Times shown in", zoneName(r.loc))
	loaded, rejected, rows := 0, 0, int64(0)
	for _, in := range r.inputs {
		switch in.Status {
		case "loaded":
			loaded++
		case "rejected":
			rejected++
		}
		rows += in.Rows
	}
	inputs := fmt.Sprintf("%s input files (%s loaded, %s rejected, %s rows added); see the Inputs sheet",
		thousands(int64(len(r.inputs))), thousands(int64(loaded)), thousands(int64(rejected)), thousands(rows))
	if len(r.inputs) == 0 {
		inputs = "no input files recorded"
	}
	s.label("Inputs", inputs)
	if r.analysis != nil {
		fin, _ := time.Parse(time.RFC3339Nano, r.analysis.FinishedAt)
		s.label("Analysis", fmt.Sprintf("%d rules, finished %s (run %s)", len(r.analysis.Rules), r.when(fin), r.analysis.RunID))
	} else {
		s.label("Analysis", "no analyze run recorded")
	}
	s.label("Generated", fmt.Sprintf("%s by entrarisk %s", r.when(r.started), nonEmpty(r.opts.Version, "(development build)")))

	// Key figures.
	var openDet, users int64
	if err := r.db.QueryRowContext(r.ctx, `SELECT count(*) FROM detections
		WHERE state IN ('atRisk', 'confirmedCompromised') AND last_seen >= $1 AND first_seen < $2`, r.lo, r.hi).Scan(&openDet); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	levels := map[string]int64{}
	var compromised int64
	for _, u := range r.flagged {
		levels[u.level]++
		if u.state == "confirmedCompromised" {
			compromised++
		}
	}
	users = r.data.users
	pct := func(n, of int64) any {
		if of == 0 {
			return nil
		}
		return float64(n) / float64(of)
	}
	s.section("Key figures")
	s.header([]int{2, 3}, "Measure", "Count", "Share")
	figures := []struct {
		label string
		n     int64
		share any
	}{
		{"Sign-ins", r.data.signins, nil},
		{"Failed sign-ins", r.data.failures, pct(r.data.failures, r.data.signins)},
		{"Users who signed in", users, nil},
		{"Risky sign-ins", r.res.RiskySignins, pct(r.res.RiskySignins, r.data.signins)},
		{"Detections", r.res.Detections, nil},
		{"Open detections", openDet, pct(openDet, r.res.Detections)},
		{"Directory and mailbox changes flagged", r.res.AuditFindings, nil},
		{"Flagged users", int64(len(r.flagged)), pct(int64(len(r.flagged)), users)},
		{"Flagged workload identities", int64(len(r.flaggedSPs)), nil},
		{"Confirmed compromised", compromised, nil},
	}
	for _, k := range figures {
		s.set(1, k.label, r.st.text)
		s.set(2, k.n, r.st.num)
		s.set(3, k.share, r.st.pct)
		s.row++
	}

	// Users by risk level.
	s.section("Users by risk level")
	s.header([]int{2}, "Risk level", "Users")
	none := users - int64(len(r.flagged))
	if none < 0 {
		none = 0
	}
	for _, l := range []struct {
		name, style string
		n           int64
	}{{"High", "high", levels["high"]}, {"Medium", "medium", levels["medium"]}, {"Low", "low", levels["low"]},
		{"No risk (signed in, nothing found)", "none", none}, {"Of these: confirmed compromised", "compromised", compromised}} {
		s.set(1, l.name, r.st.levelStyle(l.style))
		s.set(2, l.n, r.st.num)
		s.row++
	}

	// Detections by rule and severity.
	byRule, err := r.detectionsByRule()
	if err != nil {
		return err
	}
	s.section("Detections by rule and severity")
	s.header([]int{4, 5, 6}, "Rule", "Rule id", "Severity", "Detections", "Open", "Users", "  ATT&CK")
	if len(byRule) == 0 {
		s.set(1, "No detections in the period.", r.st.muted)
		s.row++
	}
	for _, d := range byRule {
		s.set(1, r.ruleTitle(d.rule, d.title), r.st.text)
		s.set(2, d.rule, r.st.text)
		s.set(3, d.severity, r.st.levelStyle(d.severity))
		s.set(4, d.count, r.st.num)
		s.set(5, d.open, r.st.num)
		s.set(6, d.users, r.st.num)
		s.set(7, nonEmpty(r.opts.RuleInfo[d.rule].Technique, d.technique), r.st.textIndent)
		s.row++
	}

	// Top users.
	s.section("Top users (highest risk first)")
	s.header([]int{3, 4, 5, 6}, "User", "Risk level", "Score", "Detections", "Risky", "Steps", "  Risk state")
	if len(r.flagged) == 0 {
		s.set(1, "No user has an open finding.", r.st.muted)
		s.row++
	}
	for i, u := range r.flagged {
		if i == 10 {
			break
		}
		s.set(1, u.upn, r.st.link)
		if s.err == nil && u.sheetRow > 0 {
			s.err = f.SetCellHyperLink(SheetSummary, cellName(1, s.row), location(SheetFlaggedUsers, 1, u.sheetRow), "Location")
		}
		s.set(2, u.level, r.st.levelStyle(u.level))
		s.set(3, u.score, r.st.num)
		s.set(4, u.detections, r.st.num)
		s.set(5, u.riskyTotal, r.st.num)
		s.set(6, len(u.steps), r.st.num)
		stateStyle := r.st.textIndent
		if u.state == "confirmedCompromised" {
			stateStyle = r.st.levelStyle("compromised")
		}
		s.set(7, u.state, stateStyle)
		s.row++
	}

	// Top source IPs.
	s.section("Top source IPs of risky sign-ins")
	s.header([]int{3, 4, 5}, "IP address", "Countries", "Risky", "Failed", "Users", "", "  Rules")
	ips, err := r.topIPs()
	if err != nil {
		return err
	}
	if len(ips) == 0 {
		s.set(1, "No risky sign-ins in the period.", r.st.muted)
		s.row++
	}
	for _, ip := range ips {
		s.set(1, ip.ip, r.st.text)
		s.set(2, ip.countries, r.st.text)
		s.set(3, ip.n, r.st.num)
		s.set(4, ip.failed, r.st.num)
		s.set(5, ip.users, r.st.num)
		s.set(7, ip.rules, r.st.textIndent)
		s.row++
	}
	s.row++
	s.set(1, "Log text (user names, user agents, rule names) is shown as text: no cell of this workbook is a formula made from log data.", r.st.muted)
	if s.err != nil {
		return fmt.Errorf("summary: %w", s.err)
	}
	if err := r.writeCharts(byRule); err != nil {
		return err
	}
	if err := pageSetup(f, SheetSummary, "", "Summary"); err != nil {
		return err
	}
	return f.SetSheetProps(SheetSummary, &excelize.SheetPropsOptions{FitToPage: ptr(true), TabColorRGB: ptr(colHeaderFill)})
}

// periodText says what the report covers.
func (r *run) periodText() string {
	span := func() string {
		if !r.data.first.Valid {
			return "no sign-ins"
		}
		return fmt.Sprintf("sign-ins from %s to %s", r.when(r.data.first.Time), r.when(r.data.last.Time))
	}
	switch {
	case r.opts.Since.IsZero() && r.opts.Until.IsZero():
		return "everything in the store (" + span() + ")"
	case r.opts.Since.IsZero():
		return fmt.Sprintf("up to %s (%s)", r.when(r.opts.Until), span())
	case r.opts.Until.IsZero():
		return fmt.Sprintf("from %s (%s)", r.when(r.opts.Since), span())
	}
	return fmt.Sprintf("%s to %s (%s)", r.when(r.opts.Since), r.when(r.opts.Until), span())
}

type ruleCount struct {
	rule, title, severity, technique string
	count, open, users               int64
}

func (r *run) detectionsByRule() ([]ruleCount, error) {
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT rule_id, min(rule_name), severity, coalesce(min(technique), ''), count(*),
			count(*) FILTER (WHERE state IN ('atRisk', 'confirmedCompromised')), count(DISTINCT user_principal_name)
		FROM detections
		WHERE last_seen >= $1 AND first_seen < $2
		GROUP BY rule_id, severity
		ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, count(*) DESC, rule_id`, r.lo, r.hi)
	if err != nil {
		return nil, fmt.Errorf("detections by rule: %w", err)
	}
	defer rows.Close()
	var out []ruleCount
	for rows.Next() {
		var c ruleCount
		if err := rows.Scan(&c.rule, &c.title, &c.severity, &c.technique, &c.count, &c.open, &c.users); err != nil {
			return nil, fmt.Errorf("detections by rule: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

type ipCount struct {
	ip, countries, rules string
	n, failed, users     int64
}

func (r *run) topIPs() ([]ipCount, error) {
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT ip_address, coalesce(array_to_string(list_sort(list_distinct(list(country))), ', '), ''), count(*),
			count(*) FILTER (WHERE status <> 'success'), count(DISTINCT user_principal_name),
			array_to_string(list_sort(list_distinct(flatten(list(string_split(rule_ids, ','))))), ', ')
		FROM risky_signins
		WHERE created_at >= $1 AND created_at < $2 AND ip_address IS NOT NULL
		GROUP BY ip_address
		ORDER BY count(*) DESC, ip_address
		LIMIT 10`, r.lo, r.hi)
	if err != nil {
		return nil, fmt.Errorf("top source IPs: %w", err)
	}
	defer rows.Close()
	var out []ipCount
	for rows.Next() {
		var c ipCount
		if err := rows.Scan(&c.ip, &c.countries, &c.n, &c.failed, &c.users, &c.rules); err != nil {
			return nil, fmt.Errorf("top source IPs: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// writeCharts fills the Chart data sheet and puts three charts on the Summary:
// detections per day by severity, risky sign-ins by country, and detections by rule.
func (r *run) writeCharts(byRule []ruleCount) error {
	f := r.f
	// Detections per day and severity, counted in the display zone's days.
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT time_bucket(INTERVAL 15 MINUTE, first_seen) AS b, severity, count(*)
		FROM detections
		WHERE last_seen >= $1 AND first_seen < $2
		GROUP BY ALL
		ORDER BY 1, 2`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("detections per day: %w", err)
	}
	perDay := map[string]*[3]int64{}
	var first, last time.Time
	for rows.Next() {
		var b time.Time
		var sev string
		var n int64
		if err := rows.Scan(&b, &sev, &n); err != nil {
			rows.Close()
			return fmt.Errorf("detections per day: %w", err)
		}
		lt := b.In(r.loc)
		day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, time.UTC)
		if first.IsZero() || day.Before(first) {
			first = day
		}
		if day.After(last) {
			last = day
		}
		k := day.Format(time.DateOnly)
		if perDay[k] == nil {
			perDay[k] = &[3]int64{}
		}
		if i := severityRank(sev); i < 3 {
			perDay[k][i] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("detections per day: %w", err)
	}
	cd := SheetChartData
	set := func(cell string, v any) {
		if err == nil {
			err = f.SetCellValue(cd, cell, v)
		}
	}
	setStr := func(cell, v string) {
		if err == nil {
			err = f.SetCellStr(cd, cell, cellText(v))
		}
	}
	setStr("A1", "Day")
	setStr("B1", "High")
	setStr("C1", "Medium")
	setStr("D1", "Low")
	days := 0
	if first.IsZero() {
		setStr("A2", "no detections")
		set("B2", 0)
		set("C2", 0)
		set("D2", 0)
		days = 1
	}
	for d := first; !first.IsZero() && !d.After(last); d = d.AddDate(0, 0, 1) {
		days++
		row := days + 1
		c := perDay[d.Format(time.DateOnly)]
		if c == nil {
			c = &[3]int64{}
		}
		set(cellName(1, row), excelTime(d, time.UTC))
		set(cellName(2, row), c[0])
		set(cellName(3, row), c[1])
		set(cellName(4, row), c[2])
	}
	if err == nil && !first.IsZero() {
		dayStyle, serr := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
		if serr != nil {
			return serr
		}
		err = f.SetCellStyle(cd, "A2", cellName(1, days+1), dayStyle)
	}

	// Risky sign-ins by country (top 10).
	crow, err2 := r.db.QueryContext(r.ctx, `
		SELECT coalesce(nullif(country, ''), 'unknown') AS c, count(*)
		FROM risky_signins
		WHERE created_at >= $1 AND created_at < $2
		GROUP BY c
		ORDER BY count(*) DESC, c
		LIMIT 10`, r.lo, r.hi)
	if err2 != nil {
		return fmt.Errorf("risky sign-ins by country: %w", err2)
	}
	setStr("F1", "Country")
	setStr("G1", "Risky sign-ins")
	countries := 0
	for crow.Next() {
		var c string
		var n int64
		if err := crow.Scan(&c, &n); err != nil {
			crow.Close()
			return fmt.Errorf("risky sign-ins by country: %w", err)
		}
		countries++
		setStr(cellName(6, countries+1), c)
		set(cellName(7, countries+1), n)
	}
	crow.Close()
	if err := crow.Err(); err != nil {
		return fmt.Errorf("risky sign-ins by country: %w", err)
	}
	if countries == 0 {
		setStr("F2", "none")
		set("G2", 0)
		countries = 1
	}

	// Detections by rule (top 10).
	perRule := map[string]int64{}
	for _, d := range byRule {
		perRule[d.rule] += d.count
	}
	ruleIDs := slices.Sorted(maps.Keys(perRule))
	sort.SliceStable(ruleIDs, func(i, j int) bool { return perRule[ruleIDs[i]] > perRule[ruleIDs[j]] })
	if len(ruleIDs) > 10 {
		ruleIDs = ruleIDs[:10]
	}
	setStr("I1", "Rule")
	setStr("J1", "Detections")
	for i, id := range ruleIDs {
		setStr(cellName(9, i+2), id)
		set(cellName(10, i+2), perRule[id])
	}
	nRules := len(ruleIDs)
	if nRules == 0 {
		setStr("I2", "none")
		set("J2", 0)
		nRules = 1
	}
	if err != nil {
		return fmt.Errorf("chart data: %w", err)
	}
	for _, c := range []string{"A", "F", "I"} {
		if err := f.SetColWidth(cd, c, c, 16); err != nil {
			return err
		}
	}

	ref := func(col string, from, to int) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(cd), col, from, col, to)
	}
	var series []excelize.ChartSeries
	for i, fill := range []string{"C00000", "ED7D31", "5B9BD5"} { // high, medium, low
		col := string(rune('B' + i))
		series = append(series, excelize.ChartSeries{
			Name: fmt.Sprintf("%s!$%s$1", quoteSheet(cd), col), Categories: ref("A", 2, days+1), Values: ref(col, 2, days+1),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
		})
	}
	title := func(t string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Bold: true, Size: 12, Color: colTitle}}}}
	}
	gap := uint(60)
	axisFont := excelize.Font{Color: "404040", Size: 9}
	charts := []struct {
		cell string
		c    excelize.Chart
	}{
		{"I4", excelize.Chart{Type: excelize.ColStacked, Series: series, Title: title("Detections per day by severity"),
			Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: excelize.ChartDimension{Width: 620, Height: 300},
			XAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "mm-dd"}, Font: axisFont}, YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
			GapWidth: &gap}},
		{"I21", excelize.Chart{Type: excelize.Bar, Series: []excelize.ChartSeries{{
			Name: fmt.Sprintf("%s!$G$1", quoteSheet(cd)), Categories: ref("F", 2, countries+1), Values: ref("G", 2, countries+1),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colHeaderFill}}}},
			Title: title("Risky sign-ins by country (top 10)"), Legend: excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 620, Height: 300}, XAxis: excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont}, PlotArea: excelize.ChartPlotArea{ShowVal: true}, GapWidth: &gap}},
		{"I38", excelize.Chart{Type: excelize.Bar, Series: []excelize.ChartSeries{{
			Name: fmt.Sprintf("%s!$J$1", quoteSheet(cd)), Categories: ref("I", 2, nRules+1), Values: ref("J", 2, nRules+1),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"ED7D31"}}}},
			Title: title("Detections by rule (top 10)"), Legend: excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 620, Height: 300}, XAxis: excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axisFont}, PlotArea: excelize.ChartPlotArea{ShowVal: true}, GapWidth: &gap}},
	}
	for _, c := range charts {
		c := c
		if err := f.AddChart(SheetSummary, c.cell, &c.c); err != nil {
			return fmt.Errorf("summary chart: %w", err)
		}
	}
	return pageSetup(f, cd, "", "Chart data")
}

// writeInputs writes the Inputs sheet: every file the report rests on, with its sha256.
func (r *run) writeInputs() error {
	cols := []colSpec{{"Path", 60}, {"Format", 24}, {"Status", 14}, {"Rows added", 12}, {"Size (bytes)", 14}, {"SHA-256", 66}, {"Reason", 60}}
	sw, err := newSheetWriter(r.f, r.st, sheetSpec{name: SheetInputs, cols: cols, total: int64(len(r.inputs)), keeps: "first",
		where: FileManifest + " lists them all."}, r.limit)
	if err != nil {
		return err
	}
	for _, in := range r.inputs {
		if sw.full() {
			break
		}
		statusStyle := r.st.text
		if in.Status == "rejected" {
			statusStyle = r.st.levelStyle("high")
		}
		if _, err := sw.add([]any{
			excelize.Cell{StyleID: r.st.text, Value: cellText(in.Path)},
			excelize.Cell{StyleID: r.st.text, Value: cellText(in.Format)},
			excelize.Cell{StyleID: statusStyle, Value: cellText(in.Status)},
			excelize.Cell{StyleID: r.st.num, Value: in.Rows},
			excelize.Cell{StyleID: r.st.num, Value: in.Size},
			excelize.Cell{StyleID: r.st.text, Value: cellText(in.SHA256)},
			excelize.Cell{StyleID: r.st.text, Value: cellText(in.Reason)},
		}); err != nil {
			return err
		}
	}
	r.sheetRows += int64(sw.row - sw.headerRow)
	return sw.close("Inputs")
}

// writeRules writes the Rules sheet: every rule known, what it found in the period, and
// whether the last analyze run ran it.
func (r *run) writeRules() error {
	counts := map[string]ruleCount{}
	rows, err := r.db.QueryContext(r.ctx, `
		SELECT rule_id, min(rule_name), coalesce(min(technique), ''),
			CASE min(CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END)
				WHEN 0 THEN 'high' WHEN 1 THEN 'medium' WHEN 2 THEN 'low' ELSE 'none' END,
			count(*), count(*) FILTER (WHERE state IN ('atRisk', 'confirmedCompromised')), count(DISTINCT user_principal_name)
		FROM detections
		WHERE last_seen >= $1 AND first_seen < $2
		GROUP BY rule_id
		ORDER BY rule_id`, r.lo, r.hi)
	if err != nil {
		return fmt.Errorf("rules: %w", err)
	}
	for rows.Next() {
		var c ruleCount
		var title sql.NullString
		if err := rows.Scan(&c.rule, &title, &c.technique, &c.severity, &c.count, &c.open, &c.users); err != nil {
			rows.Close()
			return fmt.Errorf("rules: %w", err)
		}
		c.title = title.String
		counts[c.rule] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rules: %w", err)
	}
	ran := map[string]bool{}
	ids := map[string]bool{}
	if r.analysis != nil {
		for _, id := range r.analysis.Rules {
			ran[id], ids[id] = true, true
		}
	}
	for id := range r.opts.RuleInfo {
		ids[id] = true
	}
	for id := range counts {
		ids[id] = true
	}
	cols := []colSpec{{"Rule id", 28}, {"Title", 40}, {"Severity", 10}, {"ATT&CK", 11}, {"Ran", 6}, {"Detections", 11},
		{"Open", 8}, {"Users", 8}, {"Recommended action", 70}}
	sw, err := newSheetWriter(r.f, r.st, sheetSpec{name: SheetRules, cols: cols, total: int64(len(ids)), keeps: "first", where: ""}, r.limit)
	if err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		ri, c := r.opts.RuleInfo[id], counts[id]
		sev := nonEmpty(ri.Severity, c.severity)
		yes := "no"
		if ran[id] {
			yes = "yes"
		}
		rem := r.ruleRemediation(id)
		if _, err := sw.add([]any{
			excelize.Cell{StyleID: r.st.text, Value: cellText(id)},
			excelize.Cell{StyleID: r.st.text, Value: cellText(r.ruleTitle(id, c.title))},
			excelize.Cell{StyleID: r.st.levelStyle(sev), Value: cellText(sev)},
			excelize.Cell{StyleID: r.st.text, Value: cellText(nonEmpty(ri.Technique, c.technique))},
			excelize.Cell{StyleID: r.st.text, Value: yes},
			excelize.Cell{StyleID: r.st.num, Value: c.count},
			excelize.Cell{StyleID: r.st.num, Value: c.open},
			excelize.Cell{StyleID: r.st.num, Value: c.users},
			excelize.Cell{StyleID: r.st.wrap, Value: cellText(rem)},
		}, excelize.RowOpts{Height: rowHeight(4, wrapped{rem, 70})}); err != nil {
			return err
		}
	}
	r.sheetRows += int64(sw.row - sw.headerRow)
	return sw.close("Rules")
}
