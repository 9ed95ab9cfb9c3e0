package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// planFlaggedRows gives each flagged user their row on the Flagged users sheet before any
// sheet is written, so that other sheets can link to it.
func (r *run) planFlaggedRows() {
	header := 1
	if int64(len(r.flagged)) > int64(r.limit-1) {
		header = 2
	}
	for i, u := range r.flagged {
		row := header + 1 + i
		if row > r.limit {
			break
		}
		u.sheetRow = row
	}
}

// writeFlagged writes flagged_users.csv and the Flagged users sheet: one row per user with
// an open finding, highest risk first.
func (r *run) writeFlagged() error {
	return r.create(FileFlaggedUsers, func(out io.Writer) (int64, error) {
		cw := newCSVWriter(out, r.opts.ExcelCSV)
		cw.header([]string{"user_principal_name", "risk_level", "risk_state", "risk_score", "detections", "first_seen",
			"last_seen", "recommended_actions", "rule_ids", "reasons"})
		zone := " (" + zoneName(r.loc) + ")"
		cols := []colSpec{{"User", 30}, {"Risk level", 10}, {"Risk state", 20}, {"Score", 7}, {"Open detections", 10},
			{"First seen" + zone, 19}, {"Last seen" + zone, 19}, {"Rules", 26}, {"Recommended actions", 50},
			{"Checklist", 10}, {"Timeline", 9}, {"Why flagged", 44}, {"Changed by", 22}, {"Last analyst decision", 36}}
		sw, err := newSheetWriter(r.f, r.st, sheetSpec{name: SheetFlaggedUsers, cols: cols, total: int64(len(r.flagged)),
			keeps: "highest-risk", where: FileFlaggedUsers + " holds them all.", maxLinks: maxSheetLinks}, r.limit)
		if err != nil {
			return 0, err
		}
		for i, u := range r.flagged {
			if i%4096 == 0 {
				if err := r.ctx.Err(); err != nil {
					return 0, err
				}
			}
			actions := recommendedActions(u.steps)
			rules := strings.Join(u.rules, ",")
			// CSV
			cw.text(u.upn)
			cw.sep(1)
			cw.text(u.level)
			cw.sep(1)
			cw.text(u.state)
			cw.sep(1)
			cw.int(u.score)
			cw.sep(1)
			cw.int(u.detections)
			cw.sep(1)
			if u.first.Valid {
				cw.time(u.first.Time, r.loc)
			}
			cw.sep(1)
			if u.last.Valid {
				cw.time(u.last.Time, r.loc)
			}
			cw.sep(1)
			cw.text(actions)
			cw.sep(1)
			cw.text(rules)
			cw.sep(1)
			cw.text(u.reasons)
			cw.end(true)
			// Sheet
			if sw.full() {
				sw.dropped++
				continue
			}
			stateStyle := r.st.text
			if u.state == "confirmedCompromised" {
				stateStyle = r.st.levelStyle("compromised")
			}
			timeCell := func(ok bool, v float64) any {
				if !ok {
					return nil
				}
				return excelize.Cell{StyleID: r.st.date, Value: v}
			}
			detStyle := r.st.num
			if r.detRow[strings.ToLower(u.upn)] > 0 {
				detStyle = r.st.linkNum
			}
			var checklist, timeline any
			if u.remRow > 0 {
				checklist = excelize.Cell{StyleID: r.st.link, Value: fmt.Sprintf("%d steps", len(u.steps))}
			}
			if u.tlRow > 0 {
				timeline = excelize.Cell{StyleID: r.st.link, Value: "View"}
			}
			h := rowHeight(8, wrapped{actions, 50}, wrapped{u.reasons, 44}, wrapped{strings.ReplaceAll(rules, ",", ", "), 26}, wrapped{u.triage, 36})
			row, err := sw.add([]any{
				excelize.Cell{StyleID: r.st.bold, Value: cellText(u.upn)},
				excelize.Cell{StyleID: r.st.levelStyle(u.level), Value: cellText(u.level)},
				excelize.Cell{StyleID: stateStyle, Value: cellText(u.state)},
				excelize.Cell{StyleID: r.st.num, Value: u.score},
				excelize.Cell{StyleID: detStyle, Value: u.detections},
				timeCell(u.first.Valid, excelTime(u.first.Time, r.loc)),
				timeCell(u.last.Valid, excelTime(u.last.Time, r.loc)),
				excelize.Cell{StyleID: r.st.wrap, Value: strings.ReplaceAll(rules, ",", ", ")},
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(actions)},
				checklist, timeline,
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(u.reasons)},
				excelize.Cell{StyleID: r.st.text, Value: cellText(u.changedBy)},
				excelize.Cell{StyleID: r.st.wrap, Value: cellText(u.triage)},
			}, excelize.RowOpts{Height: h})
			if err != nil {
				return 0, err
			}
			if d := r.detRow[strings.ToLower(u.upn)]; d > 0 {
				if err := sw.link(5, row, location(SheetDetections, 1, d), "Detections: this user's newest (filter the User column for all)"); err != nil {
					return 0, err
				}
			}
			if u.remRow > 0 {
				if err := sw.link(10, row, location(SheetRemediation, 1, u.remRow), "Remediation: this user's checklist"); err != nil {
					return 0, err
				}
			}
			if u.tlRow > 0 {
				if err := sw.link(11, row, location(SheetTimeline, 1, u.tlRow), "Timeline: this user's events"); err != nil {
					return 0, err
				}
			}
		}
		if sw.dropped > 0 {
			r.res.Truncated = append(r.res.Truncated, SheetFlaggedUsers)
		}
		r.sheetRows += int64(sw.row - sw.headerRow)
		if err := sw.close(FileFlaggedUsers); err != nil {
			return 0, err
		}
		return int64(len(r.flagged)), cw.flush()
	})
}
