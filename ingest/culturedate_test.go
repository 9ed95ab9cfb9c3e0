package ingest

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// cultureCase is one file's date values and what a reader must make of them.
type cultureCase struct {
	name   string
	values []string
	order  dateOrder
	basis  dateBasis
	want   []string // each value in UTC (RFC 3339 with nanoseconds), "" for an empty value
	// evidence must appear in the decision's words (the line that decided, or the culture).
	evidence string
}

var cultureCases = []cultureCase{
	{name: "en-US 12-hour clock", values: []string{"3/2/2026 8:05:17 AM", "3/2/2026 9:41:03 PM", "", "12/2/2026 12:00:01 AM"},
		order: orderMonthFirst, basis: basisClock, evidence: "en-US",
		want: []string{"2026-03-02T08:05:17Z", "2026-03-02T21:41:03Z", "", "2026-12-02T00:00:01Z"}},
	{name: "en-US with a day above 12", values: []string{"3/2/2026 8:05:17 AM", "3/23/2026 11:15:00 AM"},
		order: orderMonthFirst, basis: basisFieldAbove12, evidence: "line 2",
		want: []string{"2026-03-02T08:05:17Z", "2026-03-23T11:15:00Z"}},
	{name: "en-GB 24-hour clock", values: []string{"02/03/2026 08:05:17", "02/03/2026 21:41:03"},
		order: orderDayFirst, basis: basisClock, evidence: "en-GB",
		want: []string{"2026-03-02T08:05:17Z", "2026-03-02T21:41:03Z"}},
	{name: "en-GB decided by its third value", values: []string{"02/03/2026 08:05:17", "01/03/2026 07:00:00", "23/03/2026 09:12:44"},
		order: orderDayFirst, basis: basisFieldAbove12, evidence: `"23/03/2026 09:12:44" (line 3)`,
		want: []string{"2026-03-02T08:05:17Z", "2026-03-01T07:00:00Z", "2026-03-23T09:12:44Z"}},
	{name: "de-DE", values: []string{"02.03.2026 08:05:17", "01.12.2025 23:59:59"},
		order: orderDayFirst, basis: basisSeparator, evidence: `'.'`,
		want: []string{"2026-03-02T08:05:17Z", "2025-12-01T23:59:59Z"}},
	{name: "nl-NL", values: []string{"2-3-2026 08:05:17", "11-3-2026 17:45:00"},
		order: orderDayFirst, basis: basisSeparator, evidence: `'-'`,
		want: []string{"2026-03-02T08:05:17Z", "2026-03-11T17:45:00Z"}},
	{name: "ISO 8601 with zones", values: []string{"2026-03-02T08:05:17Z", "2026-03-02T09:05:17.1234567+01:00"},
		order: orderYearFirst, basis: basisYearFirst,
		want: []string{"2026-03-02T08:05:17Z", "2026-03-02T08:05:17.1234567Z"}},
	{name: "ISO 8601 without a zone", values: []string{"2026-03-02 08:05:17", ""},
		order: orderYearFirst, basis: basisYearFirst, want: []string{"2026-03-02T08:05:17Z", ""}},
	{name: "ja-JP year first with '/'", values: []string{"2026/03/02 8:05:17"},
		order: orderYearFirst, basis: basisYearFirst, want: []string{"2026-03-02T08:05:17Z"}},
	{name: "Log Analytics export", values: []string{"4/28/2021, 2:08:45.221 PM", "4/28/2021, 2:08:46 PM"},
		order: orderMonthFirst, basis: basisFieldAbove12,
		want: []string{"2021-04-28T14:08:45.221Z", "2021-04-28T14:08:46Z"}},
	{name: "month first 24-hour clock with proof", values: []string{"03/02/2026 08:05:17", "03/23/2026 18:00:00"},
		order: orderMonthFirst, basis: basisFieldAbove12, evidence: "line 2",
		want: []string{"2026-03-02T08:05:17Z", "2026-03-23T18:00:00Z"}},
	// PowerShell's invariant culture writes this month first; without a field above 12 the
	// 24-hour clock's convention (en-GB) decides, and says so.
	{name: "24-hour clock and no field above 12", values: []string{"03/02/2026 08:05:17"},
		order: orderDayFirst, basis: basisClock, evidence: "24-hour clock",
		want: []string{"2026-02-03T08:05:17Z"}},
	{name: "date only, nothing decides", values: []string{"3/2/2026", "4/1/2026"},
		order: orderMonthFirst, basis: basisNone, evidence: "assumed",
		want: []string{"2026-03-02T00:00:00Z", "2026-04-01T00:00:00Z"}},
	{name: "date only with a day above 12", values: []string{"3/2/2026", "13/2/2026"},
		order: orderDayFirst, basis: basisFieldAbove12,
		want: []string{"2026-02-03T00:00:00Z", "2026-02-13T00:00:00Z"}},
	{name: "lower-case am/pm names no culture", values: []string{"2/03/2026 8:05:17 am"},
		order: orderMonthFirst, basis: basisNone,
		want: []string{"2026-02-03T08:05:17Z"}},
	{name: "en-AU with a day above 12", values: []string{"2/03/2026 8:05:17 am", "23/03/2026 9:12:44 pm"},
		order: orderDayFirst, basis: basisFieldAbove12,
		want: []string{"2026-03-02T08:05:17Z", "2026-03-23T21:12:44Z"}},
	{name: "minutes only", values: []string{"9/20/2023 4:05 AM", "9/20/2023 4:05:03 AM"},
		order: orderMonthFirst, basis: basisFieldAbove12,
		want: []string{"2023-09-20T04:05:00Z", "2023-09-20T04:05:03Z"}},
	{name: ".NET's DateTime.MinValue is no date", values: []string{"1/1/0001 12:00:00 AM", "3/2/2026 8:05:17 AM"},
		order: orderMonthFirst, basis: basisClock, want: []string{"", "2026-03-02T08:05:17Z"}},
	{name: "Out-String's trailing line break", values: []string{"3/2/2026 8:05:17 AM\r\n"},
		order: orderMonthFirst, basis: basisClock, want: []string{"2026-03-02T08:05:17Z"}},
}

