package main

// The records the samples are written from: one small Contoso incident on 2 March 2026 (a
// spray, a sign-in from a new country, an inbox rule forwarding mail out, a role and an app
// credential added), in the shapes Graph and the Unified Audit Log hand the collectors.
// Addresses are from the documentation ranges (RFC 5737, RFC 3849).

import "time"

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

const tenant = "2f1c6a9e-5d43-4b8a-9e27-6c1d0b3a4f58"

type user struct{ upn, id, name string }

var (
	megan    = user{"megan.bowen@contoso.com", "3c9e4d1a-8f2b-4c6e-9a71-5b0d2e8f4a13", "Megan Bowen"}
	adele    = user{"adele.vance@contoso.com", "8a2f6c0e-1d4b-4e93-b7a5-2c9f0e6d1b48", "Adele Vance"}
	christie = user{"christie.obrien@contoso.com", "5e7b1d3f-0a9c-4b26-8e41-9d3c7a0f2e65", "Christie O'Brien"}
	patti    = user{"patti.fernandez@contoso.com", "b1d4f7a2-6c3e-4f80-a9d5-0e2b8c4f7a91", "Patti Fernández"}
	lee      = user{"lee.gu@contoso.com", "e6a0c3f9-2b7d-4d15-8c6e-4f1a9b2d0c37", "Lee Gu"}
	alex     = user{"alex.wilber@contoso.com", "0f3b8e6d-4a1c-4e72-b9d0-7c5a2f1e8b64", "Alex Wilber"}
)

// riskyUser is a Graph riskyUser.
type riskyUser struct {
	u       user
	level   string
	state   string
	detail  string
	updated time.Time
}

var riskyUsers = []riskyUser{
	{megan, "high", "atRisk", "none", at("2026-03-02T08:05:17Z")},
	{adele, "medium", "remediated", "userPerformedSecuredPasswordReset", at("2026-03-11T14:22:09Z")},
	{christie, "low", "dismissed", "adminDismissedAllRiskForUser", at("2026-03-09T23:41:55Z")},
}

// riskDetection is a Graph riskDetection.
type riskDetection struct {
	id, requestID, correlationID string
	eventType, state, level      string
	detail, source, timing, act  string
	issuer, ip                   string
	city, region, country        string
	activity, detected, updated  time.Time
	u                            user
	additionalInfo               string
}

var riskDetections = []riskDetection{
	{id: "6a1f0b8c3d2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c", requestID: "7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09",
		correlationID: "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9", eventType: "unfamiliarFeatures", state: "atRisk", level: "medium",
		detail: "none", source: "IdentityProtection", timing: "realtime", act: "signin", issuer: "AzureAD", ip: "203.0.113.45",
		city: "Amsterdam", region: "Noord-Holland", country: "NL",
		activity: at("2026-03-02T08:05:17Z"), detected: at("2026-03-02T08:05:17Z"), updated: at("2026-03-02T08:09:40Z"), u: megan,
		additionalInfo: `[{"Key":"userAgent","Value":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"}]`},
	{id: "b40e19c2d7f3a65e8b1c0d9f2a7e6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a", requestID: "2e4f6a8c-0b1d-4e3f-a5c7-e9f1b3d5a7c9",
		correlationID: "9c8b7a6f-5e4d-4c3b-a291-807f6e5d4c3b", eventType: "anonymizedIPAddress", state: "atRisk", level: "high",
		detail: "none", source: "IdentityProtection", timing: "realtime", act: "signin", issuer: "AzureAD", ip: "198.51.100.23",
		city: "Frankfurt am Main", region: "Hessen", country: "DE",
		activity: at("2026-03-02T09:12:44Z"), detected: at("2026-03-02T09:12:44Z"), updated: at("2026-03-02T09:20:01Z"), u: megan,
		additionalInfo: `[{"Key":"userAgent","Value":"python-requests/2.31.0"}]`},
	{id: "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8", requestID: "",
		correlationID: "", eventType: "leakedCredentials", state: "atRisk", level: "high",
		detail: "none", source: "IdentityProtection", timing: "offline", act: "user", issuer: "AzureAD",
		activity: at("2026-03-10T00:00:00Z"), detected: at("2026-03-11T02:00:00Z"), updated: at("2026-03-11T02:00:00Z"), u: adele,
		additionalInfo: `[{"Key":"alertUrl","Value":null}]`},
	{id: "f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e", requestID: "4a5b6c7d-8e9f-40a1-b2c3-d4e5f6a7b8c9",
		correlationID: "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9", eventType: "passwordSpray", state: "atRisk", level: "high",
		detail: "none", source: "IdentityProtection", timing: "offline", act: "signin", issuer: "AzureAD", ip: "192.0.2.77",
		city: "Singapore", region: "Singapore", country: "SG",
		activity: at("2026-03-05T07:48:30Z"), detected: at("2026-03-05T11:02:13Z"), updated: at("2026-03-05T11:02:13Z"), u: lee,
		additionalInfo: `[{"Key":"riskReasons","Value":["The sign-in came from an IP address involved in a password spray."]}]`},
}

