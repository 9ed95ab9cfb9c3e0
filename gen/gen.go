// Package gen generates the logs of a realistic Microsoft Entra ID tenant: sign-ins,
// directory audits, the Unified Audit Log's mailbox and file activity, and Identity
// Protection's risk detections and risky users, with planted attacks and benign
// look-alikes, and writes them in every export format entrarisk reads.
//
// Output is a pure function of Options: the same seed gives the same bytes in every format.
// Sign-ins are generated a day at a time and streamed, so tenants of a million sign-ins
// never sit in memory; audits, mailbox events and risk records are few and kept.
//
// # The tenant
//
// Users live mostly in the US and the UK (New York, London, Chicago, Boston, ...), each with
// a home line (residential ISP, sometimes IPv6, renumbered now and then), a phone on a
// mobile network, a laptop (Windows or macOS, corporate and compliant or not) and a working
// day in their own time zone; New York and London people work from the office three or
// four days a week, behind the office egress ranges. Administrators (two Global
// Administrators, Exchange, User, Helpdesk and Security Administrators) also use the Azure
// portal, the Entra admin center and PowerShell. Sign-ins are about a quarter interactive;
// most are satisfied by claims in the token; a few fail and are retried (50126, 50140,
// 16000, 50058, 50074, 50076); non-interactive refreshes now and then expire (50173,
// 700082). Conditional Access (MFA for all, legacy authentication blocked in report-only,
// compliant devices for administrators in report-only, sign-in frequency) is evaluated on
// each. Coordinates are the cities' (as float32, like Entra's), ASNs those of the networks.
//
// # Planted attacks (Options.Attacks) and decoys (Options.Decoys)
//
// Tenant.Planted says what analyze must find, by rule id (CONTRACT.md), user and address;
// Tenant.Decoys what must not fire or make anyone high. The attacks fall in the last week.
// The compromise chain (Planted.Chain) is: a password spray from a hosting address abroad,
// whose attempt on a Global Administrator shows the right password (50074); MFA fatigue
// from the same address until the push is approved; security info registered; an inbox rule
// and mailbox forwarding to external addresses; a backdoor service account reset, given a
// phone, made Global Administrator and a FullAccess delegate; a secret and a certificate on
// an existing application; admin consent to an unverified app for mail and file scopes.
// Besides: brute force (with a hostile user agent: HostileUserAgent), distributed password
// cracking, an MFA push reported as fraud, tries on disabled accounts then a success,
// legacy authentication clients, BAV2ROPC and CBAInPROD, device-code phishing, impossible
// travel, a new country, a Global Administrator from a new ASN who then federates the
// domain and changes Conditional Access, Identity Protection's high-risk sign-ins, and
// sign-ins from threat-intelligence addresses (ThreatIntelIPs, threat_intel.txt).
// The attacks of 2026 (scenario_signin2026.go): an attacker-in-the-middle phish through a
// hosting proxy whose sessionId is replayed minutes later from another network and country by
// scripting clients, then an inbox rule to RSS Subscriptions in that session (UAL
// AppAccessContext.AADSessionId); a spray campaign of one rare user agent over forty residential
// addresses, one to three tries each, with one success; a device code phish followed by
// Register device. Their look-alikes: Teams Rooms consoles on the device code flow every day,
// two fumbled MFA prompts, carrier addresses geolocated far apart, IPv6 privacy addresses of one
// /64, phones between Wi-Fi and carrier, travellers on managed laptops, and such noise across
// the tenant.
// In the Unified Audit Log (ual.go): a business email compromise's hiding rules on payment words, a
// bulk download and a mail-reading client with a mailbox search, each after a foreign sign-in;
// its look-alikes are a new laptop's OneDrive sync, a team folder downloaded once, a filing rule
// for the tenant's payroll address, a new phone's Outlook, and a backup app reading every
// mailbox every night.
//
// # Formats
//
// Write writes one format's files under a folder:
//
//	graph-pages         signIns_interactive_<day>.json (v1.0), signIns_nonInteractive_<day>.json (beta),
//	                    directoryAudits_<from>_<to>.json, riskDetections.json, riskyUsers.json:
//	                    Graph pages of up to 1000, a page a line, @odata.nextLink between pages
//	graph-ndjson        the same records, one a line (.ndjson)
//	graph-powershell    SignIns_*.json, NonInteractiveSignIns_*.json (an array per page,
//	                    appended), DirectoryAudits_*.json: Windows PowerShell 5.1 ConvertTo-Json
//	                    (BOM, CRLF, PascalCase, "\/Date(ms)\/", its indentation and escapes)
//	azure-monitor       insights-logs-{signinlogs,noninteractiveusersigninlogs,auditlogs,
//	                    riskyusers,userriskevents}/resourceId=/tenants/<id>/providers/
//	                    Microsoft.aadiam/y=/m=/d=/h=/m=00/PT1H.json: JSON Lines, CRLF, ingestion
//	                    times, about 3.5 % of records delivered again
//	portal-csv          InteractiveSignIns_<from>_<to>.csv, NonInteractiveSignIns_…,
//	                    InteractiveSignIns_AuthDetails_…, AuditLogs_…: the admin center's
//	                    downloads, a file a week, 2026 header lines
//	log-analytics-csv   SigninLogs.csv (a union query's _dynamic/_string pairs),
//	                    AADNonInteractiveUserSignInLogs.csv, AuditLogs.csv, OfficeActivity.csv
//	log-analytics-json  the same tables as JSON arrays
//	purview-csv         AuditLog_<from>_<to>.csv (the older four-column export, first week) and
//	                    PurviewAudit_<from>_<to>.csv (current layout, from the last day of
//	                    the older one on); some records repeated
//	risk-json           riskDetections.json and riskyUsers.json pages
//
// Beside them Write puts threat_intel.txt, which is not an export.
package gen

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Options describe the tenant to generate.
type Options struct {
	Seed              int64     // same seed, same bytes
	Users             int       // tenant size (members, service and shared accounts); default 200, at least 40
	Start             time.Time // first day (UTC midnight); default 2026-10-01
	Days              int       // default 21; the attacks fall in the last week, after at least 14 days of history when Days >= 21
	SignInsPerUserDay float64   // average interactive + non-interactive sign-ins per user per day; default 12
	Domain            string    // default "contoso.com"; the tenant also owns "<name>.onmicrosoft.com"
	Attacks           bool      // plant the attack scenarios
	Decoys            bool      // plant the benign look-alikes
}