func TestCultureDatesDecide(t *testing.T) {
	for _, c := range cultureCases {
		t.Run(c.name, func(t *testing.T) {
			d, err := decideCultureDates(c.values, nil)
			if err != nil {
				t.Fatalf("decide: %v", err)
			}
			if d.order != c.order || d.basis != c.basis {
				t.Errorf("decided %s by %s; want %s by %s (%s)", d.order, d.basis, c.order, c.basis, d)
			}
			if !strings.Contains(d.String(), c.evidence) {
				t.Errorf("decision %q does not name %q", d, c.evidence)
			}
			for i, v := range c.values {
				got, err := d.parse(v)
				if err != nil {
					t.Errorf("parse %q: %v", v, err)
					continue
				}
				if s := rfc3339(got); s != c.want[i] {
					t.Errorf("parse %q = %s; want %s", v, s, c.want[i])
				}
			}
		})
	}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func TestCultureDatesRefuse(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []string
		want   string
	}{
		{"day first and month first in one file", []string{"3/2/2026 8:05:17", "23/03/2026 09:12:44", "03/23/2026 09:12:44"},
			`line 3: date "03/23/2026 09:12:44" cannot be read one way: "23/03/2026 09:12:44" (line 2) has a day above 12 first`},
		{"two formats in one file", []string{"3/2/2026 8:05:17 AM", "02.03.2026 08:05:17"},
			`line 2: date "02.03.2026 08:05:17" is written f.f.yyyy HH:mm:ss, but "3/2/2026 8:05:17 AM" (line 1) is written f/f/yyyy h:mm:ss AM/PM`},
		{"AM/PM on some values only", []string{"3/2/2026 8:05:17 AM", "3/2/2026 20:05:17"}, "a file has one date format"},
		{"no date", []string{"yesterday"}, `line 1: date "yesterday" does not start with a number`},
		{"no month either way", []string{"13/13/2026 08:00:00"}, "has neither field 13 nor field 13 as a month"},
		{"two-digit year", []string{"3/2/26 8:05 AM"}, "no four-digit year"},
		{"13 PM", []string{"3/2/2026 13:05:17 PM"}, "has hour 13"},
		{"hour 24", []string{"02.03.2026 24:00:00"}, "has hour 24"},
		{"a word after the time", []string{"02.03.2026 08:05:17 Uhr"}, `has "Uhr" after its time, not AM or PM`},
		{"a zone on a culture date", []string{"3/2/2026 8:05:17Z"}, `has "Z" after its time`},
		{"a long number", []string{"1709287200000"}, "does not start with a number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decideCultureDates(c.values, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v; want an error containing %q", err, c.want)
			}
		})
	}
	if _, err := decideCultureDates([]string{"", " "}, nil); !errors.Is(err, errNoDates) {
		t.Errorf("a column of empty values: got %v; want errNoDates", err)
	}
}

