package main

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/analyze"
	"github.com/entrarisk/entrarisk/config"
)

// analysisOptions are the flags that tune the rules: on analyze, run and schedule.
type analysisOptions struct {
	trusted     []string
	threatIntel []string
	domains     []string
	disable     []string
	enable      []string
}

func (o *analysisOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.trusted, "trusted-ips", nil, "trusted address ranges (named locations), comma-separated CIDRs or addresses")
	fs.StringSliceVar(&o.threatIntel, "threat-intel", nil, "threat-intelligence addresses: a file of one address or CIDR a line, or addresses (repeatable)")
	fs.StringSliceVar(&o.domains, "tenant-domain", nil, "the tenant's own mail domains (default: learned from the users' sign-in names)")
	fs.StringSliceVar(&o.disable, "disable", nil, "rule ids not to run (repeatable)")
	fs.StringSliceVar(&o.enable, "enable", nil, "rule ids to run although the config disables them (repeatable)")
}

// settingsSource is where the rule settings come from: the top level of a config file,
// or one job in it.
type settingsSource struct {
	tenant           config.Tenant
	trusted, intel   []netip.Prefix
	threatIntelFiles []string
	privilegedRoles  []string
	rules            config.Rules
}

func sourceOfConfig(c *config.Config) settingsSource {
	if c == nil {
		return settingsSource{}
	}
	return settingsSource{tenant: c.Tenant, trusted: c.TrustedIPs, intel: c.ThreatIntel, threatIntelFiles: c.ThreatIntelFiles,
		privilegedRoles: c.PrivilegedRoles, rules: c.Rules}
}

func sourceOfJob(j config.Job) settingsSource {
	return settingsSource{tenant: j.Tenant, trusted: j.TrustedIPs, intel: j.ThreatIntel, threatIntelFiles: j.ThreatIntelFiles,
		privilegedRoles: j.PrivilegedRoles, rules: j.Rules}
}

