package gen

import (
	"strconv"
	"strings"
	"time"
)

// Log Analytics (and Sentinel) query results exported as CSV or JSON. Nested values are
// JSON text; CSV has a BOM, CRLF, " [UTC]" after time column names, US-locale times with
// milliseconds, TRUE/FALSE, and cells quoted only where needed; the interactive sign-in
// export comes from a union query, so its nested columns come in _dynamic/_string pairs.

// laVal is one column's value.
type laVal struct {
	kind byte // 's' text, 'n' number, 'b' boolean, 't' time, 'r' JSON text (in raw)
	s    string
	raw  []byte
	b    bool
	t    time.Time
}

func vs(s string) laVal    { return laVal{kind: 's', s: s} }
func vn(i int) laVal       { return laVal{kind: 'n', s: strconv.Itoa(i)} }
func vb(b bool) laVal      { return laVal{kind: 'b', b: b} }
func vt(t time.Time) laVal { return laVal{kind: 't', t: t} }
func vj(j []byte) laVal    { return laVal{kind: 'r', raw: j} }
func vjs(j string) laVal   { return laVal{kind: 's', s: j} }
func (v laVal) empty() bool {
	switch v.kind {
	case 0:
		return true
	case 'r':
		return len(v.raw) == 0
	case 's', 'n':
		return v.s == ""
	}
	return false
}

// laTable is a table's columns: the CSV header names (with " [UTC]" on times).
type laTable struct {
	name    string
	columns []string
	keys    []string // the JSON keys
	index   map[string]int
}

func newLATable(name string, columns []string) *laTable {
	t := &laTable{name: name, columns: columns, index: map[string]int{}}
	for i, c := range columns {
		t.index[c] = i
		t.keys = append(t.keys, strings.TrimSuffix(c, " [UTC]"))
	}
	return t
}