func TestCultureDatesParseRefuses(t *testing.T) {
	d, err := decideCultureDates([]string{"31/01/2026 08:00:00"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ value, want string }{
		{"31/02/2026 08:00:00", "has no day 31 in month 2"},
		{"29/02/2026 08:00:00", "has no day 29 in month 2"},
		{"02.03.2026 08:00:00", "is written f.f.yyyy HH:mm:ss, not f/f/yyyy HH:mm:ss"},
	} {
		if _, err := d.parse(c.value); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parse %q: got %v; want an error containing %q", c.value, err, c.want)
		}
	}
	if got, err := d.parse("29/02/2028 08:00:00"); err != nil || rfc3339(got) != "2028-02-29T08:00:00Z" {
		t.Errorf("leap day: got %v, %v; want 2028-02-29T08:00:00Z", got, err)
	}
	// A month-first file refuses a value whose month would be above 12 (the evidence is
	// gathered from every value before any is read, so this only happens to a value that was
	// not among them).
	us, err := decideCultureDates([]string{"3/2/2026 8:05:17 AM"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := us.parse("23/2/2026 8:05:17 AM"); err == nil || !strings.Contains(err.Error(), "has no month 23 (the file's dates are month first)") {
		t.Errorf("got %v; want no month 23", err)
	}
}

// Wall-clock times are UTC unless the caller names the zone they were written in; a time the
// zone skipped or had twice is refused rather than guessed.
func TestCultureDatesZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	d, err := decideCultureDates([]string{"02.03.2026 08:05:17"}, berlin)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.String(), "times as Europe/Berlin") {
		t.Errorf("decision %q does not name the zone", d)
	}
	for _, c := range []struct{ value, want, err string }{
		{"02.03.2026 08:05:17", "2026-03-02T07:05:17Z", ""},
		{"02.07.2026 08:05:17", "2026-07-02T06:05:17Z", ""},
		{"29.03.2026 01:59:59", "2026-03-29T00:59:59Z", ""},
		{"29.03.2026 02:30:00", "", "is no time in Europe/Berlin (the clocks went forward)"},
		{"29.03.2026 03:00:00", "2026-03-29T01:00:00Z", ""},
		{"25.10.2026 02:30:00", "", "is two times in Europe/Berlin (the clocks went back)"},
		{"25.10.2026 03:00:00", "2026-10-25T02:00:00Z", ""},
	} {
		got, err := d.parse(c.value)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("parse %q: got %v, %v; want an error containing %q", c.value, got, err, c.err)
		case c.err == "" && (err != nil || rfc3339(got) != c.want):
			t.Errorf("parse %q: got %s, %v; want %s", c.value, rfc3339(got), err, c.want)
		}
	}
	iso, err := decideCultureDates([]string{"2026-03-02T08:05:17+05:30"}, berlin)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := iso.parse("2026-03-02T08:05:17+05:30"); err != nil || rfc3339(got) != "2026-03-02T02:35:17Z" {
		t.Errorf("a value with its own offset: got %s, %v; want 2026-03-02T02:35:17Z", rfc3339(got), err)
	}
}

// DuckDB, given the decision's formats, reads every value to the wall clock Go reads.
func TestCultureDatesStrptimeAgreesWithDuckDB(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range cultureCases {
		d, err := decideCultureDates(c.values, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		formats := d.strptime()
		if d.shape.zone {
			if formats != nil {
				t.Errorf("%s: zoned values got formats %q; want none (a cast reads them)", c.name, formats)
			}
			continue
		}
		for i, v := range c.values {
			if c.want[i] == "" {
				continue // empty, or no date at all
			}
			var got sql.NullInt64
			q := `SELECT epoch_ns(try_strptime(trim($1), $2::VARCHAR[]))`
			if err := db.QueryRow(q, v, formats).Scan(&got); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			want, _ := time.Parse(time.RFC3339Nano, c.want[i])
			if !got.Valid || got.Int64 != want.UnixNano() {
				t.Errorf("%s: DuckDB reads %q with %q as %v; want %s", c.name, v, formats, time.Unix(0, got.Int64).UTC(), c.want[i])
			}
		}
	}
}

// Any time written in any of the cultures reads back to itself, once the file holds a value
// that decides; and the decision never depends on the order of the values.
func TestCultureDatesRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2026))
	for _, cu := range testCultures {
		for trial := 0; trial < 200; trial++ {
			times := make([]time.Time, 1+r.IntN(6))
			for i := range times {
				times[i] = time.Unix(1_600_000_000+r.Int64N(400_000_000), 0).UTC()
			}
			// A deciding value: a day above 12 at a random place.
			times = append(times, time.Date(2026, 3, 23, 9, 12, 44, 0, time.UTC))
			r.Shuffle(len(times), func(i, j int) { times[i], times[j] = times[j], times[i] })
			values := make([]string, len(times))
			for i, tm := range times {
				values[i] = cu.write(tm)
			}
			d, err := decideCultureDates(values, nil)
			if err != nil {
				t.Fatalf("%s %q: %v", cu.name, values, err)
			}
			if d.order != cu.order {
				t.Fatalf("%s %q: decided %s; want %s", cu.name, values, d.order, cu.order)
			}
			for i, v := range values {
				got, err := d.parse(v)
				if err != nil || !got.Equal(times[i]) {
					t.Fatalf("%s: parse %q = %v, %v; want %v", cu.name, v, got, err, times[i])
				}
			}
		}
	}
}

