package gen

import (
	"strconv"
	"strings"
	"time"
)

// The Unified Audit Log the exfiltration and hiding rules read: SharePoint and OneDrive
// downloads (0-10 a day a person), Outlook's mail reads (Bind and Sync), a backup application
// that reads every mailbox every night, and the attacks and look-alikes of inbox_rule_hiding,
// bulk_download and mail_bulk_access. Records carry their detail in MailboxEvent.UAL, which
// appendUALDetail (Purview and Management Activity API JSON) and officeUALDetail (Log
// Analytics OfficeActivity) write.

// ualDetail is what a record holds beyond the older background's fields.
type ualDetail struct {
	OperationCount int          // MailItemsAccessed: items the record stands for
	AccessType     string       // MailItemsAccessed: Bind or Sync
	Throttled      bool         // MailItemsAccessed: IsThrottled
	Folders        []mailFolder // MailItemsAccessed: the folders and, for a Bind, the messages
	ClientAppID    string       // the application acting (ClientAppId, AppAccessContext.ClientAppId)
	SessionID      string       // AppAccessContext.AADSessionId: the Entra session behind the record
	TokenID        string       // AppAccessContext.UniqueTokenId
	Managed        bool         // SharePoint: IsManagedDevice
	Platform       string       // SharePoint: Platform
	QueryText      string       // SearchQueryInitiatedExchange
	RuleProps      []KeyValue   // UpdateInboxRules: OperationProperties
}

// mailFolder is a folder a MailItemsAccessed record names, with the messages read in it.
type mailFolder struct {
	Path  string
	Items []string // InternetMessageIds; none for a Sync
}

// The RNG streams of this file's background and scenarios, apart from the older ones so that
// they move nothing.
const (
	streamUAL         = 1 << 19
	streamUALScenario = 1<<19 + 1
)

// useStream makes the scenario draw from its own stream until the returned func restores the
// one before.
func (s *scenario) useStream(stream uint64) func() {
	saved := s.r
	s.r = newRNG(s.t.Options.Seed, stream)
	return func() { s.r = saved }
}

// The backup application: a service principal that reads every mailbox every night, app-only.
var appBackup = app{"Contoso Mail Backup", "5d8e9f10-2b3c-4d5e-8f90-a1b2c3d4e5f6"}

const (
	backupSPID         = "0c6f3a2e-7b1d-4e9a-9d2c-5f8e1a3b4c7d"
	syncClientUA       = "Microsoft SkyDriveSync 24.201.1006.0005 ship; Windows NT 10.0 (26100)"
	outlookDesktopInfo = "Client=MSExchangeRPC"
	outlookMobileInfo  = "Client=OutlookService;Outlook-iOS/2.0;"
)

// teamSites are the SharePoint sites people download from.
var teamSites = []string{"Finance", "Sales", "Engineering", "AllStaff", "HR", "Legal", "Projects"}

// siteURL is a user's OneDrive or a team site.
func (t *Tenant) siteURL(p *profile, team string) string {
	if team == "" {
		alias, _, _ := strings.Cut(strings.ToLower(p.u.UserPrincipalName), "@")
		alias = strings.ReplaceAll(alias, ".", "_") + "_" + strings.ReplaceAll(t.Options.Domain, ".", "_")
		return "https://" + t.Name + "-my.sharepoint.com/personal/" + alias + "/"
	}
	return "https://" + t.Name + ".sharepoint.com/sites/" + team + "/"
}

// fileEvent is a SharePoint or OneDrive file operation.
func (t *Tenant) fileEvent(r rng, at time.Time, p *profile, ip, op, team, file, ua string, d *ualDetail) MailboxEvent {
	e := MailboxEvent{ID: r.uuid(), CreatedAt: at.Truncate(time.Second), RecordType: RecordSharePointFileOp, Operation: op,
		Workload: "SharePoint", UserID: p.u.UserPrincipalName, UserKey: t.userKey(p), ClientIP: ip, OrganizationID: t.TenantID,
		FileName: file, UserAgent: ua, UAL: d}
	e.SiteURL = t.siteURL(p, team)
	if team == "" {
		e.Workload = "OneDrive"
	}
	e.ObjectID = e.SiteURL + "Shared Documents/" + file
	return e
}

