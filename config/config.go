// Package config reads the jobs file that `entrarisk schedule --config` and
// `entrarisk run --config` share: tenant facts, trusted and threat-intel IP ranges, rule
// settings, and the jobs themselves (cron spec, inputs, store, report folder, period,
// retention). Every mistake is reported with the file, the line, the job and the key.
package config

import (
	"fmt"
	"net/netip"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Config is a parsed jobs file.
type Config struct {
	File string // the file as named to Load or Parse

	Tenant           Tenant
	TrustedIPs       []netip.Prefix // named locations: never flagged as spray or new-country sources
	ThreatIntel      []netip.Prefix // addresses known to be hostile
	ThreatIntelFiles []string       // absolute paths of files of one IP or CIDR a line
	PrivilegedRoles  []string       // nil: the analyze package's own list
	Rules            Rules

	Jobs []Job // in file order
}

// Tenant names the tenant the logs come from.
type Tenant struct {
	Name    string
	Domains []string // lower case
}

// Job is one job, with everything it inherits from the top level already resolved: a Job
// is all a run needs.
type Job struct {
	Name        string
	Cron        string   // robfig/cron spec; empty for a job that only `entrarisk run` starts
	Inputs      []string // absolute paths of files and folders
	DB          string   // absolute path of the store
	Out         string   // absolute path of the folder that receives one folder per run
	Period      string   // "all", "last 24h", "since 2026-11-01 until 2026-12-01", ...; see ParsePeriod
	Formats     []string // "xlsx", "csv"; both unless the file says otherwise
	TZ          string   // IANA zone for the cron spec and for dates in Period; empty: the machine's
	ExcelCSV    bool
	KeepReports int           // run folders to keep; 0 keeps all
	KeepStore   time.Duration // drop store rows older than this after the report; 0 keeps all
	Summary     string        // "text", "html" or "none"
	Compliance  bool          // also write the compliance export set (entrarisk compliance) for the period, into the run folder's compliance/
	Engine      string        // "duckdb" (the default) or "spark": where the rules run
	SparkRemote string        // with engine spark: the Spark Connect server, sc://HOST:PORT
	History     string        // the Parquet history the job keeps and analyzes (absolute path, or a URL for Spark)

	Tenant           Tenant
	TrustedIPs       []netip.Prefix // top level and the job's own
	ThreatIntel      []netip.Prefix // top level and the job's own
	ThreatIntelFiles []string       // top level and the job's own
	PrivilegedRoles  []string       // the job's, or else the top level's
	Rules            Rules          // top level merged with the job's overrides

	File string // the jobs file
	Line int    // where the job starts in it
}

// Summary kinds.
const (
	SummaryNone = "none"
	SummaryText = "text"
	SummaryHTML = "html"
)

// Engines a job can run its rules on.
const (
	EngineDuckDB = "duckdb"
	EngineSpark  = "spark"
)

// Formats a job can ask for.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// Load reads and parses the jobs file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Job returns the job called name. An empty name picks the only job of a file that has
// exactly one.
func (c *Config) Job(name string) (Job, error) {
	if name == "" {
		if len(c.Jobs) == 1 {
			return c.Jobs[0], nil
		}
		if len(c.Jobs) == 0 {
			return Job{}, fmt.Errorf("%s: no jobs", c.File)
		}
		return Job{}, fmt.Errorf("%s: %d jobs; name one of: %s", c.File, len(c.Jobs), strings.Join(c.jobNames(), ", "))
	}
	for _, j := range c.Jobs {
		if j.Name == name {
			return j, nil
		}
	}
	msg := fmt.Sprintf("%s: no job %q", c.File, name)
	if s := suggest(name, c.jobNames()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	if len(c.Jobs) > 0 {
		msg += "; the jobs are: " + strings.Join(c.jobNames(), ", ")
	}
	return Job{}, fmt.Errorf("%s", msg)
}

func (c *Config) jobNames() []string {
	names := make([]string, len(c.Jobs))
	for i, j := range c.Jobs {
		names[i] = j.Name
	}
	sort.Strings(names)
	return names
}

// Location is the job's time zone: the one named by TZ, or the machine's when TZ is empty.
func (j Job) Location() (*time.Location, error) {
	if j.TZ == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(j.TZ)
	if err != nil {
		return nil, fmt.Errorf("job %q: tz: unknown time zone %q", j.Name, j.TZ)
	}
	return loc, nil
}

// Window is the span of time the job reports on when it runs at now; zero times mean
// unbounded. Dates in Period are read in the job's time zone.
func (j Job) Window(now time.Time) (since, until time.Time, err error) {
	loc, err := j.Location()
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	since, until, err = ParsePeriod(j.Period, now.In(loc))
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("job %q: period: %w", j.Name, err)
	}
	return since, until, nil
}

// Schedule is the job's cron schedule, in its time zone.
func (j Job) Schedule() (cron.Schedule, error) {
	if j.Cron == "" {
		return nil, fmt.Errorf("job %q: no cron spec", j.Name)
	}
	s, err := ParseSchedule(j.Cron, j.TZ)
	if err != nil {
		return nil, fmt.Errorf("job %q: cron: %w", j.Name, err)
	}
	return s, nil
}

// ThreatIntelIPs is the job's threat-intel list: the addresses in the config and those in
// its threat-intel files, read now (the files may have changed since the config was
// loaded), sorted, each once.
func (j Job) ThreatIntelIPs() ([]netip.Prefix, error) {
	out := append([]netip.Prefix(nil), j.ThreatIntel...)
	for _, f := range j.ThreatIntelFiles {
		ps, err := ReadIPList(f)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return uniquePrefixes(out), nil
}

// ParseSchedule parses a robfig/cron spec: five fields, or six with seconds first,
// descriptors such as @daily, and @every with a duration of whole seconds. tz, when not
// empty, is the zone the spec is read in (a CRON_TZ= prefix in the spec wins).
func ParseSchedule(spec, tz string) (s cron.Schedule, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, fmt.Errorf("empty cron spec")
	}
	rest := spec
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		_, after, ok := strings.Cut(spec, " ")
		if !ok || strings.TrimSpace(after) == "" {
			return nil, fmt.Errorf("%q names a time zone but no schedule", spec)
		}
		rest = strings.TrimSpace(after)
	} else if tz != "" {
		spec = "CRON_TZ=" + tz + " " + spec
	}
	if d, ok := strings.CutPrefix(rest, "@every"); ok {
		dur, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil {
			return nil, fmt.Errorf("@every needs a duration such as 1h or 90s, not %q", strings.TrimSpace(d))
		}
		if dur < time.Second || dur%time.Second != 0 {
			return nil, fmt.Errorf("@every needs whole seconds, at least 1s, not %s", dur)
		}
	}
	// The parser panics on some malformed specs; a bad spec is a config error, not a crash.
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("cannot parse %q", spec)
		}
	}()
	p := cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	return p.Parse(spec)
}

func uniquePrefixes(ps []netip.Prefix) []netip.Prefix {
	sort.Slice(ps, func(a, b int) bool {
		if c := ps[a].Addr().Compare(ps[b].Addr()); c != 0 {
			return c < 0
		}
		return ps[a].Bits() < ps[b].Bits()
	})
	out := ps[:0]
	for i, p := range ps {
		if i == 0 || p != ps[i-1] {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