// The smallest tenant: the password spray needs fifteen victims and more.
const minUsers = 40

func (o Options) withDefaults() Options {
	if o.Users <= 0 {
		o.Users = 200
	}
	if o.Users < minUsers {
		o.Users = minUsers
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	}
	o.Start = o.Start.UTC().Truncate(24 * time.Hour)
	if o.Days <= 0 {
		o.Days = 21
	}
	if o.Days < 8 {
		o.Days = 8
	}
	if o.SignInsPerUserDay <= 0 {
		o.SignInsPerUserDay = 12
	}
	if o.Domain == "" {
		o.Domain = "contoso.com"
	}
	o.Domain = strings.ToLower(o.Domain)
	return o
}

// User is a member of the tenant.
type User struct {
	ID                string
	UserPrincipalName string // as the directory spells it (some have capitals)
	DisplayName       string
	GivenName         string
	Surname           string
	Department        string
	JobTitle          string
	City              string
	State             string
	Country           string
	Roles             []string // directory roles, e.g. Global Administrator
	Enabled           bool
	Kind              string // member, service (a non-human account that signs in) or shared (a mailbox nobody signs in to)
}

// UPN is the user principal name in lower case, as the store keeps it.
func (u *User) UPN() string { return strings.ToLower(u.UserPrincipalName) }

// Planted is ground truth: an attack that analyze must find. User is lower case.
type Planted struct {
	Rule, User, IP string
	Start, End     time.Time
	Chain          bool // part of the compromise chain
	Note           string

	ServicePrincipal string // the workload identity (service principal object id) the attack flags, if any
}

// Decoy is ground truth: benign activity that looks like an attack and must not fire (or
// must not make anyone high).
type Decoy struct {
	Rule, User, IP string
	Note           string

	ServicePrincipal string // the workload identity (service principal object id) that must stay low, if any
}

// Tenant is a generated tenant. Sign-ins are streamed by SignIns; everything else is here.
type Tenant struct {
	Options  Options // as filled in
	TenantID string
	Name     string   // the first label of the domain: "contoso"
	Domains  []string // the verified domain and <name>.onmicrosoft.com
	Users    []User

	Planted        []Planted
	Decoys         []Decoy
	ThreatIntelIPs []string // addresses and CIDR blocks, as written to threat_intel.txt

	Audits         []Audit         // directory audits, in time order
	Mailbox        []MailboxEvent  // Unified Audit Log records, in time order
	RiskDetections []RiskDetection // in time order
	RiskyUsers     []RiskyUser     // by user principal name

	profiles   []*profile
	byUPN      map[string]*profile
	policies   tenantPolicies
	ca         *caSets
	planted    []SignIn // the planted sign-ins, in time order
	workspace  string   // the Log Analytics workspace id
	resourceID string   // /tenants/<id>/providers/Microsoft.aadiam
	end        time.Time
}

// Start and End bound the tenant's logs: [Start, End).
func (t *Tenant) Start() time.Time { return t.Options.Start }
func (t *Tenant) End() time.Time   { return t.end }