// mailRead is a MailItemsAccessed record: a Bind of n messages in a folder, or a Sync of folders.
func (t *Tenant) mailRead(r rng, at time.Time, userID, owner, ip, appID, clientApp, info string, n int, folders []string, d ualDetail) MailboxEvent {
	e := MailboxEvent{ID: r.uuid(), CreatedAt: at.Truncate(time.Second), RecordType: RecordExchangeItemAggregated, Operation: "MailItemsAccessed",
		Workload: "Exchange", UserID: userID, ClientIP: ip, ResultStatus: "Succeeded", OrganizationID: t.TenantID, MailboxOwnerUPN: owner,
		ClientInfoString: info, AppID: appID}
	if p := t.byUPN[strings.ToLower(userID)]; p != nil {
		e.UserKey = t.userKey(p)
	} else {
		e.UserKey, e.UserType = userID, 5 // an application acting for itself
	}
	d.ClientAppID = clientApp
	if d.AccessType == "" {
		d.AccessType = "Bind"
	}
	d.OperationCount = n
	for i, f := range folders {
		mf := mailFolder{Path: f}
		if d.AccessType == "Bind" {
			per := n / len(folders)
			if i == 0 {
				per += n % len(folders)
			}
			for j := 0; j < per; j++ {
				mf.Items = append(mf.Items, "<"+strings.ToUpper(r.hex(16))+"@"+pick(r, messageHosts)+">")
			}
		}
		d.Folders = append(d.Folders, mf)
	}
	e.UAL = &d
	return e
}

var messageHosts = []string{"BN8PR04MB6211.namprd04.prod.outlook.com", "AM6PR10MB2438.EURPRD10.PROD.OUTLOOK.COM",
	"mail.fabrikam.com", "smtp.northwindtraders.com", "DM6NAM12FT058.eop-nam12.prod.protection.outlook.com"}

