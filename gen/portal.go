package gen

import (
	"strconv"
	"time"
)

// The Entra admin center's CSV downloads: a UTF-8 BOM, CRLF, every cell quoted, and the
// header lines exactly as the portal writes them (the 2026 sign-in layout has 57 columns,
// repeats "Incoming token type", and spells "Application ID " and "Resource ID " with a
// trailing space and "Autonomous system  number" with two spaces).

const portalSignInHeader = `"Date (UTC)","Request ID","User agent","Correlation ID","User ID","User","Username","User type","Cross tenant access type","Incoming token type","Authentication Protocol","Unique token identifier","Original transfer method","Client credential type","Token Protection - Sign In Session","Token Protection - Sign In Session StatusCode","Application","Application ID ","App owner tenant ID","Resource","Resource ID ","Resource tenant ID","Resource owner tenant ID","Home tenant ID","Home tenant name","IP address","Location","Status","Sign-in error code","Failure reason","Client app","Device ID","Browser","Operating System","Compliant","Managed","Join Type","Multifactor authentication result","Multifactor authentication auth method","Multifactor authentication auth detail","Authentication requirement","Sign-in identifier","Session ID","IP address (seen by resource)","Through Global Secure Access","Global Secure Access IP address","Autonomous system  number","Flagged for review","Token issuer type","Incoming token type","Token issuer name","Latency","Conditional Access","Managed Identity type","Associated Resource Id","Federated Token Id","Federated Token Issuer"`

const portalAuthDetailsHeader = `"Date (UTC)","Request ID","Authentication method","Authentication method detail","Succeeded","Result detail","Requirement"`

const portalAuditHeader = `"Date (UTC)","CorrelationId","Service","Category","Activity","Result","ResultReason","User Agent","ActorType","ActorDisplayName","ActorObjectId","ActorUserPrincipalName","IPAddress","ActorHomeTenantId","ActorHomeTenantName","ActorServicePrincipalId","ActorServicePrincipalName","Target1Type","Target1DisplayName","Target1ObjectId","Target1UserPrincipalName","Target1ModifiedProperty1Name","Target1ModifiedProperty1OldValue","Target1ModifiedProperty1NewValue","Target1ModifiedProperty2Name","Target1ModifiedProperty2OldValue","Target1ModifiedProperty2NewValue","Target1ModifiedProperty3Name","Target1ModifiedProperty3OldValue","Target1ModifiedProperty3NewValue","Target1ModifiedProperty4Name","Target1ModifiedProperty4OldValue","Target1ModifiedProperty4NewValue","Target1ModifiedProperty5Name","Target1ModifiedProperty5OldValue","Target1ModifiedProperty5NewValue","Target2Type","Target2DisplayName","Target2ObjectId","Target2UserPrincipalName","Target2ModifiedProperty1Name","Target2ModifiedProperty1OldValue","Target2ModifiedProperty1NewValue","Target2ModifiedProperty2Name","Target2ModifiedProperty2OldValue","Target2ModifiedProperty2NewValue","Target2ModifiedProperty3Name","Target2ModifiedProperty3OldValue","Target2ModifiedProperty3NewValue","Target2ModifiedProperty4Name","Target2ModifiedProperty4OldValue","Target2ModifiedProperty4NewValue","Target2ModifiedProperty5Name","Target2ModifiedProperty5OldValue","Target2ModifiedProperty5NewValue","Target3Type","Target3DisplayName","Target3ObjectId","Target3UserPrincipalName","Target3ModifiedProperty1Name","Target3ModifiedProperty1OldValue","Target3ModifiedProperty1NewValue","Target3ModifiedProperty2Name","Target3ModifiedProperty2OldValue","Target3ModifiedProperty2NewValue","Target3ModifiedProperty3Name","Target3ModifiedProperty3OldValue","Target3ModifiedProperty3NewValue","Target3ModifiedProperty4Name","Target3ModifiedProperty4OldValue","Target3ModifiedProperty4NewValue","Target3ModifiedProperty5Name","Target3ModifiedProperty5OldValue","Target3ModifiedProperty5NewValue","AdditionalDetail1Key","AdditionalDetail1Value","AdditionalDetail2Key","AdditionalDetail2Value","AdditionalDetail3Key","AdditionalDetail3Value","AdditionalDetail4Key","AdditionalDetail4Value","AdditionalDetail5Key","AdditionalDetail5Value","AdditionalDetail6Key","AdditionalDetail6Value"`

