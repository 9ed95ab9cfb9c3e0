package gen

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Workload identities: the tenant's service principals and managed identities, which sign
// in around the clock from fixed places in the cloud, and how each export format writes
// their sign-ins (Graph beta signIns filtered on signInEventTypes, Azure Monitor's
// ServicePrincipalSignInLogs and ManagedIdentitySignInLogs, Log Analytics'
// AADServicePrincipalSignInLogs and AADManagedIdentitySignInLogs, the portal's
// ApplicationSignIns and MSISignIns downloads). The attacks and look-alikes that involve
// them are in scenario_workload.go.

// WorkloadSignIn is what a service principal's or managed identity's sign-in carries
// besides what a user's does. A user's sign-in has none of it.
type WorkloadSignIn struct {
	ServicePrincipalID    string
	ServicePrincipalName  string
	ClientCredentialType  string // clientSecret | clientAssertion | federatedIdentityCredential | managedIdentity ("" for users: none)
	CredentialKeyID       string // servicePrincipalCredentialKeyId: the secret or certificate used
	CredentialThumbprint  string // servicePrincipalCredentialThumbprint: the certificate's
	FederatedCredentialID string
	ManagedIdentityType   string // SystemAssigned | UserAssigned
	AssociatedResourceID  string // the Azure resource a managed identity belongs to
}

func (w *WorkloadSignIn) credentialType() string {
	if w.ClientCredentialType == "" {
		return "none"
	}
	return w.ClientCredentialType
}

// eventType is the sign-in's signInEventTypes value.
func (s *SignIn) eventType() string {
	switch s.Category {
	case Interactive:
		return "interactiveUser"
	case ServicePrincipal:
		return "servicePrincipal"
	case ManagedIdentity:
		return "managedIdentity"
	}
	return "nonInteractiveUser"
}

// encodeWorkload writes the members Graph gives workload identity sign-ins.
func encodeWorkload(e *jenc, w *WorkloadSignIn) {
	e.k("servicePrincipalCredentialKeyId")
	e.str(w.CredentialKeyID)
	e.k("servicePrincipalCredentialThumbprint")
	e.str(w.CredentialThumbprint)
	e.k("federatedCredentialId")
	e.str(w.FederatedCredentialID)
	e.k("managedServiceIdentity")
	e.obj()
	e.k("msiType")
	if w.ManagedIdentityType == "" {
		e.str("none")
	} else {
		e.str(w.ManagedIdentityType)
	}
	e.k("associatedResourceId")
	e.strOrNull(w.AssociatedResourceID)
	e.k("federatedTokenId")
	e.null()
	e.k("federatedTokenIssuer")
	e.null()
	e.endObj()
}

// cloudRegion is a cloud datacentre the tenant's workloads run in: where its addresses
// geolocate and the network that announces them.
type cloudRegion struct {
	City, State, Country string
	Lat, Lon             float64
	ASN                  int
	Prefix               netip.Prefix
}