// backgroundUAL is the ordinary traffic the 2026 rules weigh: downloads, Outlook's reads and
// syncs, and the backup application's nightly reads.
func (t *Tenant) backgroundUAL() []MailboxEvent {
	r := newRNG(t.Options.Seed, streamUAL)
	var out []MailboxEvent
	people := append(t.members(false), t.members(true)...)
	backupIP := r.ipIn(networks[nwAmazon].Prefix)
	for d := 0; d < t.Options.Days; d++ {
		date := t.Options.Start.AddDate(0, 0, d)
		wd := date.Weekday()
		scale := 1.0
		if wd == time.Saturday || wd == time.Sunday {
			scale = 0.1
		}
		for _, p := range people {
			midnight := date.Add(-time.Duration(places[p.home].UTCOffset) * time.Hour)
			ip := p.homeIPOn(d)
			if scale == 1 && p.office >= 0 && p.officeDays[wd] {
				ip = r.ipIn(networks[p.office].Prefix)
			}
			// Downloads: a few a day, now and then a busier day (never more than ten).
			n := r.poisson(1.6 * scale)
			if r.chance(0.06 * scale) {
				n += r.between(3, 6)
			}
			for i := min(n, 10); i > 0; i-- {
				at, from := p.workMoment(r, midnight, ip)
				team := ""
				if r.chance(0.5) {
					team = pick(r, teamSites)
				}
				if r.chance(0.2) {
					out = append(out, t.fileEvent(r, at, p, from, "FileSyncDownloadedPartial", team, pick(r, fileNames), syncClientUA,
						&ualDetail{Managed: p.deskOwned, Platform: "WinDesktop", ClientAppID: appOneDriveSync.ID}))
				} else {
					out = append(out, t.fileEvent(r, at, p, from, "FileDownloaded", team, pick(r, fileNames), p.desk.UA,
						&ualDetail{Managed: p.deskOwned, Platform: "WinDesktop", ClientAppID: appSharePoint.ID}))
				}
			}
			// Outlook on the desk: binds of a few messages and the odd folder sync.
			for i := r.poisson(2 * scale); i > 0; i-- {
				at, from := p.workMoment(r, midnight, ip)
				out = append(out, t.mailRead(r, at, p.u.UserPrincipalName, p.u.UserPrincipalName, from, appOffice365Exchange.ID, appOffice.ID,
					outlookDesktopInfo, r.between(1, 8), []string{`\Inbox`}, ualDetail{}))
			}
			if r.chance(0.5 * scale) {
				at, from := p.workMoment(r, midnight, ip)
				out = append(out, t.mailRead(r, at, p.u.UserPrincipalName, p.u.UserPrincipalName, from, appOffice365Exchange.ID, appOffice.ID,
					outlookDesktopInfo, 1, []string{`\Inbox`, `\Sent Items`}, ualDetail{AccessType: "Sync"}))
			}
			// Outlook on the phone, from the mobile network.
			if r.chance(0.4) {
				at, _ := p.workMoment(r, midnight, ip)
				from := r.ipIn(networks[p.mobileNet].Prefix)
				if tr := p.tripAt(at); tr != nil && tr.place >= 0 {
					from = tr.ip
				}
				out = append(out, t.mailRead(r, at, p.u.UserPrincipalName, p.u.UserPrincipalName, from, appOffice365Exchange.ID, appOutlookMobile.ID,
					outlookMobileInfo, r.between(1, 4), []string{`\Inbox`}, ualDetail{}))
			}
			// The backup application, between one and two in the morning UTC.
			at := date.Add(time.Hour + time.Duration(r.IntN(3600))*time.Second)
			out = append(out, t.mailRead(r, at, backupSPID, p.u.UserPrincipalName, backupIP, appBackup.ID, appBackup.ID,
				"Client=REST;Client=RESTSystem;;", r.between(2, 10), []string{`\Inbox`, `\Sent Items`}, ualDetail{}))
		}
	}
	return out
}

// ualAttacks plants the 2026 Unified Audit Log attacks: a business email compromise that hides
// payment mail, a bulk download in the hour after a foreign sign-in, and a mail-reading client
// with mailbox searches after a suspicious sign-in.
func (s *scenario) ualAttacks() {
	defer s.useStream(streamUALScenario)()
	s.becInboxRule()
	s.bulkDownload()
	s.mailRead()
}

// foreignSignIn is a successful sign-in of p, with the password and MFA (a phishing proxy's
// relay), from a network abroad, and a session that the attacker's later records carry.
func (s *scenario) foreignSignIn(p *profile, at time.Time, net int) (SignIn, string) {
	from := s.at(net)
	session := s.r.uuid()
	si := s.signIn(hit{p: p, at: at, from: from, app: usage{App: appOfficeHome, Resource: appOfficeHome}, kind: authPasswordMFA, mfa: true,
		method: p.mfaMethod, session: session}.attackerBrowser())
	return si, session
}

