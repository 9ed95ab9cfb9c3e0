package ingest

// Culture-formatted dates (issue 13).
//
// PowerShell's Export-Csv writes a DateTime with the collecting machine's culture:
//
//	en-US  3/2/2026 8:05:17 AM     month first, 12-hour clock with AM/PM
//	en-GB  02/03/2026 08:05:17     day first, 24-hour clock (fr-FR, es-ES, it-IT alike)
//	de-DE  02.03.2026 08:05:17     day first
//	nl-NL  2-3-2026 08:05:17       day first
//
// The same digits mean 2 March or 3 February depending on a setting that the file does not
// name, so the order of day and month is decided once for a whole file, from every date value
// in it, never value by value: a file whose first hundred rows read either way and whose
// hundred-and-first reads 23/03/2026 is a day-first file from its first row on. The evidence,
// strongest first:
//
//  1. the year first (2026-03-02, ISO 8601; 2026/3/2 ja-JP, zh-CN): no ambiguity;
//  2. a field above 12: 23/03/2026 is day first, 3/23/2026 month first. Proof; a file with
//     both is refused;
//  3. the separator: '.' and '-' before a trailing year are written only by day-first
//     cultures (de-DE, nl-NL, da-DK, ru-RU, pl-PL, ...);
//  4. the clock, with '/': AM/PM is en-US's (month first), a 24-hour clock without AM/PM is
//     en-GB's, fr-FR's, es-ES's, it-IT's (day first). A convention, not proof: an en-US machine
//     whose user chose a 24-hour clock, and PowerShell's invariant culture ("$date"), write
//     03/02/2026 08:05:17 month first; rule 2 overrides this one whenever the file can;
//  5. nothing: '/' and no time, or lower-case am/pm (en-AU and en-US both), and no field
//     above 12. Month first is assumed (en-US, the culture of Microsoft's own examples) and
//     the caller must say so: basisNone is the only decision a user is warned about.
//
// Export-Csv writes the DateTime's own wall clock with no offset. The collectors this tool
// reads hand it UTC values (Graph's "...Z" times become DateTimes of Kind Utc, which
// ToString does not convert; Search-UnifiedAuditLog's CreationDate is UTC, and
// Microsoft-Analyzer-Suite reads all of these CSVs as UTC), so values are read as UTC unless
// the caller passes another zone. The report's --tz is not that zone: it says how reports
// show times, not how inputs were written.
//
// DuckDB can parse the same values once the decision is made: strptime gives the format
// strings (a list, as try_strptime takes it) that read them to a TIMESTAMP in the same
// wall clock.

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// dateOrder is the order of a file's date fields.
type dateOrder int

const (
	orderYearFirst  dateOrder = iota + 1 // 2026-03-02 08:05:17, 2026/3/2 8:05:17
	orderMonthFirst                      // 3/2/2026 8:05:17 AM
	orderDayFirst                        // 02/03/2026 08:05:17, 02.03.2026 08:05:17, 2-3-2026 08:05:17
)

func (o dateOrder) String() string {
	switch o {
	case orderYearFirst:
		return "year first"
	case orderMonthFirst:
		return "month first"
	case orderDayFirst:
		return "day first"
	}
	return "undecided"
}

// dateBasis is what decided a file's order.
type dateBasis int

const (
	basisYearFirst    dateBasis = iota + 1 // the year is written first
	basisFieldAbove12                      // a value's day or month field is above 12
	basisSeparator                         // '.' or '-' before a trailing year
	basisClock                             // '/' with AM/PM, or with a 24-hour clock
	basisNone                              // nothing decides: month first assumed
)

func (b dateBasis) String() string {
	switch b {
	case basisYearFirst:
		return "year first"
	case basisFieldAbove12:
		return "field above 12"
	case basisSeparator:
		return "separator"
	case basisClock:
		return "clock"
	case basisNone:
		return "none"
	}
	return "undecided"
}

