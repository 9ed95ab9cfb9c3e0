package config

import (
	"fmt"
	"sort"
)

// Rules holds rule settings by rule id. This package checks only their shape; the analyze
// package knows the rules and checks names and types, reporting mistakes with Rule.Errorf.
type Rules map[string]Rule

// Rule is one rule's settings.
type Rule struct {
	Enabled  *bool          // nil: the rule's default
	Settings map[string]any // every key but "enabled", as YAML gives it: string, int, float64, bool, []any, map[string]any

	// where each key was set: "" for the rule itself, "enabled", and each setting
	origin map[string]origin
}

type origin struct {
	file, job string
	line      int
}

// Errorf reports a mistake in the rule's setting key ("" for the rule as a whole) with the
// file, line and job it was set in:
//
//	jobs.yaml:12: job "nightly": rules.password_spray.min_users: must be at least 2
func (r Rule) Errorf(id, key, format string, args ...any) error {
	path := "rules." + id
	if key != "" {
		path += "." + key
	}
	o, ok := r.origin[key]
	if !ok {
		o = r.origin[""]
	}
	return &Error{File: o.file, Line: o.line, Job: o.job, Key: path, Msg: fmt.Sprintf(format, args...)}
}

// IDs lists the rule ids, sorted.
func (r Rules) IDs() []string {
	ids := make([]string, 0, len(r))
	for id := range r {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Merge returns r with over laid on top: a rule's enabled flag and each of its settings in
// over replace those in r. Neither input changes.
func (r Rules) Merge(over Rules) Rules {
	if len(r) == 0 && len(over) == 0 {
		return nil
	}
	out := make(Rules, len(r)+len(over))
	for id, rule := range r {
		out[id] = rule.clone()
	}
	for id, o := range over {
		rule, ok := out[id]
		if !ok {
			out[id] = o.clone()
			continue
		}
		if o.Enabled != nil {
			v := *o.Enabled
			rule.Enabled = &v
		}
		for k, v := range o.Settings {
			if rule.Settings == nil {
				rule.Settings = map[string]any{}
			}
			rule.Settings[k] = v
		}
		for k, v := range o.origin {
			if rule.origin == nil {
				rule.origin = map[string]origin{}
			}
			rule.origin[k] = v
		}
		out[id] = rule
	}
	return out
}

func (r Rule) clone() Rule {
	c := Rule{}
	if r.Enabled != nil {
		v := *r.Enabled
		c.Enabled = &v
	}
	if r.Settings != nil {
		c.Settings = make(map[string]any, len(r.Settings))
		for k, v := range r.Settings {
			c.Settings[k] = v
		}
	}
	if r.origin != nil {
		c.origin = make(map[string]origin, len(r.origin))
		for k, v := range r.origin {
			c.origin[k] = v
		}
	}
	return c
}
