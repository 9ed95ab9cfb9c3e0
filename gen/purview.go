package gen

import (
	"cmp"
	"strconv"
	"strings"
	"time"
)

// The Unified Audit Log as Purview's audit search exports it: one record a row, the
// record itself as JSON in the AuditData cell. An older export (Search-UnifiedAuditLog
// through the old compliance center) has four columns. Exports repeat some records.

const (
	purviewHeader    = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames"
	purviewOldHeader = "CreationDate,UserIds,Operations,AuditData"
)

// purviewHeaders returns the header lines of the current and the older Purview export.
func purviewHeaders() (current, older string) { return purviewHeader, purviewOldHeader }

// guidFrom is a stable GUID derived from text (mailbox GUIDs, site ids).
func guidFrom(s string) string {
	h := idHash(s)
	var b [36]byte
	return string(appendUUID(b[:0], h, splitmix(h)))
}

// sidFrom is a stable Windows SID derived from text.
func sidFrom(s string) string {
	h := idHash(s)
	return "S-1-5-21-" + strconv.FormatUint(h%4000000000, 10) + "-" + strconv.FormatUint(h>>20%4000000000, 10) + "-" +
		strconv.FormatUint(splitmix(h)%4000000000, 10) + "-" + strconv.FormatUint(h>>40%90000000+10000000, 10)
}

// appendAuditData writes a Unified Audit Log record as the AuditData JSON.
func (t *Tenant) appendAuditData(e *jenc, m *MailboxEvent) {
	e.obj()
	e.k("CreationTime")
	e.value()
	e.b = append(e.b, '"')
	e.b = appendISO(e.b, m.creationTime(), 0)
	e.b = append(e.b, '"')
	e.k("Id")
	e.str(m.ID)
	e.k("Operation")
	e.str(m.Operation)
	e.k("OrganizationId")
	e.str(m.OrganizationID)
	e.k("RecordType")
	e.int(m.RecordType)
	if m.ResultStatus != "" {
		e.k("ResultStatus")
		e.str(m.ResultStatus)
	}
	e.k("UserKey")
	e.str(m.UserKey)
	e.k("UserType")
	e.int(m.UserType)
	e.k("Version")
	e.int(1)
	e.k("Workload")
	e.str(m.Workload)
	switch m.RecordType {
	case RecordExchangeAdmin:
		e.k("ClientIP")
		e.str(clientIPWithPort(m.ClientIP, m.ClientPort))
		e.k("ObjectId")
		e.str(m.ObjectID)
		e.k("UserId")
		e.str(m.UserID)
		e.k("AppId")
		e.str(m.AppID)
		e.k("ClientAppId")
		e.str("")
		e.k("ExternalAccess")
		e.bool(m.ExternalAccess)
		e.k("OrganizationName")
		e.str(t.Name + ".onmicrosoft.com")
		e.k("OriginatingServer")
		e.str(originatingServer(m.ID) + "\r\n")
		e.k("Parameters")
		encodeKeyValues(e, m.Parameters, "Name", "Value")
		e.k("SessionId")
		e.str(guidFrom(m.UserID + m.CreatedAt.Format(time.DateOnly)))
	case RecordExchangeItemAggregated, RecordExchangeItem:
		e.k("UserId")
		e.str(m.UserID)
		e.k("AppId")
		e.str(cmp.Or(m.AppID, appOffice365Exchange.ID))
		e.k("ClientIPAddress")
		e.str(m.ClientIP)
		e.k("ClientInfoString")
		e.str(m.ClientInfoString)
		e.k("ExternalAccess")
		e.bool(false)
		e.k("InternalLogonType")
		e.int(0)
		e.k("LogonType")
		e.int(m.LogonType)
		e.k("LogonUserSid")
		e.str(sidFrom(m.UserID))
		e.k("MailboxGuid")
		e.str(guidFrom(m.MailboxOwnerUPN))
		e.k("MailboxOwnerSid")
		e.str(sidFrom(m.MailboxOwnerUPN))
		e.k("MailboxOwnerUPN")
		e.str(m.MailboxOwnerUPN)
		e.k("OrganizationName")
		e.str(t.Name + ".onmicrosoft.com")
		e.k("OriginatingServer")
		e.str(originatingServer(m.ID) + "\r\n")
		// Records with UAL detail get the rest from appendUALDetail.
		if m.UAL == nil && m.RecordType == RecordExchangeItem {
			e.k("ClientIP")
			e.str(m.ClientIP)
			e.k("Item")
			e.obj()
			e.k("Id")
			e.str("RgAAAAD" + strings.ToUpper(strings.ReplaceAll(guidFrom(m.ID), "-", "")) + "AAA")
			e.k("InternetMessageId")
			e.str("<" + strings.ToUpper(strings.ReplaceAll(guidFrom(m.ID+"m"), "-", "")[:24]) + "@" + originatingServer(m.ID)[:13] + ".namprd04.prod.outlook.com>")
			e.k("ParentFolder")
			e.obj()
			e.k("Id")
			e.str("LgAAAAD" + strings.ToUpper(strings.ReplaceAll(guidFrom(m.UserID+"sent"), "-", "")) + "AAAB")
			e.k("Path")
			e.str(`\Sent Items`)
			e.endObj()
			e.k("SizeInBytes")
			e.int(4000 + int(idHash(m.ID)%90000))
			e.k("Subject")
			e.str(m.Subject)
			e.endObj()
		} else if m.UAL == nil {
			e.k("OperationCount")
			e.int(1 + int(idHash(m.ID)%6))
			e.k("OperationProperties")
			e.raw(`[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"False"}]`)
			e.k("Folders")
			e.arr()
			e.obj()
			e.k("FolderItems")
			e.arr()
			e.obj()
			e.k("InternetMessageId")
			e.str("<" + strings.ReplaceAll(guidFrom(m.ID+"f"), "-", "")[:20] + "@" + t.Options.Domain + ">")
			e.endObj()
			e.endArr()
			e.k("Id")
			e.str("LgAAAAD" + strings.ToUpper(strings.ReplaceAll(guidFrom(m.UserID+"inbox"), "-", "")) + "AAAB")
			e.k("Path")
			e.str(m.FolderPath)
			e.endObj()
			e.endArr()
		}
	case RecordSharePointFileOp:
		e.k("UserId")
		e.str(m.UserID)
		e.k("ClientIP")
		e.str(m.ClientIP)
		e.k("ObjectId")
		e.str(m.ObjectID)
		e.k("UserAgent")
		e.str(m.UserAgent)
		e.k("EventSource")
		e.str("SharePoint")
		e.k("ItemType")
		e.str("File")
		e.k("Site")
		e.str(guidFrom(m.SiteURL))
		e.k("WebId")
		e.str(guidFrom(m.SiteURL + "web"))
		e.k("SiteUrl")
		e.str(m.SiteURL)
		e.k("SourceFileName")
		e.str(m.FileName)
		if i := strings.LastIndexByte(m.FileName, '.'); i >= 0 {
			e.k("SourceFileExtension")
			e.str(m.FileName[i+1:])
		}
		e.k("SourceRelativeUrl")
		e.str("Shared Documents")
	case RecordAzureADStsLogon:
		e.k("UserId")
		e.str(m.UserID)
		e.k("ClientIP")
		e.str(m.ClientIP)
		e.k("ObjectId")
		e.str(m.ObjectID)
		e.k("AzureActiveDirectoryEventType")
		e.int(1)
		e.k("ExtendedProperties")
		encodeKeyValues(e, []KeyValue{{"ResultStatusDetail", "Redirect"}, {"UserAgent", m.UserAgent}, {"RequestType", "OAuth2:Authorize"}}, "Name", "Value")
		e.k("ModifiedProperties")
		e.arr()
		e.endArr()
		e.k("Actor")
		e.raw(`[{"ID":` + jsonQuote(m.UserKey) + `,"Type":0},{"ID":` + jsonQuote(m.UserID) + `,"Type":5}]`)
		e.k("ActorContextId")
		e.str(m.OrganizationID)
		e.k("ActorIpAddress")
		e.str(m.ClientIP)
		e.k("InterSystemsId")
		e.str(guidFrom(m.ID + "isi"))
		e.k("IntraSystemId")
		e.str(guidFrom(m.ID + "intra"))
		e.k("SupportTicketId")
		e.str("")
		e.k("Target")
		e.raw(`[{"ID":` + jsonQuote(m.ObjectID) + `,"Type":0}]`)
		e.k("TargetContextId")
		e.str(m.OrganizationID)
		e.k("ApplicationId")
		e.str(m.AppID)
		e.k("ErrorNumber")
		e.str("0")
	}
	t.appendUALDetail(e, m)
	e.endObj()
}