// dateShape is how a file writes its dates, apart from the order of day and month. Every
// value of one file has one shape.
type dateShape struct {
	yearFirst bool
	sep       byte // '/', '.' or '-' between the date fields
	hasTime   bool
	timeSep   byte // ' ' or 'T' between date and time
	comma     bool // "4/28/2021, 2:08:45.221 PM" (Log Analytics)
	ampm      bool // a 12-hour clock with a day-half marker
	lowerAMPM bool // "am"/"pm" rather than "AM"/"PM"
	zone      bool // a trailing Z or offset (year-first values only)
}

func (s dateShape) String() string {
	var b strings.Builder
	if s.yearFirst {
		fmt.Fprintf(&b, "yyyy%cm%cd", s.sep, s.sep)
	} else {
		fmt.Fprintf(&b, "f%cf%cyyyy", s.sep, s.sep)
	}
	if s.hasTime {
		if s.comma {
			b.WriteByte(',')
		}
		b.WriteByte(s.timeSep)
		switch {
		case s.ampm && s.lowerAMPM:
			b.WriteString("h:mm:ss am/pm")
		case s.ampm:
			b.WriteString("h:mm:ss AM/PM")
		default:
			b.WriteString("HH:mm:ss")
		}
		if s.zone {
			b.WriteString(" with a zone")
		}
	}
	return b.String()
}

// dateValue is one value taken apart.
type dateValue struct {
	shape   dateShape
	f1, f2  int // the two fields before a trailing year, or month and day after a leading one
	year    int
	hour    int
	min     int
	sec     int
	nanos   int
	seconds bool // seconds are written
	frac    bool // a fraction of a second is written
	pm      bool
	offset  int // seconds east of UTC, when shape.zone
}

// readDateValue takes one value apart, without deciding its order.
func readDateValue(s string) (dateValue, error) {
	var v dateValue
	p := dateScanner{s: s}
	a, na := p.digits()
	if na == 0 {
		return v, errors.New("does not start with a number")
	}
	sep := p.peek()
	if sep != '/' && sep != '.' && sep != '-' {
		return v, errors.New("has no '/', '.' or '-' after its first number")
	}
	v.shape.sep = sep
	p.i++
	b, nb := p.digits()
	if nb == 0 || nb > 2 || !p.eat(sep) {
		return v, fmt.Errorf("has no second number followed by %q", sep)
	}
	c, nc := p.digits()
	switch {
	case na == 4 && nc >= 1 && nc <= 2:
		v.shape.yearFirst = true
		v.year, v.f1, v.f2 = a, b, c // month, day
		if v.f1 < 1 || v.f1 > 12 || v.f2 < 1 || v.f2 > 31 {
			return v, fmt.Errorf("has no month %d or no day %d", v.f1, v.f2)
		}
	case na <= 2 && nc == 4:
		v.f1, v.f2, v.year = a, b, c
		if v.f1 < 1 || v.f2 < 1 || v.f1 > 31 || v.f2 > 31 || (v.f1 > 12 && v.f2 > 12) {
			return v, fmt.Errorf("has neither field %d nor field %d as a month", v.f1, v.f2)
		}
	default:
		return v, errors.New("has no four-digit year first or last")
	}
	if v.year == 0 {
		return v, errors.New("has the year 0")
	}
	if p.done() {
		return v, nil
	}
	if p.eat(',') {
		v.shape.comma = true
	}
	switch {
	case p.eat(' '):
		v.shape.timeSep = ' '
	case !v.shape.comma && v.shape.yearFirst && p.eat('T'):
		v.shape.timeSep = 'T'
	default:
		return v, fmt.Errorf("has %q after its date", p.rest())
	}
	v.shape.hasTime = true
	h, nh := p.digits()
	if nh == 0 || nh > 2 || !p.eat(':') {
		return v, errors.New("has no hour and ':' after its date")
	}
	m, nm := p.digits()
	if nm != 2 {
		return v, errors.New("has no two-digit minutes")
	}
	v.hour, v.min = h, m
	if p.eat(':') {
		sec, ns := p.digits()
		if ns != 2 {
			return v, errors.New("has no two-digit seconds")
		}
		v.sec, v.seconds = sec, true
		if p.eat('.') {
			f, nf := p.digits()
			if nf == 0 || nf > 9 {
				return v, errors.New("has a fraction of a second of no or more than 9 digits")
			}
			for ; nf < 9; nf++ {
				f *= 10
			}
			v.nanos, v.frac = f, true
		}
	}
	if v.min > 59 || v.sec > 59 {
		return v, fmt.Errorf("has minute %d or second %d", v.min, v.sec)
	}
	if p.eat(' ') {
		switch r := p.rest(); r {
		case "AM", "PM", "am", "pm":
			v.shape.ampm, v.shape.lowerAMPM, v.pm = true, r[0] == 'a' || r[0] == 'p', r[0] == 'P' || r[0] == 'p'
			p.i = len(p.s)
		default:
			return v, fmt.Errorf("has %q after its time, not AM or PM", r)
		}
	}
	if v.shape.ampm && (v.hour < 1 || v.hour > 12) || !v.shape.ampm && v.hour > 23 {
		return v, fmt.Errorf("has hour %d", v.hour)
	}
	if !p.done() && v.shape.yearFirst && !v.shape.ampm {
		off, ok := p.zone()
		if !ok {
			return v, fmt.Errorf("has %q after its time, not a zone", p.rest())
		}
		v.shape.zone, v.offset = true, off
	}
	if !p.done() {
		return v, fmt.Errorf("has %q after its time", p.rest())
	}
	return v, nil
}