// New builds a tenant: its users, devices, homes, the planted events and all records but
// the sign-ins, which SignIns generates on demand.
func New(opts Options) *Tenant {
	opts = opts.withDefaults()
	t := &Tenant{Options: opts}
	t.end = opts.Start.AddDate(0, 0, opts.Days)
	r := newRNG(opts.Seed, streamTenant)
	t.TenantID = r.uuid()
	t.workspace = r.uuid()
	t.resourceID = "/tenants/" + t.TenantID + "/providers/Microsoft.aadiam"
	t.Name, _, _ = strings.Cut(opts.Domain, ".")
	t.Domains = []string{opts.Domain, t.Name + ".onmicrosoft.com"}
	t.policies = newPolicies(r)
	t.ca = newCASets(t.policies)
	t.buildUsers(r)
	s := newScenario(t)
	s.workloads()
	if opts.Attacks {
		s.attacks()
	}
	if opts.Decoys {
		s.decoys()
		s.complianceMix()
	}
	if opts.Attacks {
		s.attacks2026() // after the decoys, so that the earlier scenarios keep their people and draws
	}
	if opts.Attacks {
		s.ualAttacks()
	}
	if opts.Decoys {
		s.ualDecoys()
	}
	s.finish()
	return t
}

// RNG streams: each purpose draws from its own, so adding a scenario does not move the
// background.
const (
	streamTenant = iota + 1
	streamScenario
	streamAudits
	streamMailbox
	streamDay = 1 << 20 // + day index
)

// Format is an export format the tenant can be written in.
type Format string

// The formats.
const (
	GraphPages       Format = "graph-pages"        // Graph v1.0/beta JSON pages: signIns, directoryAudits, riskDetections, riskyUsers
	GraphNDJSON      Format = "graph-ndjson"       // the same records, one a line
	GraphPowerShell  Format = "graph-powershell"   // Graph PowerShell SDK output under Windows PowerShell 5.1
	AzureMonitor     Format = "azure-monitor"      // diagnostic settings to a storage account: hourly PT1H.json blobs
	PortalCSV        Format = "portal-csv"         // the Entra admin center's CSV downloads
	LogAnalyticsCSV  Format = "log-analytics-csv"  // Log Analytics / Sentinel query results as CSV
	LogAnalyticsJSON Format = "log-analytics-json" // the same as JSON
	PurviewCSV       Format = "purview-csv"        // Purview audit search export (Unified Audit Log)
	RiskJSON         Format = "risk-json"          // Graph identityProtection riskDetections and riskyUsers pages
)

// Formats lists every format.
func Formats() []Format {
	return []Format{GraphPages, GraphNDJSON, GraphPowerShell, AzureMonitor, PortalCSV, LogAnalyticsCSV, LogAnalyticsJSON, PurviewCSV, RiskJSON}
}

// ParseFormat returns the format of that name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, 0, 9)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (one of %s)", s, strings.Join(names, ", "))
}

// Tables lists the store tables a format's files fill.
func (f Format) Tables() []string {
	switch f {
	case GraphPages, GraphNDJSON, AzureMonitor:
		return []string{"directory_audits", "risk_detections", "risky_users", "signins"}
	case GraphPowerShell:
		return []string{"directory_audits", "signins"}
	case PortalCSV:
		return []string{"directory_audits", "signin_auth_details", "signins"}
	case LogAnalyticsCSV, LogAnalyticsJSON:
		return []string{"directory_audits", "signins", "unified_audit"}
	case PurviewCSV:
		return []string{"unified_audit"}
	case RiskJSON:
		return []string{"risk_detections", "risky_users"}
	}
	return nil
}

// ThreatIntelFile is the name of the threat-intelligence list Write puts beside the
// exports: one address or CIDR block a line, after comment lines starting with '#'.
const ThreatIntelFile = "threat_intel.txt"

// Write writes the tenant's logs in format f under dir (created if missing) and returns
// the paths of the files written, sorted. When the tenant has threat-intelligence
// addresses it also writes dir/threat_intel.txt, which is not an export and is not among
// the paths returned.
func (t *Tenant) Write(dir string, f Format) ([]string, error) {
	w := &writer{t: t, dir: dir}
	var err error
	switch f {
	case GraphPages:
		err = w.graphPages()
	case GraphNDJSON:
		err = w.graphNDJSON()
	case GraphPowerShell:
		err = w.graphPowerShell()
	case AzureMonitor:
		err = w.azureMonitor()
	case PortalCSV:
		err = w.portalCSV()
	case LogAnalyticsCSV:
		err = w.logAnalyticsCSV()
	case LogAnalyticsJSON:
		err = w.logAnalyticsJSON()
	case PurviewCSV:
		err = w.purviewCSV()
	case RiskJSON:
		err = w.riskJSON()
	default:
		return nil, fmt.Errorf("write: unknown format %q", f)
	}
	if err == nil && len(t.ThreatIntelIPs) > 0 {
		err = t.WriteThreatIntel(filepath.Join(dir, ThreatIntelFile))
	}
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", f, err)
	}
	sort.Strings(w.paths)
	return w.paths, nil
}

// User returns the user with that principal name (any case), or nil.
func (t *Tenant) User(upn string) *User {
	if p := t.byUPN[strings.ToLower(upn)]; p != nil {
		return p.u
	}
	return nil
}