// signIn builds a Graph beta signIn as its JSON page holds it (camelCase, Graph's order).
func signIn(id string, created time.Time, u user, app, appID, ip, client string, code int, reason string,
	city, state, country string, lat, lon float64, interactive bool, eventType, ua string) obj {
	return obj{
		{"id", id},
		{"createdDateTime", created.Format("2006-01-02T15:04:05Z")},
		{"userDisplayName", u.name},
		{"userPrincipalName", u.upn},
		{"userId", u.id},
		{"appId", appID},
		{"appDisplayName", app},
		{"ipAddress", ip},
		{"ipAddressFromResourceProvider", nil},
		{"clientAppUsed", client},
		{"userAgent", ua},
		{"correlationId", "5d" + id[2:]},
		{"conditionalAccessStatus", "notApplied"},
		{"originalRequestId", id},
		{"isInteractive", interactive},
		{"tokenIssuerName", ""},
		{"tokenIssuerType", "AzureAD"},
		{"authenticationRequirement", "singleFactorAuthentication"},
		{"signInEventTypes", []any{eventType}},
		{"riskDetail", "none"},
		{"riskLevelAggregated", "none"},
		{"riskLevelDuringSignIn", "none"},
		{"riskState", "none"},
		{"riskEventTypes_v2", []any{}},
		{"resourceDisplayName", "Office 365 Exchange Online"},
		{"resourceId", "00000002-0000-0ff1-ce00-000000000000"},
		{"autonomousSystemNumber", 64500},
		{"status", obj{{"errorCode", code}, {"failureReason", reason}, {"additionalDetails", nil}}},
		{"deviceDetail", obj{{"deviceId", ""}, {"displayName", ""}, {"operatingSystem", "Windows10"}, {"browser", "Chrome 122.0.0"},
			{"isCompliant", false}, {"isManaged", false}, {"trustType", ""}}},
		{"location", obj{{"city", city}, {"state", state}, {"countryOrRegion", country},
			{"geoCoordinates", obj{{"altitude", nil}, {"latitude", lat}, {"longitude", lon}}}}},
		{"appliedConditionalAccessPolicies", []any{}},
		{"authenticationDetails", []any{}},
	}
}

const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"