// The interactive sign-in columns, from a union query (its _dynamic/_string pairs and the
// trailing AuditLogs columns, as in the Sentinel lab's export), and the plain ones. Both
// carry the newer columns (TimeGenerated, ASN, protocol, token type) real tables have.
var (
	laSignInColumnsPaired = strings.Split("TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,Level,Location,AlternateSignInName,AppDisplayName,AppId,AuthenticationDetails,AuthenticationMethodsUsed,AuthenticationProcessingDetails,AuthenticationRequirement,AuthenticationRequirementPolicies,ClientAppUsed,ConditionalAccessPolicies_dynamic,ConditionalAccessPolicies_string,ConditionalAccessStatus,CreatedDateTime [UTC],DeviceDetail_dynamic,DeviceDetail_string,IsInteractive,Id,IPAddress,IsRisky,LocationDetails_dynamic,LocationDetails_string,MfaDetail_dynamic,MfaDetail_string,NetworkLocationDetails,OriginalRequestId,ProcessingTimeInMilliseconds,RiskDetail,RiskEventTypes,RiskEventTypes_V2,RiskLevelAggregated,RiskLevelDuringSignIn,RiskState,ResourceDisplayName,ResourceIdentity,ServicePrincipalId,ServicePrincipalName,Status_dynamic,Status_string,TokenIssuerName,TokenIssuerType,UserAgent,UserDisplayName,UserId,UserPrincipalName,AADTenantId,UserType,FlaggedForReview,SignInIdentifier,SignInIdentifierType,ResourceTenantId,HomeTenantId,UniqueTokenIdentifier,SessionId,AutonomousSystemNumber,AuthenticationProtocol,IncomingTokenType,CrossTenantAccessType,Type,AdditionalDetails,InitiatedBy", ",")
	laSignInColumns       = strings.Split("TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,Level,Location,AlternateSignInName,AppDisplayName,AppId,AuthenticationDetails,AuthenticationMethodsUsed,AuthenticationProcessingDetails,AuthenticationRequirement,AuthenticationRequirementPolicies,ClientAppUsed,ConditionalAccessPolicies,ConditionalAccessStatus,CreatedDateTime [UTC],DeviceDetail,IsInteractive,Id,IPAddress,IsRisky,LocationDetails,MfaDetail,NetworkLocationDetails,OriginalRequestId,ProcessingTimeInMilliseconds,RiskDetail,RiskEventTypes,RiskEventTypes_V2,RiskLevelAggregated,RiskLevelDuringSignIn,RiskState,ResourceDisplayName,ResourceIdentity,ServicePrincipalId,ServicePrincipalName,Status,TokenIssuerName,TokenIssuerType,UserAgent,UserDisplayName,UserId,UserPrincipalName,AADTenantId,UserType,FlaggedForReview,SignInIdentifier,SignInIdentifierType,ResourceTenantId,HomeTenantId,UniqueTokenIdentifier,SessionId,AutonomousSystemNumber,AuthenticationProtocol,IncomingTokenType,CrossTenantAccessType,Type", ",")
	laAuditColumns        = strings.Split("TenantId,SourceSystem,TimeGenerated [UTC],ResourceId,OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,Resource,ResourceGroup,ResourceProvider,Identity,Level,Location,AdditionalDetails,Id,InitiatedBy,LoggedByService,Result,ResultReason,TargetResources,AADTenantId,ActivityDisplayName,ActivityDateTime [UTC],AADOperationType,Type", ",")
	// OfficeActivity as the Sentinel training lab exported it.
	laOfficeColumns = strings.Split("TenantId,Application,UserDomain,UserAgent,RecordType,TimeGenerated [UTC],Operation,OrganizationId,OrganizationId_,UserType,UserKey,OfficeWorkload,ResultStatus,ResultReasonType,OfficeObjectId,UserId,UserId_,ClientIP,ClientIP_,Scope,Site_,ItemType,EventSource,Source_Name,MachineDomainInfo,MachineId,Site_Url,Site_Url_,SourceRelativeUrl,SourceRelativeUrl_,SourceFileName,SourceFileName_,SourceFileExtension,DestinationRelativeUrl,DestinationFileName,DestinationFileExtension,UserSharedWith,SharingType,CustomEvent,Event_Data,ModifiedObjectResolvedName,Parameters,ExternalAccess,OriginatingServer,OrganizationName,Logon_Type,InternalLogonType,MailboxGuid,MailboxOwnerUPN,MailboxOwnerSid,MailboxOwnerMasterAccountSid,LogonUserSid,LogonUserDisplayName,ClientInfoString,Client_IPAddress,ClientMachineName,ClientProcessName,ClientVersion,Folder,CrossMailboxOperations,DestMailboxId,DestMailboxOwnerUPN,DestMailboxOwnerSid,DestMailboxOwnerMasterAccountSid,DestFolder,Folders,AffectedItems,Item,ModifiedProperties,SendAsUserSmtp,SendAsUserMailboxGuid,SendOnBehalfOfUserSmtp,SendonBehalfOfUserMailboxGuid,ExtendedProperties,Client,LoginStatus,Actor,ActorContextId,ActorIpAddress,InterSystemsId,IntraSystemId,SupportTicketId,TargetContextId,DataCenterSecurityEventType,EffectiveOrganization,ElevationTime [UTC],ElevationApprover,ElevationApprovedTime [UTC],ElevationRequestId,ElevationRole,ElevationDuration,GenericInfo,SourceSystem,OfficeId,SourceRecordId,AzureActiveDirectory_EventType,AADTarget,Start_Time [UTC],OfficeTenantId,OfficeTenantId_,TargetUserOrGroupName,TargetUserOrGroupType,MessageId,Members,TeamName,TeamGuid,ChannelType,ChannelName,ChannelGuid,ExtraProperties,AddOnType,AddonName,TabType,Name,OldValue,NewValue,ItemName,ChatThreadId,ChatName,CommunicationType,AADGroupId,AddOnGuid,AppDistributionMode,TargetUserId,OperationScope,AzureADAppId,OperationProperties,AppId,ClientAppId,Type,_ResourceId", ",")
)

// logAnalyticsHeaders returns the CSV header names of the Log Analytics exports: the
// interactive sign-ins (union-query pairs), non-interactive sign-ins, audit logs and
// OfficeActivity.
func logAnalyticsHeaders() (signIns, nonInteractive, audits, office []string) {
	return laSignInColumnsPaired, laSignInColumns, laAuditColumns, laOfficeColumns
}