type dateScanner struct {
	s string
	i int
}

func (p *dateScanner) done() bool   { return p.i == len(p.s) }
func (p *dateScanner) rest() string { return p.s[p.i:] }

func (p *dateScanner) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

func (p *dateScanner) eat(c byte) bool {
	if p.peek() == c {
		p.i++
		return true
	}
	return false
}

// digits reads up to nine digits; n is how many.
func (p *dateScanner) digits() (v, n int) {
	for !p.done() && n < 9 && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	if !p.done() && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		return 0, 0 // ten digits or more: no date field
	}
	return v, n
}

// zone reads "Z", "+hh:mm" or "-hh:mm" to the end.
func (p *dateScanner) zone() (int, bool) {
	r := p.rest()
	if r == "Z" {
		p.i = len(p.s)
		return 0, true
	}
	if len(r) != 6 || (r[0] != '+' && r[0] != '-') || r[3] != ':' {
		return 0, false
	}
	h, m := atoi2(r[1:3]), atoi2(r[4:6])
	if h < 0 || m < 0 || h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if r[0] == '-' {
		off = -off
	}
	p.i = len(p.s)
	return off, true
}

func atoi2(s string) int {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return -1
	}
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

// dateSample is a value kept as evidence, with the line it came from.
type dateSample struct {
	value string
	line  int
}

func (s dateSample) String() string { return fmt.Sprintf("%q (line %d)", s.value, s.line) }

// dateEvidence gathers one file's date values, one at a time, so that a file of millions
// of rows is decided without holding them.
type dateEvidence struct {
	n          int
	shape      dateShape
	first      dateSample // the first value, whose shape every later one must have
	dayFirst   dateSample // the first value whose first field is above 12
	monthFirst dateSample // the first value whose second field is above 12
	seconds    [2]bool    // values without, and with, seconds were seen
	frac       bool       // a value with a fraction of a second was seen
}

