package compliance

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/entrarisk/entrarisk/reports"
)

// chartSeries is one column of the Chart data sheet: a title and its rows.
type chartSeries struct {
	col   string // the values' column; the categories are in the column before
	title string
	names []string
	vals  [][]int64 // one value per name, per series (more than one for clustered bars)
	heads []string  // the series' titles, when more than one
}

// writeCharts fills the Chart data sheet and puts four charts on the Summary: successful
// sign-ins by authentication, single-factor sign-ins by app, the prompts of the
// most-prompted users by outcome, and sensitive operations by kind.
func (s summary) writeCharts(ctx context.Context, conn *sql.Conn, f *excelize.File) error {
	g := s.fig
	apps, err := topSingleFactorApps(ctx, conn)
	if err != nil {
		return err
	}
	prompted, err := topPromptedUsers(ctx, conn)
	if err != nil {
		return err
	}
	var kindNames []string
	var changes, flagged []int64
	for _, k := range g.ByKind {
		kindNames = append(kindNames, k.Kind)
		changes = append(changes, k.Changes)
		flagged = append(flagged, k.Flagged)
	}
	data := []chartSeries{
		{col: "B", title: "Successful sign-ins", names: []string{"Multifactor", "Single factor", "Method not recorded"},
			vals: [][]int64{{g.SuccessesMFA, g.SuccessesSingle, g.SuccessesUnknown}}},
		{col: "E", title: "Single-factor sign-ins", names: apps.names, vals: [][]int64{apps.n}},
		{col: "H", title: "Most-prompted users", names: prompted.names, vals: prompted.n,
			heads: []string{"Approved", "Denied", "Not answered", "Reported as fraud"}},
		{col: "N", title: "Sensitive operations", names: kindNames, vals: [][]int64{changes, flagged}, heads: []string{"Changes", "Flagged by a rule"}},
	}
	cd := SheetChartData
	var werr error
	set := func(col string, row int, v any) {
		if werr != nil {
			return
		}
		cell := fmt.Sprintf("%s%d", col, row)
		if str, ok := v.(string); ok {
			werr = f.SetCellStr(cd, cell, reports.CellText(str))
			return
		}
		werr = f.SetCellValue(cd, cell, v)
	}
	for _, d := range data {
		if len(d.names) == 0 {
			d.names = []string{"none"}
			for k := range d.vals {
				d.vals[k] = []int64{0}
			}
		}
		heads := d.heads
		if len(heads) == 0 {
			heads = []string{d.title}
		}
		set(prevCol(d.col), 1, d.title)
		for i, name := range d.names {
			set(prevCol(d.col), i+2, name)
		}
		col := d.col
		for k, vs := range d.vals {
			set(col, 1, heads[k])
			for i, v := range vs {
				set(col, i+2, v)
			}
			col = nextCol(col)
		}
	}
	if werr != nil {
		return fmt.Errorf("chart data: %w", werr)
	}
	for _, c := range []string{"A", "D", "G", "M"} {
		if err := f.SetColWidth(cd, c, c, 36); err != nil {
			return err
		}
	}
	ref := func(col string, n int) string {
		return fmt.Sprintf("%s!$%s$2:$%s$%d", quoteSheet(cd), col, col, n+1)
	}
	rows := func(d chartSeries) int { return max(1, len(d.names)) }
	title := func(t string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864"}}}}
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	axis := excelize.Font{Color: "404040", Size: 9}
	gap := uint(60)
	dim := excelize.ChartDimension{Width: 620, Height: 300}
	n0, n1, n2, n3 := rows(data[0]), rows(data[1]), rows(data[2]), rows(data[3])
	charts := []struct {
		cell string
		c    excelize.Chart
	}{
		{"I4", excelize.Chart{Type: excelize.Doughnut, Title: title("Successful sign-ins by authentication"),
			Series: []excelize.ChartSeries{{Name: quoteSheet(cd) + "!$B$1", Categories: ref("A", n0), Values: ref("B", n0)}},
			Legend: excelize.ChartLegend{Position: "right"}, Dimension: dim, PlotArea: excelize.ChartPlotArea{ShowPercent: true}}},
		{"I21", excelize.Chart{Type: excelize.Bar, Title: title("Single-factor sign-ins by app (top 10)"),
			Series: []excelize.ChartSeries{{Name: quoteSheet(cd) + "!$E$1", Categories: ref("D", n1), Values: ref("E", n1), Fill: fill("C00000")}},
			Legend: excelize.ChartLegend{Position: "none"}, Dimension: dim, XAxis: excelize.ChartAxis{ReverseOrder: true, Font: axis},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axis}, PlotArea: excelize.ChartPlotArea{ShowVal: true}, GapWidth: &gap}},
		{"I38", excelize.Chart{Type: excelize.BarStacked, Title: title("MFA prompts of the most-prompted users (top 10)"),
			Series: []excelize.ChartSeries{
				{Name: quoteSheet(cd) + "!$H$1", Categories: ref("G", n2), Values: ref("H", n2), Fill: fill("5B9BD5")},
				{Name: quoteSheet(cd) + "!$I$1", Categories: ref("G", n2), Values: ref("I", n2), Fill: fill("ED7D31")},
				{Name: quoteSheet(cd) + "!$J$1", Categories: ref("G", n2), Values: ref("J", n2), Fill: fill("FFC000")},
				{Name: quoteSheet(cd) + "!$K$1", Categories: ref("G", n2), Values: ref("K", n2), Fill: fill("C00000")}},
			Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: dim, XAxis: excelize.ChartAxis{ReverseOrder: true, Font: axis},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axis}, GapWidth: &gap}},
		{"I55", excelize.Chart{Type: excelize.Bar, Title: title("Sensitive operations by kind"),
			Series: []excelize.ChartSeries{
				{Name: quoteSheet(cd) + "!$N$1", Categories: ref("M", n3), Values: ref("N", n3), Fill: fill("5B9BD5")},
				{Name: quoteSheet(cd) + "!$O$1", Categories: ref("M", n3), Values: ref("O", n3), Fill: fill("ED7D31")}},
			Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: dim, XAxis: excelize.ChartAxis{ReverseOrder: true, Font: axis},
			YAxis: excelize.ChartAxis{MajorGridLines: true, Font: axis}, PlotArea: excelize.ChartPlotArea{ShowVal: true}, GapWidth: &gap}},
	}
	for _, c := range charts {
		c := c
		if err := f.AddChart(SheetSummary, c.cell, &c.c); err != nil {
			return fmt.Errorf("summary chart: %w", err)
		}
	}
	return reports.PageSetup(f, cd, "", "Chart data")
}