// laSink writes a table's rows as CSV or as a JSON array. A row is filled either by
// column name (set) or, for sign-ins, in the order of a canonical column list (add), each
// canonical position mapped to the table's column or to none.
type laSink struct {
	f     *outFile
	tab   *laTable
	json  bool
	n     int
	row   csvRow
	e     jenc
	vals  []laVal
	slot  []int // canonical position -> column, or -1
	pos   int
	arena []byte // this row's JSON texts
	tb    []byte
}

func (w *writer) laSink(name string, tab *laTable, json bool) (*laSink, error) {
	ext := ".csv"
	if json {
		ext = ".json"
	}
	f, err := w.create(name + ext)
	if err != nil {
		return nil, err
	}
	s := &laSink{f: f, tab: tab, json: json, vals: make([]laVal, len(tab.columns))}
	if json {
		f.writeString("[")
	} else {
		f.writeString(utf8BOM)
		for _, c := range tab.columns {
			s.row.cell(c)
		}
		s.row.end()
		f.write(s.row.b)
	}
	return s, nil
}

// canonical maps the positions of a canonical column list onto the table's columns: a
// X_dynamic column fills X, a X_string column nothing, when the table has no pairs.
func (s *laSink) canonical(cols []string) {
	s.slot = make([]int, len(cols))
	for i, c := range cols {
		j, ok := s.tab.index[c]
		if !ok {
			j, ok = s.tab.index[strings.TrimSuffix(c, "_dynamic")]
		}
		if !ok {
			j = -1
		}
		s.slot[i] = j
	}
}

// begin clears the row's values.
func (s *laSink) begin() {
	clear(s.vals)
	s.pos = 0
	s.arena = s.arena[:0]
}

// set sets a column by its CSV name; a name the table lacks is ignored.
func (s *laSink) set(col string, v laVal) {
	if i, ok := s.tab.index[col]; ok {
		s.vals[i] = v
	}
}

// add sets the next canonical column.
func (s *laSink) add(v laVal) {
	if c := s.slot[s.pos]; c >= 0 {
		s.vals[c] = v
	}
	s.pos++
}

// addJSON sets the next canonical column to JSON text that build appends.
func (s *laSink) addJSON(build func(b []byte) []byte) {
	start := len(s.arena)
	s.arena = build(s.arena)
	s.add(vj(s.arena[start:len(s.arena):len(s.arena)]))
}

// emit writes the row.
func (s *laSink) emit() {
	if s.slot != nil && s.pos != len(s.slot) {
		panic("gen: a Log Analytics row filled " + strconv.Itoa(s.pos) + " of " + strconv.Itoa(len(s.slot)) + " columns")
	}
	if !s.json {
		s.row.b = s.row.b[:0]
		for _, v := range s.vals {
			switch v.kind {
			case 't':
				s.tb = appendUSTime(s.tb[:0], v.t, true, true)
				s.row.cellBytes(s.tb)
			case 'b':
				s.row.cell(boolText(v.b))
			case 'r':
				s.row.cellBytes(v.raw)
			default:
				s.row.cell(v.s)
			}
		}
		s.row.end()
		s.f.write(s.row.b)
		return
	}
	e := &s.e
	e.reset()
	if s.n > 0 {
		e.b = append(e.b, ',', '\n')
	}
	e.b = append(e.b, '{')
	e.stack = append(e.stack, jframe{})
	for i, v := range s.vals {
		if v.empty() {
			continue
		}
		e.k(s.tab.keys[i])
		switch v.kind {
		case 't':
			e.timeAs(v.t, timeMillis)
		case 'b':
			e.bool(v.b)
		case 'n':
			e.raw(v.s)
		case 'r':
			e.value()
			e.b = appendJSONStr(e.b, v.raw, false)
		default:
			e.str(v.s)
		}
	}
	e.b = append(e.b, '}')
	s.f.write(e.b)
	s.n++
}

func (s *laSink) close() error {
	if s.json {
		s.f.writeString("]\n")
	}
	return s.f.close()
}

// JSON texts of the nested sign-in values, keys in the order Log Analytics writes them.
func laLocation(b []byte, s *SignIn) []byte {
	b = append(b, `{"countryOrRegion":`...)
	b = appendJSONString(b, s.Country, false)
	b = append(b, `,"geoCoordinates":{"longitude":`...)
	b = strconv.AppendFloat(b, s.Longitude, 'f', -1, 64)
	b = append(b, `,"latitude":`...)
	b = strconv.AppendFloat(b, s.Latitude, 'f', -1, 64)
	b = append(b, `},"state":`...)
	b = appendJSONString(b, s.State, false)
	b = append(b, `,"city":`...)
	b = appendJSONString(b, s.City, false)
	return append(b, '}')
}

