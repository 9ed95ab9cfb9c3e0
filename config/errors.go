package config

import (
	"fmt"
	"strings"
)

// Error is a mistake in a jobs file: where it is, in which job, under which key, and what
// is wrong. It reads
//
//	jobs.yaml:14: job "nightly": cron: expected 5 to 6 fields, found 4: [0 2 * *]
type Error struct {
	File string
	Line int    // 0 when unknown
	Job  string // the job's name, or "#N" (its place in the list) when it has no usable name; empty outside jobs
	Key  string // such as "cron", "rules.password_spray.min_users", "trusted_ips[2]"; empty when the message names it
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		fmt.Fprintf(&b, "%s: ", e.File)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Job != "" {
		if strings.HasPrefix(e.Job, "#") {
			fmt.Fprintf(&b, "job %s: ", e.Job)
		} else {
			fmt.Fprintf(&b, "job %q: ", e.Job)
		}
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// suggest returns the candidate closest to s when it is close enough to be a typo.
func suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		d := distance(strings.ToLower(s), c)
		limit := 2
		if len(c) <= 4 {
			limit = 1
		}
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the optimal string alignment distance: insertions, deletions, substitutions
// and swaps of neighbours each cost one.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
