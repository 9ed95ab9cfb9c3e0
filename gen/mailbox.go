package gen

import (
	"strings"
	"time"
)

// userKey is the user's Passport Unique ID as the Unified Audit Log writes it.
func (t *Tenant) userKey(p *profile) string {
	x := splitmix(uint64(t.Options.Seed) ^ uint64(p.idx)*0x9E3779B97F4A7C15)
	const hexUpper = "0123456789ABCDEF"
	b := []byte("10032")
	for i := 0; i < 11; i++ {
		b = append(b, hexUpper[x&0xf])
		x >>= 4
	}
	return string(b)
}

// exchangeCmdlet is an Exchange admin cmdlet run by a user (from Outlook on the web, or
// Exchange Online PowerShell).
func (t *Tenant) exchangeCmdlet(r rng, at time.Time, p *profile, ip, op, objectID string, params []KeyValue) MailboxEvent {
	return MailboxEvent{
		ID: r.uuid(), CreatedAt: at.Truncate(time.Second), RecordType: RecordExchangeAdmin, Operation: op, Workload: "Exchange",
		UserID: p.u.UserPrincipalName, UserKey: t.userKey(p), UserType: 2, ClientIP: ip, ClientPort: r.between(1024, 65535),
		ResultStatus: "True", ObjectID: objectID, OrganizationID: t.TenantID, Parameters: params, AppID: appOffice365Exchange.ID,
	}
}

// ruleObject is the object id of an inbox rule.
func (t *Tenant) ruleObject(p *profile, name string) string {
	alias, _, _ := strings.Cut(p.u.UserPrincipalName, "@")
	return "NAMPR04A006.prod.outlook.com/Microsoft Exchange Hosted Organizations/" + t.Name + ".onmicrosoft.com/" + alias + `\` + name
}

// Mail subjects and file names for the ordinary noise.
var (
	mailSubjects = []string{"Re: Q4 planning", "Weekly status", "Invoice 4471 approved", "Re: Re: customer escalation", "Lunch on Friday?",
		"FW: contract redlines", "Agenda for Monday", "Re: travel expenses", "Draft proposal attached", "Quick question"}
	fileNames = []string{"Q4 Forecast.xlsx", "Board deck.pptx", "Contract - Fabrikam.docx", "Onboarding checklist.docx", "Pipeline.xlsx",
		"Roadmap 2027.pptx", "Expense policy.pdf", "Meeting notes.docx"}
)

// workMoment is a moment of the user's working day that starts at midnight (their local midnight,
// in UTC) and where they are then: ip, or the trip's address when they are away (a moment during
// a flight moves to the evening before).
func (p *profile) workMoment(r rng, midnight time.Time, ip string) (time.Time, string) {
	at := midnight.Add(time.Duration((p.startHour + p.dayLength*r.Float64()) * float64(time.Hour))).Truncate(time.Second)
	if tr := p.tripAt(at); tr != nil && tr.place >= 0 {
		return at, tr.ip
	} else if tr != nil {
		return at.Add(-12 * time.Hour), ip
	}
	return at, ip
}

// backgroundMailbox is the ordinary Unified Audit Log traffic: mail synced and sent,
// files opened, sign-ins to Exchange.
func (t *Tenant) backgroundMailbox() []MailboxEvent {
	r := newRNG(t.Options.Seed, streamMailbox)
	var out []MailboxEvent
	members := t.members(false)
	members = append(members, t.members(true)...)
	for d := 0; d < t.Options.Days; d++ {
		date := t.Options.Start.AddDate(0, 0, d)
		wd := date.Weekday()
		scale := 1.0
		if wd == time.Saturday || wd == time.Sunday {
			scale = 0.1
		}
		for _, p := range members {
			home := &places[p.home]
			midnight := date.Add(-time.Duration(home.UTCOffset) * time.Hour)
			atOffice := scale == 1 && p.office >= 0 && p.officeDays[wd]
			ip := p.homeIPOn(d)
			if atOffice {
				ip = r.ipIn(networks[p.office].Prefix)
			}
			when := func() (time.Time, string) { return p.workMoment(r, midnight, ip) }
			base := MailboxEvent{UserID: p.u.UserPrincipalName, UserKey: t.userKey(p), OrganizationID: t.TenantID}
			for i := r.poisson(1.2 * scale); i > 0; i-- {
				e := base
				e.CreatedAt, e.ClientIP = when()
				e.ID, e.RecordType, e.Operation, e.Workload = r.uuid(), RecordExchangeItemAggregated, "MailItemsAccessed", "Exchange"
				e.ResultStatus, e.MailboxOwnerUPN, e.FolderPath = "Succeeded", p.u.UserPrincipalName, `\Inbox`
				e.ClientInfoString = pick(r, []string{"Client=OWA;Action=ViaProxy", "Client=REST;Client=RESTSystem;;", "Client=MSExchangeRPC"})
				e.AppID = appOffice365Exchange.ID
				out = append(out, e)
			}
			for i := r.poisson(1.0 * scale); i > 0; i-- {
				e := base
				e.CreatedAt, e.ClientIP = when()
				e.ID, e.RecordType, e.Operation, e.Workload = r.uuid(), RecordExchangeItem, "Send", "Exchange"
				e.ResultStatus, e.MailboxOwnerUPN, e.Subject = "Succeeded", p.u.UserPrincipalName, pick(r, mailSubjects)
				e.ClientInfoString = "Client=OWA;Action=ViaProxy"
				out = append(out, e)
			}
			for i := r.poisson(1.5 * scale); i > 0; i-- {
				e := base
				e.CreatedAt, e.ClientIP = when()
				e.ID, e.RecordType, e.Operation = r.uuid(), RecordSharePointFileOp, "FileAccessed"
				alias, _, _ := strings.Cut(strings.ToLower(p.u.UserPrincipalName), "@")
				alias = strings.ReplaceAll(alias, ".", "_") + "_" + strings.ReplaceAll(t.Options.Domain, ".", "_")
				e.FileName = pick(r, fileNames)
				if r.chance(0.6) {
					e.Workload = "OneDrive"
					e.SiteURL = "https://" + t.Name + "-my.sharepoint.com/personal/" + alias + "/"
				} else {
					e.Workload = "SharePoint"
					e.SiteURL = "https://" + t.Name + ".sharepoint.com/sites/" + pick(r, []string{"Finance", "Sales", "Engineering", "AllStaff"}) + "/"
				}
				e.ObjectID = e.SiteURL + "Shared Documents/" + e.FileName
				e.UserAgent = p.desk.UA
				e.ResultStatus = ""
				out = append(out, e)
			}
			for i := r.poisson(0.8 * scale); i > 0; i-- {
				e := base
				e.CreatedAt, e.ClientIP = when()
				e.ID, e.RecordType, e.Operation, e.Workload = r.uuid(), RecordAzureADStsLogon, "UserLoggedIn", "AzureActiveDirectory"
				e.UserKey = p.u.ID
				e.ResultStatus = "Success"
				e.AppID = pick(r, []string{appOfficeHome.ID, appOWA.ID, appTeams.ID})
				e.ObjectID = appOffice365Exchange.ID
				e.UserAgent = p.desk.UA
				out = append(out, e)
			}
		}
	}
	return out
}
