package gen

import "time"

// The canonical record model. Every writer serialises these values, in its own shape, so
// that what ingest stores can be compared with what was generated. Field names follow the
// store's columns (store/schema.sql); times are UTC at 100 ns resolution, which the formats
// with coarser times (portal CSV: seconds; Log Analytics: milliseconds; Windows PowerShell:
// milliseconds; Purview: seconds) truncate.

// Sign-in categories, as the store names them.
const (
	Interactive      = "interactive"
	NonInteractive   = "non_interactive"
	ServicePrincipal = "service_principal"
	ManagedIdentity  = "managed_identity"
)

// SignIn is one sign-in.
type SignIn struct {
	ID                string // the request id
	CreatedAt         time.Time
	Category          string // Interactive or NonInteractive
	CorrelationID     string
	OriginalRequestID string

	UserPrincipalName string
	UserID            string
	UserDisplayName   string
	UserType          string // member
	SignInIdentifier  string

	AppID               string
	AppDisplayName      string
	ResourceID          string
	ResourceDisplayName string

	IPAddress string
	City      string
	State     string
	Country   string // ISO 3166 alpha-2
	Latitude  float64
	Longitude float64
	ASN       int

	ErrorCode         int
	FailureReason     string // empty on success (Graph writes "Other.")
	AdditionalDetails string

	ClientApp       string
	UserAgent       string
	DeviceID        string
	DeviceName      string
	OperatingSystem string
	Browser         string
	IsCompliant     bool
	IsManaged       bool
	TrustType       string

	AuthenticationRequirement string // singleFactorAuthentication | multiFactorAuthentication
	MFAAuthMethod             string
	MFAAuthDetail             string
	MFAResult                 string // what the portal shows as the MFA result
	ConditionalAccessStatus   string // success | failure | notApplied
	AuthenticationProtocol    string // none | oAuth2 | ropc | deviceCode | ...
	IncomingTokenType         string // none | primaryRefreshToken | refreshToken | ...

	RiskLevelDuringSignIn string // none | low | medium | high
	RiskLevelAggregated   string
	RiskState             string // none | atRisk | ...
	RiskDetail            string
	RiskEventTypes        []string

	TokenIssuerType       string
	CrossTenantAccessType string
	HomeTenantID          string
	ResourceTenantID      string
	UniqueTokenIdentifier string
	SessionID             string
	ProcessingTimeMs      int
	// OriginalTransferMethod says how the session was handed over: deviceCodeFlow,
	// authenticationTransfer, or empty for none.
	OriginalTransferMethod string

	AuthDetails []AuthStep
	CAPolicies  []CAPolicy // shared between sign-ins: read, never change

	// Workload identities (Category ServicePrincipal or ManagedIdentity): see workload.go.
	Workload WorkloadSignIn
}

// Status is the portal's word for the outcome: Success, Failure or Interrupted.
func (s *SignIn) Status() string {
	if e, ok := errorTexts[s.ErrorCode]; ok {
		return e.Status
	}
	return "Failure"
}

// IsWorkload reports whether a service principal or a managed identity signed in.
func (s *SignIn) IsWorkload() bool {
	return s.Category == ServicePrincipal || s.Category == ManagedIdentity
}

// Interactive reports whether the sign-in is interactive.
func (s *SignIn) Interactive() bool { return s.Category == Interactive }

// AuthStep is one step of a sign-in's authentication (authenticationDetails).
type AuthStep struct {
	At           time.Time
	Method       string
	MethodDetail string
	Succeeded    bool
	ResultDetail string
	Requirement  string // Primary authentication | Multi-factor authentication
}

// CAPolicy is one Conditional Access policy as applied to a sign-in.
type CAPolicy struct {
	ID              string
	DisplayName     string
	GrantControls   []string
	SessionControls []string
	Result          string // success | failure | notApplied | notEnabled | reportOnlySuccess | reportOnlyFailure | reportOnlyNotApplied
}