var signIns = []obj{
	signIn("a9d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b01", at("2026-03-02T08:05:17Z"), megan, "OfficeHome",
		"4765445b-32c6-49b0-83e6-1d93765276ca", "203.0.113.45", "Browser", 0, "Other.",
		"Amsterdam", "Noord-Holland", "NL", 52.37403, 4.88969, true, "interactiveUser", chrome),
	signIn("a9d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b02", at("2026-03-02T08:04:51Z"), megan, "OfficeHome",
		"4765445b-32c6-49b0-83e6-1d93765276ca", "203.0.113.45", "Browser", 50126,
		"Error validating credentials due to invalid username or password.",
		"Amsterdam", "Noord-Holland", "NL", 52.37403, 4.88969, true, "interactiveUser", chrome),
	signIn("a9d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b03", at("2026-03-02T07:58:02Z"), christie, "Microsoft Office",
		"d3590ed6-52b3-4102-aeff-aad2292ab01c", "198.51.100.23", "Mobile Apps and Desktop clients", 50074,
		"Strong Authentication is required.", "Frankfurt am Main", "Hessen", "DE", 50.1109, 8.6821, true, "interactiveUser",
		"Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)"),
	signIn("a9d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b04", at("2026-03-02T07:45:10Z"), adele, "Microsoft Authentication Broker",
		"29d9ed98-a469-4536-ade2-f981bc1d605e", "2001:db8:4a::15", "Mobile Apps and Desktop clients", 0, "Other.",
		"Seattle", "Washington", "US", 47.6062, -122.3321, false, "nonInteractiveUser", "Windows-AzureAD-Authentication-Provider/1.0"),
	signIn("a9d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b05", at("2026-03-02T07:30:00Z"), patti, "Microsoft Teams",
		"1fec8e78-bce4-4aaf-ab1b-5451cc387264", "192.0.2.10", "Mobile Apps and Desktop clients", 0, "Other.",
		"Madrid", "Madrid", "ES", 40.4168, -3.7038, false, "nonInteractiveUser", "Teams/1.7.00.6058 <Windows>"),
}

