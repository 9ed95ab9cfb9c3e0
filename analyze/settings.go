package analyze

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Settings say which rules run, with which tunables, over which period.
type Settings struct {
	// Disabled rule ids do not run.
	Disabled map[string]bool
	// Params override rule tunables: rule id, then param name, then value.
	Params map[string]map[string]any
	// TrustedIPs are addresses and CIDR ranges (named locations) that sign-in rules skip.
	TrustedIPs []string
	// ThreatIntel are addresses and CIDR ranges that threat_intel_ip looks for.
	ThreatIntel []string
	// TenantDomains are the tenant's own mail domains; empty to learn them from the data
	// (the UPN domains of the tenant's members).
	TenantDomains []string
	// PrivilegedRoles are directory role names counted as privileged; empty for the
	// built-in roles Microsoft marks privileged (DefaultPrivilegedRoles).
	PrivilegedRoles []string
	// PrivilegedUsers are accounts always counted as privileged, besides those the
	// directory audit shows being given a privileged role.
	PrivilegedUsers []string
	// Since and Until bound the period analyzed; zero for the whole store.
	Since, Until time.Time
}

// DefaultPrivilegedRoles returns Entra ID's built-in roles that Microsoft marks privileged,
// with the Exchange and SharePoint administrators, who can forward and read any mailbox.
func DefaultPrivilegedRoles() []string {
	return []string{
		"Global Administrator",
		"Privileged Role Administrator",
		"Privileged Authentication Administrator",
		"Security Administrator",
		"Exchange Administrator",
		"SharePoint Administrator",
		"User Administrator",
		"Application Administrator",
		"Cloud Application Administrator",
		"Authentication Administrator",
		"Authentication Policy Administrator",
		"Conditional Access Administrator",
		"Hybrid Identity Administrator",
		"Helpdesk Administrator",
		"Password Administrator",
		"Intune Administrator",
		"Azure AD Joined Device Local Administrator",
		"Microsoft Entra Joined Device Local Administrator",
		"Domain Name Administrator",
		"External Identity Provider Administrator",
		"Directory Synchronization Accounts",
		"Partner Tier1 Support",
		"Partner Tier2 Support",
		"Security Operator",
		"Security Reader",
		"Cloud Device Administrator",
		"Lifecycle Workflows Administrator",
		"Application Developer",
		"Directory Writers",
		"Authentication Extensibility Administrator",
		"B2C IEF Keyset Administrator",
		"Global Reader",
	}
}

// Validate checks the settings against the rules: every rule id and param named must
// exist, every value must be of the param's type, every address and range must parse.
func (s Settings) Validate(rules []Rule) error {
	byID := map[string]*Rule{}
	for i := range rules {
		byID[rules[i].ID] = &rules[i]
	}
	var errs []string
	for _, id := range slices.Sorted(maps.Keys(s.Disabled)) {
		if byID[id] == nil {
			errs = append(errs, fmt.Sprintf("disabled rule %q: no such rule", id))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Params)) {
		r := byID[id]
		if r == nil {
			errs = append(errs, fmt.Sprintf("params of rule %q: no such rule", id))
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(s.Params[id])) {
			p := r.param(name)
			if p == nil {
				errs = append(errs, fmt.Sprintf("rule %s: no param %q (it has %s)", id, name, r.paramNames()))
				continue
			}
			if _, err := convertParam(p.Type, s.Params[id][name]); err != nil {
				errs = append(errs, fmt.Sprintf("rule %s param %s: %v", id, name, err))
			}
		}
	}
	for _, list := range []struct {
		name string
		vals []string
	}{{"trusted IPs", s.TrustedIPs}, {"threat intel", s.ThreatIntel}} {
		for _, v := range list.vals {
			if _, err := parsePrefix(v); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", list.name, err))
			}
		}
	}
	for _, d := range s.TenantDomains {
		if !validDomain(d) {
			errs = append(errs, fmt.Sprintf("tenant domains: %q is not a domain name", d))
		}
	}
	for _, r := range s.PrivilegedRoles {
		if strings.TrimSpace(r) == "" {
			errs = append(errs, "privileged roles: an empty role name")
		}
	}
	for _, u := range s.PrivilegedUsers {
		if strings.TrimSpace(u) == "" {
			errs = append(errs, "privileged users: an empty user name")
		}
	}
	if !s.Since.IsZero() && !s.Until.IsZero() && !s.Since.Before(s.Until) {
		errs = append(errs, fmt.Sprintf("since %s is not before until %s", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339)))
	}
	if len(errs) > 0 {
		return fmt.Errorf("analyze settings: %s", strings.Join(errs, "; "))
	}
	return nil
}

// paramValues returns the values bound for a rule's params: defaults, overridden by the
// settings.
func (s Settings) paramValues(r *Rule) (map[string]any, error) {
	vals := map[string]any{}
	for _, p := range r.Params {
		vals[p.Name] = p.Default
		if v, ok := s.Params[r.ID][p.Name]; ok {
			c, err := convertParam(p.Type, v)
			if err != nil {
				return nil, fmt.Errorf("rule %s param %s: %w", r.ID, p.Name, err)
			}
			vals[p.Name] = c
		}
	}
	return vals, nil
}

func (r *Rule) param(name string) *Param {
	for i := range r.Params {
		if r.Params[i].Name == name {
			return &r.Params[i]
		}
	}
	return nil
}

func (r *Rule) paramNames() string {
	if len(r.Params) == 0 {
		return "none"
	}
	var n []string
	for _, p := range r.Params {
		n = append(n, p.Name)
	}
	return strings.Join(n, ", ")
}

// parsePrefix reads an address or a CIDR range.
func parsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not an address or CIDR range", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or CIDR range", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func validDomain(d string) bool {
	d = strings.TrimSpace(d)
	if d == "" || len(d) > 253 || !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return false
	}
	for _, c := range d {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