var (
	azureEastUS     = cloudRegion{"Boydton", "Virginia", "US", 36.6676, -78.3875, 8075, mp("20.42.0.0/16")}
	azureWestUS2    = cloudRegion{"Quincy", "Washington", "US", 47.2343, -119.8526, 8075, mp("4.154.0.0/15")}
	azureWestEurope = cloudRegion{"Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 8075, mp("20.105.0.0/16")}
)

// Resources workload identities sign in to.
var (
	appKeyVault = app{"Azure Key Vault", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"}
	appStorage  = app{"Azure Storage", "e406a681-f3d4-42a8-90b6-c2b029497af1"}
)

// workloadApp is one of the tenant's workload identities and its habits.
type workloadApp struct {
	appRef
	category string        // ServicePrincipal or ManagedIdentity
	cred     string        // its clientCredentialType
	key      string        // the key id it signs in with (a secret or certificate)
	thumb    string        // the certificate's thumbprint
	fedID    string        // its federated identity credential
	msiType  string        // for managed identities
	resID    string        // the Azure resource a managed identity belongs to
	resource app           // what it signs in to
	every    time.Duration // how often
	region   cloudRegion
	ip       string // its fixed address ("" for a fresh one from the region each time)
	// A rotation: from rotatedAt on it signs in with newKey.
	rotatedAt time.Time
	newKey    string
}

// workloads holds the tenant's workload identities and what the scenarios share about them.
type workloads struct {
	r    rng // their own stream: adding them moves nothing else
	apps []*workloadApp
	hr   *workloadApp // HR Sync Connector, whose secret the compromise chain adds to
	intr *workloadApp // Intranet Sync, whose owner rotates its secret (a look-alike)
	// Set by the compromise chain when it adds a secret to HR Sync Connector.
	hrNewKey   string
	hrCredAt   time.Time
	attackerIP string
}

// Workload identities draw from their own stream.
const streamWorkload = 1<<19 | 0x57

// workloads makes the tenant's workload identities and their sign-ins, weeks of them: the
// tenant's apps signing in from fixed cloud addresses every hour or so, and managed
// identities every half hour.
func (s *scenario) workloads() {
	t := s.t
	wl := &workloads{r: newRNG(t.Options.Seed, streamWorkload)}
	s.wl = wl
	r := wl.r
	mk := func(name string, ref appRef, category, cred string, res app, every time.Duration, region cloudRegion, fixedIP bool) *workloadApp {
		if ref.Name == "" {
			ref = appRef{Name: name, AppID: r.uuid(), ObjectID: r.uuid(), SPID: r.uuid()}
		}
		a := &workloadApp{appRef: ref, category: category, cred: cred, resource: res, every: every, region: region}
		if fixedIP {
			a.ip = r.ipIn(region.Prefix)
		}
		switch cred {
		case "clientSecret":
			a.key = r.uuid()
		case "clientAssertion":
			a.key = r.uuid()
			a.thumb = strings.ToUpper(r.hex(40))
		case "federatedIdentityCredential":
			a.fedID = r.uuid()
		}
		wl.apps = append(wl.apps, a)
		return a
	}
	wl.hr = mk("HR Sync Connector", s.hrApp, ServicePrincipal, "clientSecret", appGraph, time.Hour, azureEastUS, true)
	mk("Payroll Export", appRef{}, ServicePrincipal, "clientAssertion", appGraph, time.Hour, azureEastUS, true)
	wl.intr = mk("Intranet Sync", appRef{}, ServicePrincipal, "clientSecret", appSharePoint, 2*time.Hour, azureWestEurope, true)
	mk("GitHub Actions Deploy", appRef{}, ServicePrincipal, "federatedIdentityCredential", appAzureMgmt, 3*time.Hour, azureWestUS2, false)
	fn := mk("func-invoices-prod", appRef{}, ManagedIdentity, "managedIdentity", appKeyVault, 30*time.Minute, azureEastUS, true)
	fn.msiType = "SystemAssigned"
	fn.resID = "/subscriptions/" + r.uuid() + "/resourceGroups/rg-invoices/providers/Microsoft.Web/sites/func-invoices-prod"
	vm := mk("id-backup-agent", appRef{}, ManagedIdentity, "managedIdentity", appStorage, time.Hour, azureEastUS, true)
	vm.msiType = "UserAssigned"
	vm.resID = "/subscriptions/" + r.uuid() + "/resourceGroups/rg-backup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-backup-agent"
	if t.Options.Decoys {
		// The owner of Intranet Sync rotates its secret on the third day of the last week
		// (scenario_workload.go); the app uses the new one from two hours later.
		wl.intr.rotatedAt = s.intranetRotation().Add(2 * time.Hour)
		wl.intr.newKey = r.uuid()
	}
	for _, a := range wl.apps {
		for at := t.Options.Start.Add(r.dur(0, a.every)); at.Before(t.end); at = at.Add(a.every + r.dur(0, 40*time.Second) - 20*time.Second) {
			si := wl.signIn(t, a, at)
			// Now and then a token request fails and is retried (throttled, or a transient error).
			if r.chance(0.003) {
				si.ErrorCode, si.FailureReason = 7000112, "Application is disabled or throttled; try again later."
			}
			s.signins = append(s.signins, si)
		}
	}
}

// intranetRotation is when the owner of Intranet Sync adds its new secret: 14:20 UTC on
// the first weekday from the third day of the last week.
func (s *scenario) intranetRotation() time.Time {
	return s.a0.AddDate(0, 0, s.weekday(2)).Add(14*time.Hour + 20*time.Minute)
}

// signIn is one sign-in of a workload identity from its own place.
func (wl *workloads) signIn(t *Tenant, a *workloadApp, at time.Time) SignIn {
	ip := a.ip
	if ip == "" {
		ip = wl.r.ipIn(a.region.Prefix)
	}
	key := a.key
	if !a.rotatedAt.IsZero() && !at.Before(a.rotatedAt) {
		key = a.newKey
	}
	return wl.signInFrom(t, a, at.Truncate(100), ip, a.region, key)
}

// signInFrom is a sign-in of a workload identity from an address in a region.
func (wl *workloads) signInFrom(t *Tenant, a *workloadApp, at time.Time, ip string, reg cloudRegion, key string) SignIn {
	r := wl.r
	lat, lon := float64(float32(reg.Lat)), float64(float32(reg.Lon))
	s := SignIn{
		ID: r.requestID(), CreatedAt: at, Category: a.category, CorrelationID: r.uuid(),
		AppID: a.AppID, AppDisplayName: a.Name, ResourceID: a.resource.ID, ResourceDisplayName: a.resource.Name,
		IPAddress: ip, City: reg.City, State: reg.State, Country: reg.Country, Latitude: lat, Longitude: lon, ASN: reg.ASN,
		AuthenticationRequirement: "singleFactorAuthentication", ConditionalAccessStatus: "notApplied",
		AuthenticationProtocol: "none", IncomingTokenType: "none",
		RiskLevelDuringSignIn: "none", RiskLevelAggregated: "none", RiskState: "none", RiskDetail: "none",
		TokenIssuerType: "AzureAD", CrossTenantAccessType: "none", ResourceTenantID: t.TenantID,
		UniqueTokenIdentifier: r.tokenID(), ProcessingTimeMs: r.between(20, 180),
		Workload: WorkloadSignIn{ServicePrincipalID: a.SPID, ServicePrincipalName: a.Name, ClientCredentialType: a.cred,
			CredentialKeyID: key, FederatedCredentialID: a.fedID, ManagedIdentityType: a.msiType, AssociatedResourceID: a.resID},
	}
	if a.thumb != "" && key == a.key {
		s.Workload.CredentialThumbprint = a.thumb
	}
	s.OriginalRequestID = s.ID
	return s
}

// Writing them.

// The portal's service principal and managed identity downloads. Entrarisk reads them by
// their header names; the layout is modelled on the portal's sign-in downloads (the
// "Application ID " and "Autonomous system  number" spellings) and has not been compared
// with a real download byte for byte.
const (
	portalAppSignInHeader = `"Date (UTC)","Request ID","Correlation ID","Service principal ID","Service principal name","Application","Application ID ","Resource","Resource ID ","Resource tenant ID","Home tenant ID","IP address","Location","Status","Sign-in error code","Failure reason","Client credential type","Credential key ID","Credential thumbprint","Autonomous system  number","Conditional Access","Latency"`
	portalMSISignInHeader = `"Date (UTC)","Request ID","Correlation ID","Service principal ID","Service principal name","Application","Application ID ","Resource","Resource ID ","Resource tenant ID","IP address","Location","Status","Sign-in error code","Failure reason","Client credential type","Managed Identity type","Associated Resource Id","Federated Token Id","Federated Token Issuer","Autonomous system  number","Conditional Access","Latency"`
)

// The Log Analytics tables' columns (Azure Monitor's table reference, with the newer
// CreatedDateTime, AutonomousSystemNumber and ClientCredentialType).
var (
	laSPColumns  = strings.Split("TenantId,SourceSystem,TimeGenerated [UTC],OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,ResourceGroup,Identity,Level,Location,AppId,AppOwnerTenantId,AuthenticationProcessingDetails,AutonomousSystemNumber,ClientCredentialType,ConditionalAccessAudiences,ConditionalAccessPolicies,ConditionalAccessStatus,CreatedDateTime [UTC],FederatedCredentialId,Id,IPAddress,LocationDetails,NetworkLocationDetails,ResourceDisplayName,ResourceIdentity,ResourceOwnerTenantId,ResourceServicePrincipalId,ServicePrincipalCredentialKeyId,ServicePrincipalCredentialThumbprint,ServicePrincipalId,ServicePrincipalName,UniqueTokenIdentifier,Type", ",")
	laMSIColumns = strings.Split("TenantId,SourceSystem,TimeGenerated [UTC],OperationName,OperationVersion,Category,ResultType,ResultSignature,ResultDescription,DurationMs,CorrelationId,ResourceGroup,Identity,Level,Location,AppId,AppOwnerTenantId,AuthenticationProcessingDetails,AutonomousSystemNumber,ClientCredentialType,ConditionalAccessAudiences,ConditionalAccessPolicies,ConditionalAccessStatus,CreatedDateTime [UTC],FederatedCredentialId,Id,IPAddress,LocationDetails,ManagedServiceIdentity,NetworkLocationDetails,ResourceDisplayName,ResourceIdentity,ResourceOwnerTenantId,ResourceServicePrincipalId,ServicePrincipalCredentialKeyId,ServicePrincipalCredentialThumbprint,ServicePrincipalId,ServicePrincipalName,UniqueTokenIdentifier,Type", ",")
)

// workloadHeaders returns the portal's and Log Analytics' headers of workload identity
// sign-ins, for tests.
func workloadHeaders() (portalApp, portalMSI string, laSP, laMSI []string) {
	return portalAppSignInHeader, portalMSISignInHeader, laSPColumns, laMSIColumns
}

// workloadSinks writes one format's workload identity sign-ins to their own files, opened
// when the first comes: [0] service principals, [1] managed identities.
type workloadSinks struct {
	w      *writer
	f      Format
	pagers [2]*pager
	rots   [2]*rotator
	ps     [2]*psArray
	blobs  [2]*hourBlobs
	la     [2]*laSink
	e      jenc
	row    csvRow
	ts     []byte
}

func (w *writer) workloadSinks(f Format) *workloadSinks {
	return &workloadSinks{w: w, f: f, row: csvRow{quoteAll: true}}
}

// workloadKind is 0 for a service principal's sign-in, 1 for a managed identity's.
func workloadKind(s *SignIn) int {
	if s.Category == ManagedIdentity {
		return 1
	}
	return 0
}

var (
	workloadEvents     = [2]string{"servicePrincipal", "managedIdentity"}
	workloadAzure      = [2]string{"ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs"}
	workloadLATables   = [2]string{"AADServicePrincipalSignInLogs", "AADManagedIdentitySignInLogs"}
	workloadPortal     = [2]string{"ApplicationSignIns_", "MSISignIns_"}
	workloadPowerShell = [2]string{"ServicePrincipalSignIns_", "ManagedIdentitySignIns_"}
)

// add writes one sign-in.
func (k *workloadSinks) add(s *SignIn) error {
	w, t, i := k.w, k.w.t, workloadKind(s)
	e := &k.e
	switch k.f {
	case GraphPages:
		if k.pagers[i] == nil {
			ev := workloadEvents[i]
			k.pagers[i] = newPager(w, "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns",
				"https://graph.microsoft.com/beta/auditLogs/signIns?$top=1000&$orderby=createdDateTime&$filter=signInEventTypes/any(t:+t+eq+'"+ev+"')",
				func(day string) string { return "signIns_" + ev + "_" + day + ".json" })
		}
		e.reset()
		encodeSignIn(e, s, siStyle{beta: true})
		return k.pagers[i].add(dayOf(s.CreatedAt), e.b)
	case GraphNDJSON:
		if k.rots[i] == nil {
			ev := workloadEvents[i]
			k.rots[i] = &rotator{w: w, name: func(day string) string { return "signIns_" + ev + "_" + day + ".ndjson" }}
		}
		f, err := k.rots[i].file(dayOf(s.CreatedAt))
		if err != nil {
			return err
		}
		e.reset()
		encodeSignIn(e, s, siStyle{beta: true})
		e.b = append(e.b, '\n')
		f.write(e.b)
	case GraphPowerShell:
		if k.ps[i] == nil {
			f, err := w.create(workloadPowerShell[i] + t.span() + ".json")
			if err != nil {
				return err
			}
			f.writeString(utf8BOM)
			k.ps[i] = &psArray{f: f, perArray: pageSize}
		}
		k.ps[i].add(func(e *jenc) { encodeSignIn(e, s, siStyle{ps: true, beta: true}) })
	case AzureMonitor:
		if k.blobs[i] == nil {
			k.blobs[i] = w.hourBlobs("insights-logs-" + strings.ToLower(workloadAzure[i]))
		}
		return w.azureSignIn(e, k.blobs[i], s, workloadAzure[i], s.Workload.ServicePrincipalName)
	case PortalCSV:
		return k.portalRow(s, i)
	case LogAnalyticsCSV, LogAnalyticsJSON:
		return k.laRow(s, i)
	}
	return nil
}

func (k *workloadSinks) portalRow(s *SignIn, i int) error {
	t := k.w.t
	if k.rots[i] == nil {
		prefix, header := workloadPortal[i], portalAppSignInHeader
		if i == 1 {
			header = portalMSISignInHeader
		}
		k.rots[i] = &rotator{w: k.w, name: func(span string) string { return prefix + span + ".csv" },
			start: func(f *outFile) {
				f.writeString(utf8BOM)
				f.writeString(header)
				f.writeString("\r\n")
			}}
	}
	_, span := t.portalWindow(s.CreatedAt)
	f, err := k.rots[i].file(span)
	if err != nil {
		return err
	}
	row, wl := &k.row, &s.Workload
	row.b, row.n = row.b[:0], 0
	k.ts = append(appendISO(k.ts[:0], s.CreatedAt, 0), 'Z')
	row.cellBytes(k.ts)
	row.cell(s.ID)
	row.cell(s.CorrelationID)
	row.cell(wl.ServicePrincipalID)
	row.cell(wl.ServicePrincipalName)
	row.cell(s.AppDisplayName)
	row.cell(s.AppID)
	row.cell(s.ResourceDisplayName)
	row.cell(s.ResourceID)
	row.cell(s.ResourceTenantID)
	if i == 0 {
		row.cell(t.TenantID)
	}
	row.cell(s.IPAddress)
	row.cell(s.City + ", " + s.State + ", " + s.Country)
	row.cell(s.Status())
	row.cell(strconv.Itoa(s.ErrorCode))
	row.cell(s.FailureReason)
	row.cell(wl.credentialType())
	if i == 0 {
		row.cell(wl.CredentialKeyID)
		row.cell(wl.CredentialThumbprint)
	} else {
		row.cell(wl.ManagedIdentityType)
		row.cell(wl.AssociatedResourceID)
		row.cell("")
		row.cell("")
	}
	row.cell(strconv.Itoa(s.ASN))
	row.cell(portalCA(s.ConditionalAccessStatus))
	row.cell(strconv.Itoa(s.ProcessingTimeMs))
	row.end()
	f.write(row.b)
	return nil
}

func (k *workloadSinks) laRow(s *SignIn, i int) error {
	w, t := k.w, k.w.t
	if k.la[i] == nil {
		cols := laSPColumns
		if i == 1 {
			cols = laMSIColumns
		}
		sink, err := w.laSink(workloadLATables[i], newLATable(workloadLATables[i], cols), k.f == LogAnalyticsJSON)
		if err != nil {
			return err
		}
		k.la[i] = sink
	}
	l, wl := k.la[i], &s.Workload
	l.begin()
	l.set("TenantId", vs(t.workspace))
	l.set("SourceSystem", vs("Azure AD"))
	l.set("TimeGenerated [UTC]", vt(s.CreatedAt))
	l.set("OperationName", vs("Sign-in activity"))
	l.set("OperationVersion", vs("1.0"))
	l.set("Category", vs(workloadAzure[i]))
	l.set("ResultType", vs(strconv.Itoa(s.ErrorCode)))
	l.set("ResultDescription", vs(s.FailureReason))
	l.set("DurationMs", vn(0))
	l.set("CorrelationId", vs(s.CorrelationID))
	l.set("ResourceGroup", vs("Microsoft.aadiam"))
	l.set("Identity", vs(wl.ServicePrincipalName))
	l.set("Level", vs("4"))
	l.set("Location", vs(s.Country))
	l.set("AppId", vs(s.AppID))
	l.set("AppOwnerTenantId", vs(t.TenantID))
	l.set("AuthenticationProcessingDetails", vjs(laProcessingDetails))
	l.set("AutonomousSystemNumber", vn(s.ASN))
	l.set("ClientCredentialType", vs(wl.credentialType()))
	l.set("ConditionalAccessPolicies", vjs("[]"))
	l.set("ConditionalAccessStatus", vs(s.ConditionalAccessStatus))
	l.set("CreatedDateTime [UTC]", vt(s.CreatedAt))
	l.set("FederatedCredentialId", vs(wl.FederatedCredentialID))
	l.set("Id", vs(s.ID))
	l.set("IPAddress", vs(s.IPAddress))
	loc := laLocation(nil, s)
	l.set("LocationDetails", vj(loc))
	if i == 1 {
		l.set("ManagedServiceIdentity", vjs(`{"msiType":`+jsonQuote(wl.ManagedIdentityType)+`,"associatedResourceId":`+jsonQuote(wl.AssociatedResourceID)+`}`))
	}
	l.set("NetworkLocationDetails", vjs("[]"))
	l.set("ResourceDisplayName", vs(s.ResourceDisplayName))
	l.set("ResourceIdentity", vs(s.ResourceID))
	l.set("ResourceOwnerTenantId", vs(microsoftTenantID))
	l.set("ServicePrincipalCredentialKeyId", vs(wl.CredentialKeyID))
	l.set("ServicePrincipalCredentialThumbprint", vs(wl.CredentialThumbprint))
	l.set("ServicePrincipalId", vs(wl.ServicePrincipalID))
	l.set("ServicePrincipalName", vs(wl.ServicePrincipalName))
	l.set("UniqueTokenIdentifier", vs(s.UniqueTokenIdentifier))
	l.set("Type", vs(workloadLATables[i]))
	l.emit()
	return nil
}

// close finishes every file the sinks opened.
func (k *workloadSinks) close() error {
	for i := 0; i < 2; i++ {
		if p := k.pagers[i]; p != nil {
			if err := p.done(""); err != nil {
				return fmt.Errorf("workload sign-ins: %w", err)
			}
		}
		if r := k.rots[i]; r != nil {
			if err := r.close(); err != nil {
				return err
			}
		}
		if a := k.ps[i]; a != nil {
			if err := a.end(); err != nil {
				return err
			}
		}
		if l := k.la[i]; l != nil {
			if err := l.close(); err != nil {
				return err
			}
		}
	}
	return nil
}