// add reads one value; line is where it is, for messages. Empty values are skipped.
func (e *dateEvidence) add(value string, line int) error {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil
	}
	v, err := readDateValue(value)
	if err != nil {
		return fmt.Errorf("line %d: date %q %w", line, clip(value), err)
	}
	here := dateSample{value, line}
	if e.n == 0 {
		e.shape, e.first = v.shape, here
	} else if v.shape != e.shape {
		return fmt.Errorf("line %d: date %q is written %s, but %s is written %s: a file has one date format",
			line, clip(value), v.shape, e.first, e.shape)
	}
	e.n++
	if v.shape.hasTime {
		e.seconds[b2i(v.seconds)] = true
		e.frac = e.frac || v.frac
	}
	if !v.shape.yearFirst {
		if v.f1 > 12 && e.dayFirst.value == "" {
			e.dayFirst = here
		}
		if v.f2 > 12 && e.monthFirst.value == "" {
			e.monthFirst = here
		}
	}
	if e.dayFirst.value != "" && e.monthFirst.value != "" {
		return fmt.Errorf("line %d: date %q cannot be read one way: %s has a day above 12 first, %s second",
			line, clip(value), e.dayFirst, e.monthFirst)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// errNoDates says a file had no date value to decide from.
var errNoDates = errors.New("no date values")

// cultureDates is how one file's dates are read: the decision, what it rests on, and the
// zone its wall-clock times are in.
type cultureDates struct {
	order    dateOrder
	basis    dateBasis
	evidence string // what decided, in words, quoting the value and its line
	shape    dateShape
	seconds  [2]bool
	frac     bool
	loc      *time.Location // nil: UTC
}

// decide makes the decision for the values added. loc is the zone of the wall-clock times
// (nil for UTC); values with their own zone keep it.
func (e *dateEvidence) decide(loc *time.Location) (cultureDates, error) {
	d := cultureDates{shape: e.shape, seconds: e.seconds, frac: e.frac, loc: loc}
	switch {
	case e.n == 0:
		return d, errNoDates
	case e.shape.yearFirst:
		d.order, d.basis = orderYearFirst, basisYearFirst
		d.evidence = fmt.Sprintf("the year is written first in %s", e.first)
	case e.dayFirst.value != "":
		d.order, d.basis = orderDayFirst, basisFieldAbove12
		d.evidence = fmt.Sprintf("%s has a day above 12 where a month would be", e.dayFirst)
	case e.monthFirst.value != "":
		d.order, d.basis = orderMonthFirst, basisFieldAbove12
		d.evidence = fmt.Sprintf("%s has a day above 12 second, so the month comes first", e.monthFirst)
	case e.shape.sep == '.' || e.shape.sep == '-':
		d.order, d.basis = orderDayFirst, basisSeparator
		d.evidence = fmt.Sprintf("%s separates day, month and year with %q, as only day-first cultures do (de-DE, nl-NL, ...)",
			e.first, e.shape.sep)
	case e.shape.hasTime && e.shape.ampm && !e.shape.lowerAMPM:
		d.order, d.basis = orderMonthFirst, basisClock
		d.evidence = fmt.Sprintf("%s writes '/' and a 12-hour clock with AM/PM, as en-US does, month first", e.first)
	case e.shape.hasTime && !e.shape.ampm:
		d.order, d.basis = orderDayFirst, basisClock
		d.evidence = fmt.Sprintf("%s writes '/' and a 24-hour clock without AM/PM, as en-GB, fr-FR, es-ES and it-IT do, day first",
			e.first)
	default:
		d.order, d.basis = orderMonthFirst, basisNone
		d.evidence = fmt.Sprintf("no value has a field above 12 and %s names no culture: month first (en-US) assumed", e.first)
	}
	return d, nil
}

// decideCultureDates decides from a list of values (lines counted from 1).
func decideCultureDates(values []string, loc *time.Location) (cultureDates, error) {
	var e dateEvidence
	for i, v := range values {
		if err := e.add(v, i+1); err != nil {
			return cultureDates{}, err
		}
	}
	return e.decide(loc)
}

// zoneName is the zone the wall-clock times are read in.
func (d cultureDates) zoneName() string {
	if d.loc == nil {
		return "UTC"
	}
	return d.loc.String()
}

// String says what was decided and why, for the manifest and for warnings.
func (d cultureDates) String() string {
	return fmt.Sprintf("dates read %s (%s), times as %s: %s", d.order, d.shape, d.zoneName(), d.evidence)
}

// parse reads one value of the file to UTC. Empty values give the zero time and no error.
func (d cultureDates) parse(value string) (time.Time, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return time.Time{}, nil
	}
	v, err := readDateValue(value)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q %w", clip(value), err)
	}
	if v.shape != d.shape {
		return time.Time{}, fmt.Errorf("date %q is written %s, not %s as the file's other dates", clip(value), v.shape, d.shape)
	}
	month, day := v.f1, v.f2
	if d.order == orderDayFirst {
		month, day = v.f2, v.f1
	}
	if month < 1 || month > 12 {
		return time.Time{}, fmt.Errorf("date %q has no month %d (the file's dates are %s)", clip(value), month, d.order)
	}
	if day > daysIn(month, v.year) {
		return time.Time{}, fmt.Errorf("date %q has no day %d in month %d", clip(value), day, month)
	}
	hour := v.hour
	if v.shape.ampm {
		hour %= 12
		if v.pm {
			hour += 12
		}
	}
	wall := time.Date(v.year, time.Month(month), day, hour, v.min, v.sec, v.nanos, time.UTC)
	t := wall
	switch {
	case wall.IsZero():
		return wall, nil // .NET's DateTime.MinValue, written for a date never set: no date
	case v.shape.zone:
		t = wall.Add(-time.Duration(v.offset) * time.Second)
	case d.loc != nil && d.loc != time.UTC:
		if t, err = inZone(wall, d.loc, value); err != nil {
			return time.Time{}, err
		}
	}
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("date %q is outside the years 1 to 9999 in UTC", clip(value))
	}
	return t, nil
}