func (s *scenario) becInboxRule() {
	p := s.member("US", false)
	s.ensureHistory(p)
	si, session := s.foreignSignIn(p, s.clock(s.weekday(2), 15, 10), nwOVH)
	ip := si.IPAddress
	ruleAt := si.CreatedAt.Add(18*time.Minute + s.r.dur(0, time.Minute))
	rule := s.t.exchangeCmdlet(s.r, ruleAt, p, ip, "New-InboxRule", s.t.ruleObject(p, ".."), []KeyValue{
		{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"Name", ".."},
		{"SubjectOrBodyContainsWords", "invoice;payment;wire transfer;bank details;remittance"},
		{"MoveToFolder", "Conversation History"}, {"MarkAsRead", "True"}, {"StopProcessingRules", "True"},
	})
	rule.UserType = 0
	rule.UAL = &ualDetail{SessionID: session}
	s.mail = append(s.mail, rule)
	s.plant("inbox_rule_hiding", p, ip, false, "New-InboxRule \"..\" moving invoice and payment mail to Conversation History, marked read, 18 minutes after a sign-in from France (OVH)", ruleAt, ruleAt)

	// Then, from OWA, a rule that deletes the bank's and IT's warnings.
	owaAt := ruleAt.Add(7*time.Minute + s.r.dur(0, time.Minute))
	owa := MailboxEvent{ID: s.r.uuid(), CreatedAt: owaAt.Truncate(time.Second), RecordType: RecordExchangeItem, Operation: "UpdateInboxRules",
		Workload: "Exchange", UserID: p.u.UserPrincipalName, UserKey: s.t.userKey(p), ClientIP: ip, ResultStatus: "Succeeded",
		OrganizationID: s.t.TenantID, MailboxOwnerUPN: p.u.UserPrincipalName, ClientInfoString: "Client=OWA;Action=ViaProxy", AppID: appOWA.ID,
		UAL: &ualDetail{SessionID: session, ClientAppID: appOWA.ID, RuleProps: []KeyValue{
			{"RuleOperation", "AddMailboxRule"}, {"RuleId", strconv.Itoa(s.r.between(100000, 999999))}, {"RuleName", "."},
			{"RuleState", "Enabled"}, {"RuleCondition", `((Subject Contains "suspicious sign-in") OR (Subject Contains "hacked") OR (Subject Contains "phishing"))`},
			{"RuleActions", `[{"ActionType":"Delete"}]`}, {"RuleProvider", "Microsoft Exchange"},
		}}}
	s.mail = append(s.mail, owa)
	s.plant("inbox_rule_hiding", p, ip, false, "UpdateInboxRules from OWA: rule \".\" deleting mail about suspicious sign-ins, hacking or phishing", owaAt, owaAt)
}

func (s *scenario) bulkDownload() {
	p := s.member("US", true)
	s.ensureHistory(p)
	si, session := s.foreignSignIn(p, s.clock(s.weekday(3), 13, 40), nwLeaseWeb)
	ip := si.IPAddress
	start := si.CreatedAt.Add(12*time.Minute + s.r.dur(0, time.Minute))
	at := start
	n := 280 + s.r.IntN(80)
	for i := 0; i < n; i++ {
		team := pick(s.r, []string{"Finance", "HR", "Legal", ""})
		file := pick(s.r, []string{"Payroll", "Contract", "Budget", "Board minutes", "Bank details", "Pricing"}) + " " + strconv.Itoa(2020+i%7) + "-" + strconv.Itoa(i) +
			pick(s.r, []string{".xlsx", ".docx", ".pdf"})
		s.mail = append(s.mail, s.t.fileEvent(s.r, at, p, ip, "FileDownloaded", team, file, "python-requests/2.32.3",
			&ualDetail{SessionID: session, ClientAppID: appGraph.ID}))
		at = at.Add(s.r.dur(4*time.Second, 9*time.Second))
	}
	s.plant("bulk_download", p, ip, false, strconv.Itoa(n)+" files downloaded with a script within the hour after a sign-in from the Netherlands (LeaseWeb); the user downloads at most ten a day", start, at)
}