// portalHeaders returns the header lines the portal downloads carry, for tests and for
// anyone checking a file: sign-ins (2026 layout), authentication details, audit log.
func portalHeaders() (signIns, authDetails, audits string) {
	return portalSignInHeader, portalAuthDetailsHeader, portalAuditHeader
}

// The tenant Microsoft's first-party apps and resources belong to.
const microsoftTenantID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"

// portalWindow is the download a time falls in: the portal's downloads span a week here.
func (t *Tenant) portalWindow(at time.Time) (int, string) {
	k := int(at.Sub(t.Options.Start) / (7 * 24 * time.Hour))
	from := t.Options.Start.AddDate(0, 0, 7*k)
	to := from.AddDate(0, 0, 7)
	if to.After(t.end) {
		to = t.end
	}
	return k, dayOf(from) + "_" + dayOf(to.AddDate(0, 0, -1))
}

func yesNo(v bool) string {
	if v {
		return "Yes"
	}
	return "No"
}

func (w *writer) portalCSV() error {
	t := w.t
	start := func(header string) func(f *outFile) {
		return func(f *outFile) {
			f.writeString(utf8BOM)
			f.writeString(header)
			f.writeString("\r\n")
		}
	}
	names := map[int]string{}
	name := func(prefix string) func(string) string {
		return func(key string) string {
			k, _ := strconv.Atoi(key)
			return prefix + names[k] + ".csv"
		}
	}
	inter := &rotator{w: w, name: name("InteractiveSignIns_"), start: start(portalSignInHeader)}
	non := &rotator{w: w, name: name("NonInteractiveSignIns_"), start: start(portalSignInHeader)}
	auth := &rotator{w: w, name: name("InteractiveSignIns_AuthDetails_"), start: start(portalAuthDetailsHeader)}
	row := csvRow{quoteAll: true}
	var ts []byte
	ws := w.workloadSinks(PortalCSV)
	err := t.SignIns(func(s SignIn) error {
		if s.IsWorkload() {
			return ws.add(&s)
		}
		k, span := t.portalWindow(s.CreatedAt)
		names[k] = span
		key := strconv.Itoa(k)
		r := inter
		if !s.Interactive() {
			r = non
		}
		f, err := r.file(key)
		if err != nil {
			return err
		}
		row.b = row.b[:0]
		ts = append(appendISO(ts[:0], s.CreatedAt, 0), 'Z')
		row.cellBytes(ts)
		row.cell(s.ID)
		row.cell(s.UserAgent)
		row.cell(s.CorrelationID)
		row.cell(s.UserID)
		row.cell(s.UserDisplayName)
		row.cell(s.UserPrincipalName)
		row.cell(titleCase(s.UserType))
		row.cell(s.CrossTenantAccessType)
		row.cell(s.IncomingTokenType)
		row.cell(s.AuthenticationProtocol)
		row.cell(s.UniqueTokenIdentifier)
		row.cell(transferMethod(s.OriginalTransferMethod))
		row.cell("none")
		row.cell("")
		row.cell("")
		row.cell(s.AppDisplayName)
		row.cell(s.AppID)
		row.cell(microsoftTenantID)
		row.cell(s.ResourceDisplayName)
		row.cell(s.ResourceID)
		row.cell(s.ResourceTenantID)
		row.cell(microsoftTenantID)
		row.cell(s.HomeTenantID)
		row.cell("")
		row.cell(s.IPAddress)
		row.cell(s.City + ", " + s.State + ", " + s.Country)
		row.cell(s.Status())
		row.cell(strconv.Itoa(s.ErrorCode))
		row.cell(s.FailureReason)
		row.cell(s.ClientApp)
		row.cell(s.DeviceID)
		row.cell(s.Browser)
		row.cell(s.OperatingSystem)
		row.cell(yesNo(s.IsCompliant))
		row.cell(yesNo(s.IsManaged))
		row.cell(s.TrustType)
		row.cell(s.MFAResult)
		row.cell(s.MFAAuthMethod)
		row.cell(s.MFAAuthDetail)
		row.cell(s.AuthenticationRequirement)
		row.cell(s.SignInIdentifier)
		row.cell(s.SessionID)
		row.cell("")
		row.cell("No")
		row.cell("")
		row.cell(strconv.Itoa(s.ASN))
		row.cell("No")
		row.cell(s.TokenIssuerType)
		row.cell(s.IncomingTokenType)
		row.cell("")
		row.cell(strconv.Itoa(s.ProcessingTimeMs))
		row.cell(portalCA(s.ConditionalAccessStatus))
		row.cell("")
		row.cell("")
		row.cell("")
		row.cell("")
		row.end()
		f.write(row.b)
		if !s.Interactive() {
			return nil
		}
		af, err := auth.file(key)
		if err != nil {
			return err
		}
		for i := range s.AuthDetails {
			a := &s.AuthDetails[i]
			row.b = row.b[:0]
			ts = append(appendISO(ts[:0], a.At, 0), 'Z')
			row.cellBytes(ts)
			row.cell(s.ID)
			row.cell(a.Method)
			row.cell(a.MethodDetail)
			row.cell(titleBool(a.Succeeded))
			row.cell(a.ResultDetail)
			row.cell(a.Requirement)
			row.end()
			af.write(row.b)
		}
		return nil
	})
	for _, r := range []*rotator{inter, non, auth} {
		if cerr := r.close(); err == nil {
			err = cerr
		}
	}
	if cerr := ws.close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.portalAudits()
	}
	return w.finish(err)
}

