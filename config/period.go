package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParsePeriod reads a report period at now:
//
//	all                                 everything in the store (zero since and until)
//	last 24h, last 7d, last 2w          the span up to now (units: m, h, d, w, or the words)
//	since 2026-11-01                    from then on
//	until 2026-12-01                    everything before then
//	since 2026-11-01 until 2026-12-01   both
//
// Times are RFC 3339 ("2026-11-01T02:00:00Z"), or a date or a date and time without a zone
// ("2026-11-01", "2026-11-01 02:00"), read in now's location. A date as until means the
// end of that day. until is exclusive. The results are in UTC.
func ParsePeriod(spec string, now time.Time) (since, until time.Time, err error) {
	s := strings.Join(strings.Fields(spec), " ")
	low := strings.ToLower(s)
	switch {
	case low == "" || low == "all":
		return time.Time{}, time.Time{}, nil
	case strings.HasPrefix(low, "last "):
		d, err := parseSpan(strings.TrimSpace(s[len("last "):]))
		if err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("%q: %w", spec, err)
		}
		return now.Add(-d).UTC(), now.UTC(), nil
	}
	rest := s
	if strings.HasPrefix(low, "since ") {
		v := rest[len("since "):]
		if i := strings.Index(strings.ToLower(v), " until "); i >= 0 {
			v, rest = v[:i], v[i+1:]
		} else {
			rest = ""
		}
		if since, err = parseTime(v, now.Location(), false); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("since: %w", err)
		}
	}
	if rest != "" {
		v, ok := cutPrefixFold(rest, "until ")
		if !ok {
			return time.Time{}, time.Time{}, fmt.Errorf("%q is not a period: use all, last 24h, last 7d, since DATE, until DATE or since DATE until DATE", spec)
		}
		if until, err = parseTime(v, now.Location(), true); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("until: %w", err)
		}
	}
	if !since.IsZero() && !until.IsZero() && !since.Before(until) {
		return time.Time{}, time.Time{}, fmt.Errorf("%q: since must come before until", spec)
	}
	return since, until, nil
}

// ParseSince reads a --since value: RFC 3339, a date (its start), a date and time, in now's
// location when without a zone, or a span back from now such as 24h or 7d.
func ParseSince(value string, now time.Time) (time.Time, error) {
	if d, err := parseSpan(value); err == nil {
		return now.Add(-d).UTC(), nil
	}
	return parseTime(value, now.Location(), false)
}

// ParseUntil reads an --until value like ParseSince; a date means the end of that day.
func ParseUntil(value string, now time.Time) (time.Time, error) {
	if d, err := parseSpan(value); err == nil {
		return now.Add(-d).UTC(), nil
	}
	return parseTime(value, now.Location(), true)
}

// ParseAge reads a retention age: a number and a unit, h, d or w ("400d", "12w", "36h"),
// or a Go duration ("90m"). It must be above zero.
func ParseAge(s string) (time.Duration, error) {
	d, err := parseSpan(s)
	if err != nil {
		return 0, err
	}
	return d, nil
}

// parseSpan reads "24h", "7d", "2w", "30m", "7 days", or a Go duration.
func parseSpan(s string) (time.Duration, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	if t == "" {
		return 0, fmt.Errorf("empty span: use a number and a unit, such as 24h or 7d")
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	units := map[string]time.Duration{
		"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
		"h": time.Hour, "hour": time.Hour, "hours": time.Hour,
		"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
		"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	}
	if unit, ok := units[t[i:]]; ok && i > 0 {
		n, err := strconv.ParseInt(t[:i], 10, 64)
		if err != nil || n <= 0 || n > int64((100*365*24*time.Hour)/unit) {
			return 0, fmt.Errorf("%q: the number must be above zero and at most 100 years", s)
		}
		return time.Duration(n) * unit, nil
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a span: use a number and a unit, such as 36h, 7d or 12w", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q: must be above zero", s)
	}
	return d, nil
}

// parseTime reads RFC 3339, or a date or date and time without a zone in loc. end moves a
// bare date to the end of its day.
func parseTime(s string, loc *time.Location, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use a date (2026-11-01), a date and time (2026-11-01 02:00) or RFC 3339 (2026-11-01T02:00:00Z)", s)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