func (s *scenario) mailRead() {
	p := s.member("GB", false)
	s.ensureHistory(p)
	si, session := s.foreignSignIn(p, s.clock(s.weekday(4), 9, 20), nwHetzner)
	ip := si.IPAddress
	client := s.r.uuid() // a third-party mail client the attacker consented to
	at := si.CreatedAt.Add(9*time.Minute + s.r.dur(0, time.Minute))
	start := at
	search := MailboxEvent{ID: s.r.uuid(), CreatedAt: at.Truncate(time.Second), RecordType: RecordExchangeSearch, Operation: "SearchQueryInitiatedExchange",
		Workload: "Exchange", UserID: p.u.UserPrincipalName, UserKey: s.t.userKey(p), ClientIP: ip, OrganizationID: s.t.TenantID,
		MailboxOwnerUPN: p.u.UserPrincipalName, ClientInfoString: "Client=REST;;", AppID: appGraph.ID,
		UAL: &ualDetail{SessionID: session, ClientAppID: client, QueryText: "wire transfer"}}
	s.mail = append(s.mail, search)
	total := 0
	for i := 0; i < 14; i++ {
		at = at.Add(s.r.dur(90*time.Second, 150*time.Second))
		n := s.r.between(35, 60)
		total += n
		folder := pick(s.r, []string{`\Inbox`, `\Sent Items`, `\Archive`})
		s.mail = append(s.mail, s.t.mailRead(s.r, at, p.u.UserPrincipalName, p.u.UserPrincipalName, ip, appGraph.ID, client, "Client=REST;;",
			n, []string{folder}, ualDetail{SessionID: session}))
	}
	s.plant("mail_bulk_access", p, ip, false, strconv.Itoa(total)+" mail items read through an unknown client over Graph, and the mailbox searched for \"wire transfer\", after a sign-in from Germany (Hetzner)", start, at)
}

// officeOf is the user's office network (New York's for the few who have none).
func officeOf(p *profile) int {
	if p.office < 0 {
		return nwOfficeNY
	}
	return p.office
}