func portalCA(status string) string {
	switch status {
	case "success":
		return "Success"
	case "failure":
		return "Failure"
	}
	return "Not Applied"
}

func (w *writer) portalAudits() error {
	t := w.t
	f, err := w.create("AuditLogs_" + t.span() + ".csv")
	if err != nil {
		return err
	}
	f.writeString(utf8BOM)
	f.writeString(portalAuditHeader)
	f.writeString("\r\n")
	row := csvRow{quoteAll: true}
	var ts []byte
	for i := range t.Audits {
		a := &t.Audits[i]
		row.b = row.b[:0]
		ts = append(appendISO(ts[:0], a.ActivityAt, 0), 'Z')
		row.cellBytes(ts)
		row.cell(a.CorrelationID)
		row.cell(a.LoggedByService)
		row.cell(a.Category)
		row.cell(a.Activity)
		row.cell(titleCase(a.Result))
		row.cell(a.ResultReason)
		row.cell(a.UserAgent)
		if a.Actor.IsUser() {
			row.cell("User")
			row.cell(a.Actor.DisplayName)
			row.cell(a.Actor.UserID)
			row.cell(a.Actor.UserPrincipalName)
			row.cell(a.Actor.IPAddress)
			row.cell(t.TenantID)
			row.cell("")
			row.cell("")
			row.cell("")
		} else {
			row.cell("Application")
			row.cell(a.Actor.AppName)
			row.cell(a.Actor.ServicePrincipalID)
			row.cell("")
			row.cell("")
			row.cell("")
			row.cell("")
			row.cell(a.Actor.ServicePrincipalID)
			row.cell(a.Actor.ServicePrincipalName)
		}
		for k := 0; k < 3; k++ {
			if k >= len(a.Targets) {
				for j := 0; j < 4+15; j++ {
					row.cell("")
				}
				continue
			}
			tr := &a.Targets[k]
			row.cell(tr.Type)
			row.cell(tr.DisplayName)
			row.cell(tr.ID)
			row.cell(tr.UserPrincipalName)
			for j := 0; j < 5; j++ {
				if j < len(tr.Modified) {
					row.cell(tr.Modified[j].Name)
					row.cell(tr.Modified[j].Old)
					row.cell(tr.Modified[j].New)
				} else {
					row.cell("")
					row.cell("")
					row.cell("")
				}
			}
		}
		for j := 0; j < 6; j++ {
			if j < len(a.Additional) {
				row.cell(a.Additional[j].Key)
				row.cell(a.Additional[j].Value)
			} else {
				row.cell("")
				row.cell("")
			}
		}
		row.end()
		f.write(row.b)
	}
	return f.close()
}
