package main

import (
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// periodOptions are --since and --until: RFC 3339 times or dates (UTC midnight).
type periodOptions struct {
	since, until string
}

func (o *periodOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.since, "since", "", "from this time on (RFC 3339, a date such as 2026-10-01, or 24h / 7d back from now)")
	fs.StringVar(&o.until, "until", "", "up to this time, not included (RFC 3339 or a date)")
}

func nowUTC() time.Time { return time.Now().UTC() }

func (o *periodOptions) resolve(now time.Time) (since, until time.Time, err error) {
	if since, err = parseTimeFlag("--since", o.since, now); err != nil {
		return
	}
	if until, err = parseTimeFlag("--until", o.until, now); err != nil {
		return
	}
	if !since.IsZero() && !until.IsZero() && !since.Before(until) {
		err = usagef("--since %s is not before --until %s", o.since, o.until)
	}
	return
}

// parseTimeFlag reads RFC 3339, a date (UTC midnight), or a duration back from now
// ("24h", "7d").
func parseTimeFlag(name, v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	if strings.HasSuffix(v, "d") {
		if d, err := time.ParseDuration(strings.TrimSuffix(v, "d") + "h"); err == nil && d > 0 {
			return now.Add(-24 * d), nil
		}
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, usagef("%s %q is not a time: give RFC 3339 (2026-10-01T00:00:00Z), a date (2026-10-01) or a span back from now (24h, 7d)", name, v)
}