// ualDecoys plants look-alikes of the 2026 Unified Audit Log attacks.
func (s *scenario) ualDecoys() {
	defer s.useStream(streamUALScenario + 1)()
	t := s.t
	// A new laptop at the office: the OneDrive sync client downloads the user's files.
	p := s.member("US", true)
	k := s.weekday(1)
	office := s.at(officeOf(p))
	at := s.clock(k, 13, 5)
	if officeOf(p) == nwOfficeLondon {
		at = at.Add(-5 * time.Hour)
	}
	for i := 0; i < 450; i++ {
		s.mail = append(s.mail, t.fileEvent(s.r, at, p, office.ip, "FileSyncDownloadedFull", "", pick(s.r, fileNames)+" ("+strconv.Itoa(i)+")",
			syncClientUA, &ualDetail{Managed: true, Platform: "WinDesktop", ClientAppID: appOneDriveSync.ID}))
		at = at.Add(s.r.dur(2*time.Second, 5*time.Second))
	}
	s.decoy("bulk_download", p, office.ip, "the OneDrive sync client fills a new managed laptop at the office with 450 files")

	// A team folder downloaded once, from home.
	q := s.member("GB", false)
	d := s.dayIndex(s.clock(3, 0, 0))
	at = s.clock(3, 10, 30)
	for i := 0; i < 70; i++ {
		s.mail = append(s.mail, t.fileEvent(s.r, at, q, q.homeIPOn(d), "FileDownloaded", "Projects", "Tender "+strconv.Itoa(i)+".pdf", q.desk.UA,
			&ualDetail{Managed: q.deskOwned, Platform: "WinDesktop", ClientAppID: appSharePoint.ID}))
		at = at.Add(s.r.dur(3*time.Second, 8*time.Second))
	}
	s.decoy("bulk_download", q, q.homeIPOn(d), "a team folder of 70 files downloaded once, from home")

	// A rule filing payroll's mail to Archive, made at the office.
	a := s.member("US", true)
	aAt := s.clock(s.weekday(2), 14, 0)
	if officeOf(a) == nwOfficeLondon {
		aAt = aAt.Add(-5 * time.Hour)
	}
	aIP := s.at(officeOf(a)).ip
	s.mail = append(s.mail, t.exchangeCmdlet(s.r, aAt, a, aIP, "New-InboxRule", t.ruleObject(a, "Payroll notices"), []KeyValue{
		{"AlwaysDeleteOutlookRulesBlob", "False"}, {"Force", "False"}, {"Name", "Payroll notices"},
		{"From", "payroll@" + t.Options.Domain}, {"MoveToFolder", "Archive"}, {"StopProcessingRules", "False"},
	}))
	s.decoy("inbox_rule_hiding", a, aIP, "a rule moving mail from the tenant's payroll address to Archive, made at the office")

	// A new phone: Outlook syncs the mailbox from the mobile network.
	m := s.member("", false)
	md := s.dayIndex(s.clock(2, 0, 0))
	mAt := s.clock(2, 18, 0)
	mobile := s.r.ipIn(networks[m.mobileNet].Prefix)
	s.signIn(hit{p: m, at: mAt.Add(-2 * time.Minute), from: whereFrom{ip: mobile, net: m.mobileNet, place: m.home},
		app: usage{App: appOutlookMobile, Resource: appOffice365Exchange}, kind: authPasswordMFA, mfa: true, method: m.mfaMethod, own: true, phone: true})
	for i, f := range []string{`\Inbox`, `\Sent Items`, `\Archive`, `\Drafts`} {
		s.mail = append(s.mail, t.mailRead(s.r, mAt.Add(time.Duration(i)*20*time.Second), m.u.UserPrincipalName, m.u.UserPrincipalName, mobile,
			appOffice365Exchange.ID, appOutlookMobile.ID, outlookMobileInfo, 1, []string{f}, ualDetail{AccessType: "Sync"}))
	}
	for i := 0; i < 8; i++ {
		s.mail = append(s.mail, t.mailRead(s.r, mAt.Add(2*time.Minute+time.Duration(i)*90*time.Second), m.u.UserPrincipalName, m.u.UserPrincipalName,
			mobile, appOffice365Exchange.ID, appOutlookMobile.ID, outlookMobileInfo, 30+s.r.IntN(10), []string{`\Inbox`}, ualDetail{}))
	}
	s.decoy("mail_bulk_access", m, mobile, "Outlook on a new phone syncs four folders and reads about 270 messages, from the user's mobile network (day "+strconv.Itoa(md)+")")
	s.decoy("mail_bulk_access", nil, "", "the backup application ("+appBackup.Name+") reads every mailbox every night")
}

// appendUALDetail writes the fields of a record's UAL detail, after the fields every record of
// its type has (appendAuditData).
func (t *Tenant) appendUALDetail(e *jenc, m *MailboxEvent) {
	d := m.UAL
	if d == nil {
		return
	}
	if d.SessionID != "" || d.ClientAppID != "" {
		e.k("AppAccessContext")
		e.obj()
		if d.SessionID != "" {
			e.k("AADSessionId")
			e.str(d.SessionID)
		}
		if d.ClientAppID != "" {
			e.k("ClientAppId")
			e.str(d.ClientAppID)
		}
		e.k("IssuedAtTime")
		e.str(string(appendISO(nil, m.creationTime().Add(-10*time.Minute), 0)))
		if d.TokenID != "" {
			e.k("UniqueTokenId")
			e.str(d.TokenID)
		}
		e.endObj()
	}
	switch {
	case m.Operation == "MailItemsAccessed":
		e.k("ClientAppId")
		e.str(d.ClientAppID)
		e.k("OperationCount")
		e.int(d.OperationCount)
		e.k("OperationProperties")
		encodeKeyValues(e, mailAccessProps(d), "Name", "Value")
		e.k("Folders")
		e.raw(foldersJSON(d.Folders))
	case m.Operation == "UpdateInboxRules":
		e.k("ClientIP")
		e.str(m.ClientIP)
		e.k("OperationProperties")
		encodeKeyValues(e, d.RuleProps, "Name", "Value")
	case m.RecordType == RecordExchangeSearch:
		e.k("UserId")
		e.str(m.UserID)
		e.k("ClientIP")
		e.str(m.ClientIP)
		e.k("ClientInfoString")
		e.str(m.ClientInfoString)
		e.k("MailboxOwnerUPN")
		e.str(m.MailboxOwnerUPN)
		e.k("QueryText")
		e.str(d.QueryText)
		e.k("QuerySource")
		e.str("Rest")
	case m.RecordType == RecordSharePointFileOp:
		e.k("IsManagedDevice")
		e.bool(d.Managed)
		if d.Platform != "" {
			e.k("Platform")
			e.str(d.Platform)
		}
		e.k("ApplicationId")
		e.str(d.ClientAppID)
		e.k("AuthenticationType")
		e.str("OAuth")
		e.k("GeoLocation")
		e.str("NAM")
	}
}