// settings builds the analyze settings from a config source and the flags, and checks
// them against the rules: a mistake in the config names its file, line, job and key.
func (o *analysisOptions) settings(src settingsSource) (analyze.Settings, error) {
	rules, err := analyze.Rules()
	if err != nil {
		return analyze.Settings{}, err
	}
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	s := analyze.Settings{Disabled: map[string]bool{}, Params: map[string]map[string]any{}, PrivilegedRoles: src.privilegedRoles}
	var errs []error
	for _, id := range src.rules.IDs() {
		r := src.rules[id]
		if !known[id] {
			errs = append(errs, r.Errorf(id, "", "no such rule (entrarisk rules lists them)"))
			continue
		}
		if r.Enabled != nil && !*r.Enabled {
			s.Disabled[id] = true
		}
		for key, v := range r.Settings {
			one := analyze.Settings{Params: map[string]map[string]any{id: {key: v}}}
			if err := one.Validate(rules); err != nil {
				errs = append(errs, r.Errorf(id, key, "%s", strings.TrimPrefix(err.Error(), "analyze settings: ")))
				continue
			}
			if s.Params[id] == nil {
				s.Params[id] = map[string]any{}
			}
			s.Params[id][key] = v
		}
	}
	for _, p := range src.trusted {
		s.TrustedIPs = append(s.TrustedIPs, p.String())
	}
	for _, p := range src.intel {
		s.ThreatIntel = append(s.ThreatIntel, p.String())
	}
	for _, f := range src.threatIntelFiles {
		ps, err := config.ReadIPList(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range ps {
			s.ThreatIntel = append(s.ThreatIntel, p.String())
		}
	}
	s.TenantDomains = append(s.TenantDomains, src.tenant.Domains...)
	// Flags add to the config.
	for _, v := range o.trusted {
		p, err := config.ParsePrefix(v)
		if err != nil {
			errs = append(errs, usagef("--trusted-ips: %v", err))
			continue
		}
		s.TrustedIPs = append(s.TrustedIPs, p.String())
	}
	for _, v := range o.threatIntel {
		if p, err := config.ParsePrefix(v); err == nil {
			s.ThreatIntel = append(s.ThreatIntel, p.String())
			continue
		}
		ps, err := config.ReadIPList(v)
		if err != nil {
			errs = append(errs, usagef("--threat-intel %s: neither an address nor a readable list: %v", v, err))
			continue
		}
		for _, p := range ps {
			s.ThreatIntel = append(s.ThreatIntel, p.String())
		}
	}
	s.TenantDomains = append(s.TenantDomains, o.domains...)
	for _, id := range o.disable {
		if !known[id] {
			errs = append(errs, usagef("--disable %s: no such rule (entrarisk rules lists them)", id))
		}
		s.Disabled[id] = true
	}
	for _, id := range o.enable {
		if !known[id] {
			errs = append(errs, usagef("--enable %s: no such rule (entrarisk rules lists them)", id))
		}
		delete(s.Disabled, id)
	}
	if len(errs) > 0 {
		return s, errors.Join(errs...)
	}
	if err := s.Validate(rules); err != nil {
		return s, usagef("%v", err)
	}
	return s, nil
}

type analyzeOptions struct {
	store    storeOptions
	period   periodOptions
	analysis analysisOptions
	engine   engineOptions
	config   string
}

func (o *analyzeOptions) AddFlags(fs *pflag.FlagSet) {
	o.store.AddFlags(fs)
	o.store.addHistoryFlag(fs)
	o.period.AddFlags(fs)
	o.analysis.AddFlags(fs)
	o.engine.AddFlags(fs)
	fs.StringVar(&o.config, "config", "", "a jobs file whose top-level rule settings, trusted ranges and threat intel apply")
}

func analyzeCommand() command {
	return command{
		name:    "analyze",
		summary: "run every enabled rule over the store, refresh detections and user risk",
		usage:   "analyze [--db FILE] [--since T] [--until T] [--config FILE] [--engine spark --spark-remote sc://HOST:15002 --history DIR]",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			o := &analyzeOptions{}
			o.AddFlags(fs)
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("analyze takes no arguments (got %q)", args[0])
				}
				if err := o.engine.check(o.store.history); err != nil {
					return err
				}
				cfg, err := loadConfig(o.config)
				if err != nil {
					return err
				}
				settings, err := o.analysis.settings(sourceOfConfig(cfg))
				if err != nil {
					return err
				}
				if settings.Since, settings.Until, err = o.period.resolve(nowUTC()); err != nil {
					return err
				}
				o.store.historySince, o.store.historyUntil, o.store.historyLookBack = settings.Since, settings.Until, historyLookBack
				st, err := o.store.open(ctx, false)
				if err != nil {
					return err
				}
				defer st.Close()
				eng, closeEngine, err := o.engine.open(ctx, e, st, o.store.history, settings.Since, settings.Until)
				if err != nil {
					return err
				}
				defer closeEngine()
				res, err := analyze.Run(ctx, st.DB, analyze.Options{Settings: settings, Logger: e.logger, Analyst: analyst(), Engine: eng})
				if err != nil {
					return err
				}
				printAnalyzeSummary(e, res)
				return nil
			}
		},
	}
}

func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return nil, nil
	}
	c, err := config.Load(path)
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return c, nil
}

func printAnalyzeSummary(e *env, res *analyze.Result) {
	fmt.Fprintf(e.stderr, "analyze: %d rules, %d detections, %d risky sign-ins, %d audit findings in %s\n",
		len(res.RulesRun), res.Detections, res.RiskySignins, res.AuditFindings, res.Elapsed.Round(1e6))
	for _, r := range res.Rules {
		if r.Low+r.Medium+r.High > 0 {
			fmt.Fprintf(e.stderr, "  %-30s %4d high %4d medium %4d low\n", r.Rule, r.High, r.Medium, r.Low)
		}
	}
	fmt.Fprintf(e.stderr, "  users: %d high, %d medium, %d low\n", res.UsersByLevel["high"], res.UsersByLevel["medium"], res.UsersByLevel["low"])
	if sp := res.ServicePrincipalsByLevel; sp["high"]+sp["medium"]+sp["low"] > 0 {
		fmt.Fprintf(e.stderr, "  workload identities: %d high, %d medium, %d low\n", sp["high"], sp["medium"], sp["low"])
	}
}