func laDevice(b []byte, s *SignIn) []byte {
	b = append(b, `{"operatingSystem":`...)
	b = appendJSONString(b, s.OperatingSystem, false)
	b = append(b, `,"deviceId":`...)
	b = appendJSONString(b, s.DeviceID, false)
	b = append(b, `,"browser":`...)
	b = appendJSONString(b, s.Browser, false)
	if s.DeviceID != "" {
		b = append(b, `,"displayName":`...)
		b = appendJSONString(b, s.DeviceName, false)
		b = append(b, `,"isCompliant":`...)
		b = strconv.AppendBool(b, s.IsCompliant)
		b = append(b, `,"isManaged":`...)
		b = strconv.AppendBool(b, s.IsManaged)
		b = append(b, `,"trustType":`...)
		b = appendJSONString(b, s.TrustType, false)
	}
	return append(b, '}')
}

func laStatus(b []byte, s *SignIn) []byte {
	b = append(b, `{"errorCode":`...)
	b = strconv.AppendInt(b, int64(s.ErrorCode), 10)
	if s.ErrorCode != 0 {
		b = append(b, `,"failureReason":`...)
		b = appendJSONString(b, s.FailureReason, false)
	}
	if s.AdditionalDetails != "" {
		b = append(b, `,"additionalDetails":`...)
		b = appendJSONString(b, s.AdditionalDetails, false)
	}
	return append(b, '}')
}

func laMFA(b []byte, s *SignIn) []byte {
	if s.MFAAuthMethod == "" {
		return append(b, "{}"...)
	}
	b = append(b, `{"authMethod":`...)
	b = appendJSONString(b, s.MFAAuthMethod, false)
	if s.MFAAuthDetail != "" {
		b = append(b, `,"authDetail":`...)
		b = appendJSONString(b, s.MFAAuthDetail, false)
	}
	return append(b, '}')
}