// Audit is one directory audit record.
type Audit struct {
	ID              string
	ActivityAt      time.Time
	Category        string
	Activity        string // activityDisplayName as written (may end in a space)
	OperationType   string
	Result          string // success | failure
	ResultReason    string
	LoggedByService string
	CorrelationID   string
	Actor           Actor
	Targets         []Target
	Additional      []KeyValue
	UserAgent       string // also in Additional as User-Agent when set
}

// Actor is who initiated an audited activity: a user or an app.
type Actor struct {
	UserID, UserPrincipalName, DisplayName, IPAddress        string
	AppID, AppName, ServicePrincipalID, ServicePrincipalName string
}

// IsUser reports whether a user (not an app) acted.
func (a *Actor) IsUser() bool { return a.UserPrincipalName != "" || a.UserID != "" }

// Target is a target resource of an audited activity.
type Target struct {
	ID, DisplayName, Type, UserPrincipalName, GroupType string
	Modified                                            []Modified
}

// Modified is a modified property; values are written as exported (JSON inside a string).
type Modified struct {
	Name, Old, New string
}

// KeyValue is an additional detail.
type KeyValue struct{ Key, Value string }

// Unified Audit Log record types.
const (
	RecordExchangeAdmin          = 1
	RecordExchangeItem           = 2
	RecordSharePointFileOp       = 6
	RecordAzureADStsLogon        = 15
	RecordExchangeItemAggregated = 50
	RecordExchangeSearch         = 101
)

var recordTypeNames = map[int]string{
	RecordExchangeAdmin:          "ExchangeAdmin",
	RecordExchangeItem:           "ExchangeItem",
	RecordSharePointFileOp:       "SharePointFileOperation",
	RecordAzureADStsLogon:        "AzureActiveDirectoryStsLogon",
	RecordExchangeItemAggregated: "ExchangeItemAggregated",
	RecordExchangeSearch:         "ExchangeSearch",
}

// RecordTypeName is the name of a Unified Audit Log record type.
func RecordTypeName(t int) string { return recordTypeNames[t] }

// MailboxEvent is one Unified Audit Log record (mailbox, file and sign-in activity).
type MailboxEvent struct {
	ID             string
	CreatedAt      time.Time // seconds resolution, as the UAL keeps it
	RecordType     int
	Operation      string
	Workload       string // Exchange | SharePoint | OneDrive | AzureActiveDirectory
	UserID         string // the UPN as the UAL writes it
	UserKey        string
	UserType       int    // 0 regular, 2 admin
	ClientIP       string // without port
	ClientPort     int    // 0 when the record carries no port
	ResultStatus   string
	ObjectID       string
	OrganizationID string
	Parameters     []KeyValue // Exchange cmdlet parameters, {"Name":..,"Value":..}
	// Kind-specific detail.
	MailboxOwnerUPN  string
	ClientInfoString string
	LogonType        int
	Subject          string
	FolderPath       string
	SiteURL          string
	FileName         string
	UserAgent        string
	AppID            string
	ExternalAccess   bool
	UAL              *ualDetail // what the 2026 rules read (ual.go); nil for the older background
}

// RiskDetection is one Identity Protection risk detection.
type RiskDetection struct {
	ID                   string
	RequestID            string
	CorrelationID        string
	RiskEventType        string
	RiskState            string
	RiskLevel            string
	RiskDetail           string
	Source               string
	DetectionTimingType  string
	Activity             string
	TokenIssuerType      string
	IPAddress            string
	City, State, Country string
	Latitude, Longitude  float64
	ActivityAt           time.Time
	DetectedAt           time.Time
	LastUpdatedAt        time.Time
	UserID               string
	UserDisplayName      string
	UserPrincipalName    string
	AdditionalInfo       string // JSON text
}

// RiskyUser is one Identity Protection risky user.
type RiskyUser struct {
	ID                string // the user's object id
	UserPrincipalName string
	UserDisplayName   string
	IsDeleted         bool
	IsProcessing      bool
	RiskLevel         string
	RiskState         string
	RiskDetail        string
	RiskLastUpdatedAt time.Time
}