// testCultures write a time as Export-Csv does in each culture (DateTime.ToString() with the
// culture's short date and long time patterns).
var testCultures = []struct {
	name  string
	order dateOrder
	write func(time.Time) string
}{
	{"en-US", orderMonthFirst, func(t time.Time) string { return t.Format("1/2/2006 3:04:05 PM") }},
	{"en-GB", orderDayFirst, func(t time.Time) string { return t.Format("02/01/2006 15:04:05") }},
	{"fr-FR", orderDayFirst, func(t time.Time) string { return t.Format("02/01/2006 15:04:05") }},
	{"de-DE", orderDayFirst, func(t time.Time) string { return t.Format("02.01.2006 15:04:05") }},
	{"nl-NL", orderDayFirst, func(t time.Time) string { return t.Format("2-1-2006 15:04:05") }},
	{"en-AU", orderDayFirst, func(t time.Time) string { return t.Format("2/01/2006 3:04:05 pm") }},
	{"ja-JP", orderYearFirst, func(t time.Time) string { return t.Format("2006/01/02 15:04:05") }},
	{"ISO", orderYearFirst, func(t time.Time) string { return t.Format("2006-01-02T15:04:05Z07:00") }},
	{"Log Analytics", orderMonthFirst, func(t time.Time) string { return t.Format("1/2/2006, 3:04:05.000 PM") }},
}

func FuzzCultureDates(f *testing.F) {
	for _, c := range cultureCases {
		f.Add(strings.Join(c.values, "\n"))
	}
	f.Add("23/03/2026 09:12:44\n03/23/2026 09:12:44")
	f.Add("2026-03-02T08:05:17.123456789-14:00")
	f.Fuzz(func(t *testing.T, data string) {
		values := strings.Split(data, "\n")
		d, err := decideCultureDates(values, nil)
		if err != nil {
			return
		}
		for _, v := range values {
			got, err := d.parse(v)
			if err != nil || got.IsZero() {
				continue
			}
			// What was read, written again the file's way, reads the same.
			again, err := d.parse(writeLike(d, got, v))
			if err != nil || !again.Equal(got) {
				t.Fatalf("%q read as %v; written back as %q it reads %v, %v", v, got, writeLike(d, got, v), again, err)
			}
		}
	})
}

// writeLike writes t in the decided shape of a file, as the value orig was written (seconds
// and fraction as it had them), in UTC.
func writeLike(d cultureDates, t time.Time, orig string) string {
	v, _ := readDateValue(strings.TrimSpace(orig))
	s := string(d.shape.sep)
	var date string
	switch d.order {
	case orderYearFirst:
		date = fmt.Sprintf("%04d%s%02d%s%02d", t.Year(), s, int(t.Month()), s, t.Day())
	case orderMonthFirst:
		date = fmt.Sprintf("%d%s%d%s%04d", int(t.Month()), s, t.Day(), s, t.Year())
	default:
		date = fmt.Sprintf("%d%s%d%s%04d", t.Day(), s, int(t.Month()), s, t.Year())
	}
	if !d.shape.hasTime {
		return date
	}
	if d.shape.comma {
		date += ","
	}
	date += string(d.shape.timeSep)
	h, half := t.Hour(), ""
	if d.shape.ampm {
		half = " AM"
		if h >= 12 {
			half = " PM"
		}
		if d.shape.lowerAMPM {
			half = strings.ToLower(half)
		}
		if h %= 12; h == 0 {
			h = 12
		}
	}
	date += fmt.Sprintf("%d:%02d", h, t.Minute())
	if v.seconds {
		date += fmt.Sprintf(":%02d", t.Second())
		if v.frac {
			date += fmt.Sprintf(".%09d", t.Nanosecond())
		}
	}
	date += half
	if d.shape.zone {
		date += "Z"
	}
	return date
}