func laCA(b []byte, s *SignIn) []byte {
	b = append(b, '[')
	for i := range s.CAPolicies {
		p := &s.CAPolicies[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"enforcedSessionControls":`...)
		b = appendStrings(b, p.SessionControls)
		b = append(b, `,"conditionsNotSatisfied":0,"enforcedGrantControls":`...)
		b = appendStrings(b, p.GrantControls)
		b = append(b, `,"conditionsSatisfied":0,"displayName":`...)
		b = appendJSONString(b, p.DisplayName, false)
		b = append(b, `,"result":`...)
		b = appendJSONString(b, p.Result, false)
		b = append(b, `,"id":`...)
		b = appendJSONString(b, p.ID, false)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s, false)
	}
	return append(b, ']')
}

// laAuthSteps writes the authentication steps pretty-printed, as Log Analytics exports them.
func laAuthSteps(b []byte, s *SignIn) []byte {
	if len(s.AuthDetails) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, "[\n"...)
	for i := range s.AuthDetails {
		a := &s.AuthDetails[i]
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, "  {\n    \"authenticationStepDateTime\": \""...)
		b = appendISO(b, a.At, 7)
		b = append(b, "+00:00\",\n    \"authenticationMethod\": "...)
		b = appendJSONString(b, a.Method, false)
		if a.MethodDetail != "" {
			b = append(b, ",\n    \"authenticationMethodDetail\": "...)
			b = appendJSONString(b, a.MethodDetail, false)
		}
		b = append(b, ",\n    \"succeeded\": "...)
		b = strconv.AppendBool(b, a.Succeeded)
		b = append(b, ",\n    \"authenticationStepResultDetail\": "...)
		b = appendJSONString(b, a.ResultDetail, false)
		b = append(b, ",\n    \"authenticationStepRequirement\": "...)
		b = appendJSONString(b, a.Requirement, false)
		b = append(b, ",\n    \"StatusSequence\": 0,\n    \"RequestSequence\": "...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "\n  }"...)
	}
	return append(b, "\n]"...)
}

const laProcessingDetails = "[\n  {\n    \"key\": \"IsCAEToken\",\n    \"value\": \"False\"\n  }\n]"

// signInRow fills a sink's row from a sign-in, column by column in the order of
// laSignInColumnsPaired.
func (w *writer) signInRow(k *laSink, s *SignIn) {
	t := w.t
	category, typ := "SignInLogs", "SigninLogs"
	if !s.Interactive() {
		category, typ = "NonInteractiveUserSignInLogs", "AADNonInteractiveUserSignInLogs"
	}
	k.begin()
	k.add(vs(t.workspace))                                          // TenantId
	k.add(vs("Azure AD"))                                           // SourceSystem
	k.add(vt(s.CreatedAt))                                          // TimeGenerated [UTC]
	k.add(vs(t.resourceID))                                         // ResourceId
	k.add(vs("Sign-in activity"))                                   // OperationName
	k.add(vs("1.0"))                                                // OperationVersion
	k.add(vs(category))                                             // Category
	k.add(vs(strconv.Itoa(s.ErrorCode)))                            // ResultType
	k.add(vs("None"))                                               // ResultSignature
	k.add(vs(s.FailureReason))                                      // ResultDescription
	k.add(vn(0))                                                    // DurationMs
	k.add(vs(s.CorrelationID))                                      // CorrelationId
	k.add(vs("Microsoft.aadiam"))                                   // Resource
	k.add(vs("Microsoft.aadiam"))                                   // ResourceGroup
	k.add(vs(""))                                                   // ResourceProvider
	k.add(vs(s.UserDisplayName))                                    // Identity
	k.add(vs("4"))                                                  // Level
	k.add(vs(s.Country))                                            // Location
	k.add(vs(""))                                                   // AlternateSignInName
	k.add(vs(s.AppDisplayName))                                     // AppDisplayName
	k.add(vs(s.AppID))                                              // AppId
	k.addJSON(func(b []byte) []byte { return laAuthSteps(b, s) })   // AuthenticationDetails
	k.add(vs(""))                                                   // AuthenticationMethodsUsed
	k.add(vjs(laProcessingDetails))                                 // AuthenticationProcessingDetails
	k.add(vs(s.AuthenticationRequirement))                          // AuthenticationRequirement
	if s.AuthenticationRequirement == "multiFactorAuthentication" { // AuthenticationRequirementPolicies
		k.add(vjs(`[{"requirementProvider":"multiConditionalAccess","detail":"Conditional Access"}]`))
	} else {
		k.add(vjs("[]"))
	}
	k.add(vs(s.ClientApp))                                            // ClientAppUsed
	k.addJSON(func(b []byte) []byte { return laCA(b, s) })            // ConditionalAccessPolicies_dynamic
	k.add(vs(""))                                                     // ConditionalAccessPolicies_string
	k.add(vs(s.ConditionalAccessStatus))                              // ConditionalAccessStatus
	k.add(vt(s.CreatedAt))                                            // CreatedDateTime [UTC]
	k.addJSON(func(b []byte) []byte { return laDevice(b, s) })        // DeviceDetail_dynamic
	k.add(vs(""))                                                     // DeviceDetail_string
	k.add(vb(s.Interactive()))                                        // IsInteractive
	k.add(vs(s.ID))                                                   // Id
	k.add(vs(s.IPAddress))                                            // IPAddress
	if s.RiskLevelDuringSignIn != "none" && s.RiskState == "atRisk" { // IsRisky
		k.add(vb(true))
	} else {
		k.add(vs(""))
	}
	k.addJSON(func(b []byte) []byte { return laLocation(b, s) })                   // LocationDetails_dynamic
	k.add(vs(""))                                                                  // LocationDetails_string
	k.addJSON(func(b []byte) []byte { return laMFA(b, s) })                        // MfaDetail_dynamic
	k.add(vs(""))                                                                  // MfaDetail_string
	k.add(vjs("[]"))                                                               // NetworkLocationDetails
	k.add(vs(s.OriginalRequestID))                                                 // OriginalRequestId
	k.add(vn(s.ProcessingTimeMs))                                                  // ProcessingTimeInMilliseconds
	k.add(vs(s.RiskDetail))                                                        // RiskDetail
	k.addJSON(func(b []byte) []byte { return appendStrings(b, s.RiskEventTypes) }) // RiskEventTypes
	k.addJSON(func(b []byte) []byte { return appendStrings(b, s.RiskEventTypes) }) // RiskEventTypes_V2
	k.add(vs(s.RiskLevelAggregated))                                               // RiskLevelAggregated
	k.add(vs(s.RiskLevelDuringSignIn))                                             // RiskLevelDuringSignIn
	k.add(vs(s.RiskState))                                                         // RiskState
	k.add(vs(s.ResourceDisplayName))                                               // ResourceDisplayName
	k.add(vs(s.ResourceID))                                                        // ResourceIdentity
	k.add(vs(""))                                                                  // ServicePrincipalId
	k.add(vs(""))                                                                  // ServicePrincipalName
	k.addJSON(func(b []byte) []byte { return laStatus(b, s) })                     // Status_dynamic
	k.add(vs(""))                                                                  // Status_string
	k.add(vs(""))                                                                  // TokenIssuerName
	k.add(vs(s.TokenIssuerType))                                                   // TokenIssuerType
	k.add(vs(s.UserAgent))                                                         // UserAgent
	k.add(vs(s.UserDisplayName))                                                   // UserDisplayName
	k.add(vs(s.UserID))                                                            // UserId
	k.add(vs(s.UserPrincipalName))                                                 // UserPrincipalName
	k.add(vs(t.TenantID))                                                          // AADTenantId
	k.add(vs(titleCase(s.UserType)))                                               // UserType
	k.add(vb(false))                                                               // FlaggedForReview
	k.add(vs(s.SignInIdentifier))                                                  // SignInIdentifier
	k.add(vs(""))                                                                  // SignInIdentifierType
	k.add(vs(s.ResourceTenantID))                                                  // ResourceTenantId
	k.add(vs(s.HomeTenantID))                                                      // HomeTenantId
	k.add(vs(s.UniqueTokenIdentifier))                                             // UniqueTokenIdentifier
	k.add(vs(s.SessionID))                                                         // SessionId
	k.add(vn(s.ASN))                                                               // AutonomousSystemNumber
	k.add(vs(s.AuthenticationProtocol))                                            // AuthenticationProtocol
	k.add(vs(s.IncomingTokenType))                                                 // IncomingTokenType
	k.add(vs(s.CrossTenantAccessType))                                             // CrossTenantAccessType
	k.add(vs(typ))                                                                 // Type
	k.add(vs(""))                                                                  // AdditionalDetails, from the union's AuditLogs side
	k.add(vs(""))                                                                  // InitiatedBy
}

// laAuditJSON pieces: InitiatedBy, TargetResources and AdditionalDetails as JSON text.
func auditJSONParts(a *Audit) (initiated, targets, additional []byte) {
	var e jenc
	encodeActor(&e, &a.Actor)
	initiated = append([]byte(nil), e.b...)
	e.reset()
	e.arr()
	for i := range a.Targets {
		tr := &a.Targets[i]
		e.obj()
		e.k("administrativeUnits")
		e.strs(nil)
		e.k("modifiedProperties")
		encodeModified(&e, tr.Modified)
		e.k("displayName")
		e.strOrNull(tr.DisplayName)
		if tr.UserPrincipalName != "" {
			e.k("userPrincipalName")
			e.str(tr.UserPrincipalName)
		}
		if tr.GroupType != "" {
			e.k("groupType")
			e.str(tr.GroupType)
		}
		e.k("type")
		e.str(tr.Type)
		e.k("id")
		e.str(tr.ID)
		e.endObj()
	}
	e.endArr()
	targets = append([]byte(nil), e.b...)
	e.reset()
	encodeKeyValues(&e, a.Additional, "key", "value")
	additional = append([]byte(nil), e.b...)
	return
}

func (w *writer) auditRow(k *laSink, a *Audit) {
	t := w.t
	ib, tr, ad := auditJSONParts(a)
	k.begin()
	k.set("TenantId", vs(t.workspace))
	k.set("SourceSystem", vs("Azure AD"))
	k.set("TimeGenerated [UTC]", vt(a.ActivityAt))
	k.set("ResourceId", vs(t.resourceID))
	k.set("OperationName", vs(a.Activity))
	k.set("OperationVersion", vs("1.0"))
	k.set("Category", vs(a.Category))
	k.set("ResultSignature", vs("None"))
	k.set("DurationMs", vn(0))
	k.set("CorrelationId", vs(a.CorrelationID))
	k.set("Resource", vs("Microsoft.aadiam"))
	k.set("ResourceGroup", vs("Microsoft.aadiam"))
	k.set("Level", vs("4"))
	k.set("AdditionalDetails", vj(ad))
	k.set("Id", vs(a.ID))
	k.set("InitiatedBy", vj(ib))
	k.set("LoggedByService", vs(a.LoggedByService))
	k.set("Result", vs(a.Result))
	k.set("ResultReason", vs(a.ResultReason))
	k.set("TargetResources", vj(tr))
	k.set("AADTenantId", vs(t.TenantID))
	k.set("ActivityDisplayName", vs(a.Activity))
	k.set("ActivityDateTime [UTC]", vt(a.ActivityAt))
	k.set("AADOperationType", vs(a.OperationType))
	k.set("Type", vs("AuditLogs"))
}

func (w *writer) logAnalyticsCSV() error  { return w.logAnalytics(false) }
func (w *writer) logAnalyticsJSON() error { return w.logAnalytics(true) }

func (w *writer) logAnalytics(json bool) error {
	t := w.t
	paired := !json
	interCols := laSignInColumns
	if paired {
		interCols = laSignInColumnsPaired
	}
	inter, err := w.laSink("SigninLogs", newLATable("SigninLogs", interCols), json)
	if err != nil {
		return w.finish(err)
	}
	non, err := w.laSink("AADNonInteractiveUserSignInLogs", newLATable("AADNonInteractiveUserSignInLogs", laSignInColumns), json)
	if err != nil {
		return w.finish(err)
	}
	inter.canonical(laSignInColumnsPaired)
	non.canonical(laSignInColumnsPaired)
	ws := w.workloadSinks(LogAnalyticsCSV)
	if json {
		ws = w.workloadSinks(LogAnalyticsJSON)
	}
	err = t.SignIns(func(s SignIn) error {
		if s.IsWorkload() {
			return ws.add(&s)
		}
		k := inter
		if !s.Interactive() {
			k = non
		}
		w.signInRow(k, &s)
		k.emit()
		return nil
	})
	if err == nil {
		err = inter.close()
	}
	if err == nil {
		err = non.close()
	}
	if err == nil {
		err = ws.close()
	}
	if err == nil {
		var au *laSink
		if au, err = w.laSink("AuditLogs", newLATable("AuditLogs", laAuditColumns), json); err == nil {
			for i := range t.Audits {
				w.auditRow(au, &t.Audits[i])
				au.emit()
			}
			err = au.close()
		}
	}
	if err == nil {
		var of *laSink
		if of, err = w.laSink("OfficeActivity", newLATable("OfficeActivity", laOfficeColumns), json); err == nil {
			for i := range t.Mailbox {
				w.officeRow(of, &t.Mailbox[i])
				of.emit()
			}
			err = of.close()
		}
	}
	return w.finish(err)
}

// clientIPWithPort writes an address with its port as the Unified Audit Log does.
func clientIPWithPort(ip string, port int) string {
	if port == 0 {
		return ip
	}
	if strings.Contains(ip, ":") {
		return "[" + ip + "]:" + strconv.Itoa(port)
	}
	return ip + ":" + strconv.Itoa(port)
}

// prettyParameters writes cmdlet parameters as OfficeActivity's CSV shows them.
func prettyParameters(ps []KeyValue) string {
	var b []byte
	b = append(b, "[\n"...)
	for i, p := range ps {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, "  {\n    \"Name\": "...)
		b = appendJSONString(b, p.Key, false)
		b = append(b, ",\n    \"Value\": "...)
		b = appendJSONString(b, p.Value, false)
		b = append(b, "\n  }"...)
	}
	return string(append(b, "\n]"...))
}

func (w *writer) officeRow(k *laSink, m *MailboxEvent) {
	t := w.t
	k.begin()
	k.set("TenantId", vs(t.workspace))
	k.set("UserAgent", vs(m.UserAgent))
	rt := RecordTypeName(m.RecordType)
	if m.RecordType == RecordExchangeItemAggregated {
		rt = "50" // Sentinel knows no name for it
	}
	k.set("RecordType", vs(rt))
	k.set("TimeGenerated [UTC]", vt(m.CreatedAt))
	k.set("Operation", vs(m.Operation))
	k.set("OrganizationId", vs(m.OrganizationID))
	k.set("OrganizationId_", vs(m.OrganizationID))
	if m.UserType == 2 {
		k.set("UserType", vs("Admin"))
	} else {
		k.set("UserType", vs("Regular"))
	}
	k.set("UserKey", vs(m.UserKey))
	k.set("OfficeWorkload", vs(m.Workload))
	k.set("ResultStatus", vs(m.ResultStatus))
	k.set("OfficeObjectId", vs(m.ObjectID))
	k.set("UserId", vs(m.UserID))
	k.set("UserId_", vs(m.UserID))
	ip := clientIPWithPort(m.ClientIP, m.ClientPort)
	switch m.RecordType {
	case RecordExchangeItemAggregated, RecordExchangeItem:
		k.set("Client_IPAddress", vs(m.ClientIP))
		k.set("ClientInfoString", vs(m.ClientInfoString))
		k.set("MailboxOwnerUPN", vs(m.MailboxOwnerUPN))
		k.set("Logon_Type", vs("Owner"))
		k.set("InternalLogonType", vs("0"))
		k.set("ExternalAccess", vb(false))
		k.set("OrganizationName", vs(t.Name+".onmicrosoft.com"))
		if m.RecordType == RecordExchangeItem {
			k.set("Item", vjs(`{"Subject":`+jsonQuote(m.Subject)+`,"ParentFolder":{"Path":"\\Sent Items"}}`))
		} else {
			k.set("Folders", vjs(`[{"Path":`+jsonQuote(m.FolderPath)+`}]`))
		}
	case RecordExchangeAdmin:
		k.set("ClientIP", vs(ip))
		k.set("ClientIP_", vs(ip))
		k.set("Parameters", vjs(prettyParameters(m.Parameters)))
		k.set("ExternalAccess", vb(false))
		k.set("OriginatingServer", vs(originatingServer(m.ID)))
		k.set("OrganizationName", vs(t.Name+".onmicrosoft.com"))
		k.set("AppId", vs(m.AppID))
	case RecordSharePointFileOp:
		k.set("ClientIP", vs(ip))
		k.set("ClientIP_", vs(ip))
		k.set("ItemType", vs("File"))
		k.set("EventSource", vs("SharePoint"))
		k.set("Site_Url", vs(m.SiteURL))
		k.set("Site_Url_", vs(m.SiteURL))
		k.set("SourceRelativeUrl", vs("Shared Documents"))
		k.set("SourceFileName", vs(m.FileName))
		k.set("SourceFileName_", vs(m.FileName))
		if i := strings.LastIndexByte(m.FileName, '.'); i >= 0 {
			k.set("SourceFileExtension", vs(m.FileName[i+1:]))
		}
	case RecordAzureADStsLogon:
		k.set("ClientIP", vs(ip))
		k.set("ClientIP_", vs(ip))
		k.set("ActorIpAddress", vs(m.ClientIP))
		k.set("LoginStatus", vs("0"))
		k.set("AppId", vs(m.AppID))
	}
	k.set("SourceSystem", vs("OfficeActivityManager"))
	k.set("OfficeId", vs(m.ID))
	k.set("SourceRecordId", vs(m.ID))
	k.set("Start_Time [UTC]", vt(m.CreatedAt.Add(ingestDelay(idHash(m.ID))*4).Truncate(time.Second)))
	k.set("OfficeTenantId", vs("$RestApiTenantId$"))
	k.set("OfficeTenantId_", vs("$RestApiTenantId$"))
	k.set("Type", vs("OfficeActivity"))
	officeUALDetail(k, m)
}

// originatingServer is the Exchange server a record names.
func originatingServer(id string) string {
	h := idHash(id)
	return "BN" + strconv.Itoa(int(h%9)) + "PR" + strconv.Itoa(10+int(h>>8%89)) + "MB" + strconv.Itoa(1000+int(h>>16%8999)) + " (15.20.8005.017)"
}