// creationTime is the record's time as the UAL keeps it (seconds, UTC).
func (m *MailboxEvent) creationTime() time.Time { return m.CreatedAt.UTC().Truncate(time.Second) }

// repeatRecord says whether a Purview export repeats this record (about 1 %).
func repeatRecord(id string) bool { return idHash(id)>>12%100 == 0 }

func (w *writer) purviewCSV() error {
	t := w.t
	// The older export holds the first week; the current one the rest, from a day before
	// the older one ends, so one day is in both.
	split := t.Options.Start.AddDate(0, 0, 7)
	if split.After(t.end) {
		split = t.end
	}
	old, err := w.create("AuditLog_" + dayOf(t.Options.Start) + "_" + dayOf(split.AddDate(0, 0, -1)) + ".csv")
	if err != nil {
		return w.finish(err)
	}
	cur, err := w.create("PurviewAudit_" + dayOf(split.AddDate(0, 0, -1)) + "_" + dayOf(t.end.AddDate(0, 0, -1)) + ".csv")
	if err != nil {
		return w.finish(err)
	}
	old.writeString(utf8BOM + purviewOldHeader + "\r\n")
	cur.writeString(utf8BOM + purviewHeader + "\r\n")
	var e jenc
	row := csvRow{}
	var ts []byte
	for i := range t.Mailbox {
		m := &t.Mailbox[i]
		e.reset()
		t.appendAuditData(&e, m)
		n := 1
		if repeatRecord(m.ID) {
			n = 2
		}
		if m.CreatedAt.Before(split) {
			row.b = row.b[:0]
			ts = append(appendISO(ts[:0], m.CreatedAt, 7), 'Z')
			row.cellBytes(ts)
			row.cell(m.UserID)
			row.cell(m.Operation)
			row.cellBytes(e.b)
			row.end()
			for k := 0; k < n; k++ {
				old.write(row.b)
			}
		}
		if !m.CreatedAt.Before(split.AddDate(0, 0, -1)) {
			row.b = row.b[:0]
			row.cell(m.ID)
			ts = appendUSTime(ts[:0], m.CreatedAt, false, false)
			row.cellBytes(ts)
			row.cell(RecordTypeName(m.RecordType))
			row.cell(m.Operation)
			row.cell(m.UserID)
			row.cellBytes(e.b)
			row.cell("")
			row.cell("")
			row.end()
			for k := 0; k < n; k++ {
				cur.write(row.b)
			}
		}
	}
	return w.finish(nil)
}