// appCounts are the apps reached most often with a single factor.
type appCounts struct {
	names []string
	n     []int64
}

func topSingleFactorApps(ctx context.Context, conn *sql.Conn) (appCounts, error) {
	var out appCounts
	rows, err := conn.QueryContext(ctx, `SELECT name, single_factor FROM (`+query("mfa_by_app")+`)
		WHERE dimension = 'application' AND single_factor > 0
		ORDER BY single_factor DESC, successful_sign_ins DESC, name LIMIT 10`)
	if err != nil {
		return out, fmt.Errorf("single-factor apps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return out, fmt.Errorf("single-factor apps: %w", err)
		}
		out.names = append(out.names, name)
		out.n = append(out.n, n)
	}
	return out, rows.Err()
}

func quoteSheet(name string) string { return "'" + name + "'" }

func prevCol(c string) string { return string(rune(c[0] - 1)) }
func nextCol(c string) string { return string(rune(c[0] + 1)) }

// promptCounts are the most-prompted users and their prompts by outcome: approved, denied,
// not answered, reported as fraud.
type promptCounts struct {
	names []string
	n     [][]int64
}

func topPromptedUsers(ctx context.Context, conn *sql.Conn) (promptCounts, error) {
	out := promptCounts{n: make([][]int64, 4)}
	rows, err := conn.QueryContext(ctx, `SELECT user_principal_name, approved, denied, no_response, fraud_reported
		FROM (`+query("mfa_prompts")+`)
		ORDER BY prompts DESC, fraud_reported DESC, denied DESC, user_principal_name LIMIT 10`)
	if err != nil {
		return out, fmt.Errorf("most-prompted users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var v [4]int64
		if err := rows.Scan(&name, &v[0], &v[1], &v[2], &v[3]); err != nil {
			return out, fmt.Errorf("most-prompted users: %w", err)
		}
		out.names = append(out.names, name)
		for i := range v {
			out.n[i] = append(out.n[i], v[i])
		}
	}
	return out, rows.Err()
}