// directoryAudits are Graph directoryAudit records.
var directoryAudits = []obj{
	{
		{"id", "Directory_0f2a8c4e-7b1d-4e39-a6c5-3d9e1f0b2a74_8KQ1P_31415926"},
		{"category", "ApplicationManagement"},
		{"correlationId", "3f9a1c7e-2d4b-4a86-b0e5-6c8d2f1a9e47"},
		{"result", "success"},
		{"resultReason", ""},
		{"activityDisplayName", "Update application – Certificates and secrets management "},
		{"activityDateTime", "2026-03-02T08:20:31.4471234Z"},
		{"loggedByService", "Core Directory"},
		{"operationType", "Update"},
		{"initiatedBy", obj{{"app", obj{{"appId", "7a9b3c1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}, {"displayName", "Contoso Sync"},
			{"servicePrincipalId", "2b4d6f8a-0c1e-4a3b-9d5f-7e9a1c3b5d7f"}, {"servicePrincipalName", "Contoso Sync"}}}, {"user", nil}}},
		{"targetResources", []any{obj{{"id", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"}, {"displayName", "Payroll Connector"},
			{"type", "Application"}, {"userPrincipalName", nil}, {"groupType", nil},
			{"modifiedProperties", []any{obj{{"displayName", "KeyDescription"},
				{"oldValue", "[]"}, {"newValue", `["[KeyIdentifier=4c8e2a6f-1b3d-4f5a-9c7e-0d2b4f6a8c1e,KeyType=Password,KeyUsage=Verify,DisplayName=sync]"]`}}}}}}},
		{"additionalDetails", []any{obj{{"key", "User-Agent"}, {"value", "python-requests/2.31.0"}}}},
	},
	{
		{"id", "Directory_5b7d9f1a-3c5e-4a7b-9d1f-3b5d7f9a1c3e_7QXZ2_27182818"},
		{"category", "RoleManagement"},
		{"correlationId", "8e6c4a2f-0d1b-4e3c-a5f7-9b1d3f5a7c9e"},
		{"result", "success"},
		{"resultReason", ""},
		{"activityDisplayName", "Add member to role"},
		{"activityDateTime", "2026-03-02T08:31:02.118Z"},
		{"loggedByService", "Core Directory"},
		{"operationType", "Assign"},
		{"initiatedBy", obj{{"app", nil}, {"user", obj{{"id", megan.id}, {"displayName", nil}, {"userPrincipalName", megan.upn},
			{"ipAddress", "203.0.113.45"}, {"userType", nil}, {"homeTenantId", nil}, {"homeTenantName", nil}}}}},
		{"targetResources", []any{obj{{"id", lee.id}, {"displayName", nil}, {"type", "User"}, {"userPrincipalName", lee.upn},
			{"groupType", nil}, {"modifiedProperties", []any{
				obj{{"displayName", "Role.DisplayName"}, {"oldValue", nil}, {"newValue", `"Global Administrator"`}},
				obj{{"displayName", "Role.TemplateId"}, {"oldValue", nil}, {"newValue", `"62e90394-69f5-4237-9190-012177145e10"`}}}}}}},
		{"additionalDetails", []any{}},
	},
	{
		{"id", "Directory_1c3e5a7b-9d0f-4b2c-8e4a-6c8e0a2c4e6a_3MNB7_16180339"},
		{"category", "UserManagement"},
		{"correlationId", "4d2b0f8e-6c4a-4b2d-9f7e-5d3b1f9e7c5a"},
		{"result", "failure"},
		{"resultReason", "Insufficient privileges to complete the operation."},
		{"activityDisplayName", "Update user"},
		{"activityDateTime", "2026-03-02T08:33:47Z"},
		{"loggedByService", "Core Directory"},
		{"operationType", "Update"},
		{"initiatedBy", obj{{"app", nil}, {"user", obj{{"id", christie.id}, {"displayName", nil}, {"userPrincipalName", christie.upn},
			{"ipAddress", "198.51.100.23"}, {"userType", nil}, {"homeTenantId", nil}, {"homeTenantName", nil}}}}},
		{"targetResources", []any{obj{{"id", adele.id}, {"displayName", nil}, {"type", "User"}, {"userPrincipalName", adele.upn},
			{"groupType", nil}, {"modifiedProperties", []any{}}}}},
		{"additionalDetails", []any{}},
	},
}

// auditData are Unified Audit Log records (AuditData), as Exchange Online returns them.
var (
	ualLogon = obj{
		{"CreationTime", "2026-03-02T08:05:17"}, {"Id", "e1b2c3d4-a5f6-4789-8b0c-1d2e3f4a5b6c"}, {"Operation", "UserLoggedIn"},
		{"OrganizationId", tenant}, {"RecordType", 15}, {"ResultStatus", "Success"}, {"UserKey", megan.id},
		{"UserType", 0}, {"Version", 1}, {"Workload", "AzureActiveDirectory"}, {"ClientIP", "203.0.113.45"},
		{"ObjectId", "00000002-0000-0ff1-ce00-000000000000"}, {"UserId", megan.upn}, {"AzureActiveDirectoryEventType", 1},
		{"ExtendedProperties", []any{obj{{"Name", "ResultStatusDetail"}, {"Value", "Success"}},
			obj{{"Name", "UserAgent"}, {"Value", chrome}}, obj{{"Name", "RequestType"}, {"Value", "OAuth2:Authorize"}}}},
		{"ModifiedProperties", []any{}},
		{"Actor", []any{obj{{"ID", megan.id}, {"Type", 0}}, obj{{"ID", megan.upn}, {"Type", 5}}}},
		{"ActorContextId", tenant}, {"ActorIpAddress", "203.0.113.45"}, {"InterSystemsId", "5d" + "d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b01"},
		{"IntraSystemId", "a9d1f6c2-3b4e-4a57-8c69-0d1e2f3a4b01"}, {"SupportTicketId", ""},
		{"Target", []any{obj{{"ID", "00000002-0000-0ff1-ce00-000000000000"}, {"Type", 0}}}},
		{"TargetContextId", tenant}, {"ApplicationId", "4765445b-32c6-49b0-83e6-1d93765276ca"},
		{"DeviceProperties", []any{obj{{"Name", "OS"}, {"Value", "Windows 10"}}, obj{{"Name", "BrowserType"}, {"Value", "Chrome"}}}},
		{"ErrorNumber", "0"},
	}
	ualInboxRule = obj{
		{"CreationTime", "2026-03-02T08:12:40"}, {"Id", "7f3e2d1c-0b9a-4876-a5f4-e3d2c1b0a987"}, {"Operation", "New-InboxRule"},
		{"OrganizationId", tenant}, {"RecordType", 1}, {"ResultStatus", "True"}, {"UserKey", "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)"},
		{"UserType", 2}, {"Version", 1}, {"Workload", "Exchange"}, {"ClientIP", "203.0.113.45:51532"},
		{"ObjectId", "contoso.com/Users/megan.bowen\\."}, {"UserId", megan.upn}, {"AppId", "00000002-0000-0ff1-ce00-000000000000"},
		{"ClientAppId", ""}, {"ExternalAccess", false}, {"OrganizationName", "contoso.onmicrosoft.com"},
		{"OriginatingServer", "AM0PR06MB1234 (15.20.7339.025)"},
		{"Parameters", []any{obj{{"Name", "AlwaysDeleteOutlookRulesBlob"}, {"Value", "False"}}, obj{{"Name", "Force"}, {"Value", "False"}},
			obj{{"Name", "ForwardTo"}, {"Value", "mb.archive@example.net"}}, obj{{"Name", "Name"}, {"Value", "."}},
			obj{{"Name", "MarkAsRead"}, {"Value", "True"}}, obj{{"Name", "StopProcessingRules"}, {"Value", "True"}}}},
		{"SessionId", "0d3c5e7f-9a1b-4c2d-8e3f-5a7b9c1d3e5f"},
	}
	ualMailAccess = obj{
		{"CreationTime", "2026-03-02T08:15:03"}, {"Id", "2a4c6e8f-1b3d-4f5a-8c7e-9d0b2f4a6c8e"}, {"Operation", "MailItemsAccessed"},
		{"OrganizationId", tenant}, {"RecordType", 50}, {"ResultStatus", "Succeeded"}, {"UserKey", megan.id},
		{"UserType", 0}, {"Version", 1}, {"Workload", "Exchange"}, {"UserId", megan.upn},
		{"AppId", "d3590ed6-52b3-4102-aeff-aad2292ab01c"}, {"ClientAppId", "d3590ed6-52b3-4102-aeff-aad2292ab01c"},
		{"ClientIPAddress", "2001:db8:4a::15"}, {"ClientInfoString", "Client=REST;Client=RESTSystem;;"}, {"ExternalAccess", false},
		{"InternalLogonType", 0}, {"LogonType", 0}, {"LogonUserSid", "S-1-5-21-1004336348-1177238915-682003330-21101"},
		{"MailboxGuid", "6b8d0f2a-4c6e-4a8b-9d1f-3b5d7f9b1d3f"}, {"MailboxOwnerSid", "S-1-5-21-1004336348-1177238915-682003330-21101"},
		{"MailboxOwnerUPN", megan.upn}, {"OperationProperties", []any{obj{{"Name", "MailAccessType"}, {"Value", "Bind"}},
			obj{{"Name", "IsThrottled"}, {"Value", "False"}}}},
		{"OrganizationName", "contoso.onmicrosoft.com"}, {"OriginatingServer", "AM0PR06MB1234 (15.20.7339.025)"},
		{"Folders", []any{obj{{"FolderItems", []any{obj{{"InternetMessageId", "<PR3P195MB0713E1F1B2C3D4E5@PR3P195MB0713.EURP195.PROD.OUTLOOK.COM>"},
			{"SizeInBytes", 48213}}}}, {"Id", "LgAAAAA7cV3J2k6aR4pB1c9dEkWiAQAn"}, {"Path", "\\Inbox"}}}},
		{"OperationCount", 1},
	}
)

var ualRecords = []obj{ualLogon, ualInboxRule, ualMailAccess}

// recordType is the RecordType's name, as Search-UnifiedAuditLog's RecordType property holds it.
var recordType = map[int]string{1: "ExchangeAdmin", 15: "AzureActiveDirectoryStsLogon", 50: "ExchangeItemAggregated"}

// graphRecordType is auditLogRecordType as the Graph audit log query API writes it.
var graphRecordType = map[int]string{1: "exchangeAdmin", 15: "azureActiveDirectoryStsLogon", 50: "exchangeItemAggregated"}

var graphODataType = map[int]string{1: "#microsoft.graph.security.exchangeAdminAuditRecord",
	15: "#microsoft.graph.security.azureActiveDirectoryStsLogonAuditRecord", 50: "#microsoft.graph.security.exchangeMailboxAuditRecord"}

func ualTime(r obj) time.Time { return at(r.get("CreationTime").(string) + "Z") }