// inZone reads a wall-clock time in loc, refusing a time that the zone skipped or had twice
// (the hour clocks go forward or back): guessing either would move the record by an hour.
func inZone(wall time.Time, loc *time.Location, value string) (time.Time, error) {
	var found []time.Time
	for _, probe := range []time.Duration{-26 * time.Hour, 0, 26 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		t := wall.Add(-time.Duration(off) * time.Second)
		if !sameWall(t.In(loc), wall) || (len(found) > 0 && found[0].Equal(t)) || (len(found) > 1 && found[1].Equal(t)) {
			continue
		}
		found = append(found, t)
	}
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("date %q is no time in %s (the clocks went forward)", clip(value), loc)
	case 1:
		return found[0].UTC(), nil
	}
	return time.Time{}, fmt.Errorf("date %q is two times in %s (the clocks went back)", clip(value), loc)
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() &&
		t.Second() == wall.Second()
}

func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// strptime gives DuckDB formats that read the file's values to the same wall clock, for
// try_strptime(value, [...]) (a list: with and without seconds or a fraction, as seen).
// Values with a zone are read by a cast to TIMESTAMPTZ instead, and get no format.
func (d cultureDates) strptime() []string {
	if d.shape.zone {
		return nil
	}
	s := string(d.shape.sep)
	var date string
	switch d.order {
	case orderYearFirst:
		date = "%Y" + s + "%m" + s + "%d"
	case orderMonthFirst:
		date = "%m" + s + "%d" + s + "%Y"
	default:
		date = "%d" + s + "%m" + s + "%Y"
	}
	if !d.shape.hasTime {
		return []string{date}
	}
	if d.shape.comma {
		date += ","
	}
	date += string(d.shape.timeSep)
	hour, ampm := "%H", ""
	if d.shape.ampm {
		hour, ampm = "%I", " %p"
	}
	var out []string
	if d.seconds[0] {
		out = append(out, date+hour+":%M"+ampm)
	}
	if d.seconds[1] {
		out = append(out, date+hour+":%M:%S"+ampm)
	}
	if d.frac {
		out = append(out, date+hour+":%M:%S.%n"+ampm)
	}
	return out
}