// officeUALDetail fills the OfficeActivity columns of a record's UAL detail. OfficeActivity
// has no OperationCount: the messages its Folders list are the count.
func officeUALDetail(k *laSink, m *MailboxEvent) {
	d := m.UAL
	if d == nil {
		return
	}
	switch {
	case m.Operation == "MailItemsAccessed":
		k.set("AppId", vs(m.AppID))
		k.set("ClientAppId", vs(d.ClientAppID))
		k.set("OperationProperties", vjs(keyValuesJSON(mailAccessProps(d))))
		k.set("Folders", vjs(foldersJSON(d.Folders)))
	case m.Operation == "UpdateInboxRules":
		k.set("ClientIP", vs(m.ClientIP))
		k.set("ClientIP_", vs(m.ClientIP))
		k.set("ClientInfoString", vs(m.ClientInfoString))
		k.set("Item", vjs(`{"ParentFolder":{"Name":"Inbox","Path":"\\Inbox"}}`))
		k.set("OperationProperties", vjs(keyValuesJSON(d.RuleProps)))
		k.set("AppId", vs(m.AppID))
	case m.RecordType == RecordExchangeSearch:
		k.set("ClientIP", vs(m.ClientIP))
		k.set("ClientIP_", vs(m.ClientIP))
		k.set("ClientInfoString", vs(m.ClientInfoString))
		k.set("MailboxOwnerUPN", vs(m.MailboxOwnerUPN))
		k.set("AppId", vs(m.AppID))
		k.set("ClientAppId", vs(d.ClientAppID))
	case m.RecordType == RecordSharePointFileOp:
		k.set("AppId", vs(d.ClientAppID))
	}
}

// mailAccessProps are a MailItemsAccessed record's OperationProperties.
func mailAccessProps(d *ualDetail) []KeyValue {
	throttled := "False"
	if d.Throttled {
		throttled = "True"
	}
	return []KeyValue{{"MailAccessType", d.AccessType}, {"IsThrottled", throttled}}
}

// foldersJSON is a MailItemsAccessed record's Folders.
func foldersJSON(fs []mailFolder) string {
	var e jenc
	e.arr()
	for _, f := range fs {
		e.obj()
		if len(f.Items) > 0 {
			e.k("FolderItems")
			e.arr()
			for _, id := range f.Items {
				e.obj()
				e.k("InternetMessageId")
				e.str(id)
				e.endObj()
			}
			e.endArr()
		}
		e.k("Id")
		e.str("LgAAAAD" + strings.ToUpper(strings.ReplaceAll(guidFrom(f.Path), "-", "")) + "AAAB")
		e.k("Path")
		e.str(f.Path)
		e.endObj()
	}
	e.endArr()
	return string(e.b)
}

// keyValuesJSON is [{"Name":..,"Value":..}] as text.
func keyValuesJSON(kvs []KeyValue) string {
	var e jenc
	encodeKeyValues(&e, kvs, "Name", "Value")
	return string(e.b)
}
