package gen

import "time"

// siStyle says which API's shape a sign-in takes.
type siStyle struct {
	beta  bool // the beta API: mfaDetail
	azure bool // Azure Monitor's properties: Member, StatusSequence, offsets on some times
	ps    bool // the Graph PowerShell SDK
}

// encodeSignIn writes a sign-in as Microsoft Graph returns it.
func encodeSignIn(e *jenc, s *SignIn, st siStyle) {
	e.obj()
	e.k("id")
	e.str(s.ID)
	e.k("createdDateTime")
	e.time(s.CreatedAt)
	e.k("userDisplayName")
	e.str(s.UserDisplayName)
	e.k("userPrincipalName")
	e.str(s.UserPrincipalName)
	e.k("userId")
	e.str(s.UserID)
	e.k("appId")
	e.str(s.AppID)
	e.k("appDisplayName")
	e.str(s.AppDisplayName)
	e.k("ipAddress")
	e.str(s.IPAddress)
	e.k("ipAddressFromResourceProvider")
	e.null()
	e.k("clientAppUsed")
	e.str(s.ClientApp)
	e.k("userAgent")
	e.str(s.UserAgent)
	e.k("correlationId")
	e.str(s.CorrelationID)
	e.k("conditionalAccessStatus")
	e.str(s.ConditionalAccessStatus)
	e.k("originalRequestId")
	e.str(s.OriginalRequestID)
	e.k("isInteractive")
	e.bool(s.Interactive())
	e.k("tokenIssuerName")
	e.str("")
	e.k("tokenIssuerType")
	e.str(s.TokenIssuerType)
	e.k("clientCredentialType")
	e.str(s.Workload.credentialType())
	e.k("processingTimeInMilliseconds")
	e.int(s.ProcessingTimeMs)
	e.k("riskDetail")
	e.str(s.RiskDetail)
	e.k("riskLevelAggregated")
	e.str(s.RiskLevelAggregated)
	e.k("riskLevelDuringSignIn")
	e.str(s.RiskLevelDuringSignIn)
	e.k("riskState")
	e.str(s.RiskState)
	e.k("riskEventTypes")
	e.strs(s.RiskEventTypes)
	e.k("riskEventTypes_v2")
	e.strs(s.RiskEventTypes)
	e.k("resourceDisplayName")
	e.str(s.ResourceDisplayName)
	e.k("resourceId")
	e.str(s.ResourceID)
	e.k("resourceTenantId")
	e.str(s.ResourceTenantID)
	e.k("homeTenantId")
	e.str(s.HomeTenantID)
	e.k("homeTenantName")
	e.str("")
	e.k("authenticationMethodsUsed")
	e.strs(nil)
	e.k("authenticationRequirement")
	e.str(s.AuthenticationRequirement)
	e.k("signInIdentifier")
	e.str(s.SignInIdentifier)
	e.k("signInIdentifierType")
	if s.SignInIdentifier != "" {
		e.str("userPrincipalName")
	} else {
		e.null()
	}
	e.k("servicePrincipalName")
	e.strOrNull(s.Workload.ServicePrincipalName)
	e.k("signInEventTypes")
	e.arr()
	e.str(s.eventType())
	e.endArr()
	e.k("servicePrincipalId")
	e.str(s.Workload.ServicePrincipalID)
	e.k("userType")
	if st.azure {
		e.str(titleCase(s.UserType))
	} else {
		e.str(s.UserType)
	}
	e.k("flaggedForReview")
	e.bool(false)
	e.k("isTenantRestricted")
	e.bool(false)
	e.k("autonomousSystemNumber")
	e.int(s.ASN)
	e.k("crossTenantAccessType")
	e.str(s.CrossTenantAccessType)
	e.k("uniqueTokenIdentifier")
	e.str(s.UniqueTokenIdentifier)
	e.k("incomingTokenType")
	e.str(s.IncomingTokenType)
	e.k("authenticationProtocol")
	e.str(s.AuthenticationProtocol)
	e.k("sessionId")
	e.str(s.SessionID)
	e.k("originalTransferMethod")
	e.str(transferMethod(s.OriginalTransferMethod))
	if s.IsWorkload() {
		encodeWorkload(e, &s.Workload)
	}

	e.k("status")
	e.obj()
	e.k("errorCode")
	e.int(s.ErrorCode)
	e.k("failureReason")
	if s.ErrorCode == 0 {
		e.str("Other.")
	} else {
		e.str(s.FailureReason)
	}
	e.k("additionalDetails")
	e.strOrNull(s.AdditionalDetails)
	e.endObj()

	e.k("deviceDetail")
	e.obj()
	e.k("deviceId")
	e.str(s.DeviceID)
	e.k("displayName")
	e.strOrNull(s.DeviceName)
	e.k("operatingSystem")
	e.str(s.OperatingSystem)
	e.k("browser")
	e.str(s.Browser)
	e.k("isCompliant")
	e.bool(s.IsCompliant)
	e.k("isManaged")
	e.bool(s.IsManaged)
	e.k("trustType")
	e.strOrNull(s.TrustType)
	e.endObj()

	e.k("location")
	e.obj()
	e.k("city")
	e.str(s.City)
	e.k("state")
	e.str(s.State)
	e.k("countryOrRegion")
	e.str(s.Country)
	e.k("geoCoordinates")
	e.obj()
	e.k("altitude")
	e.null()
	e.k("latitude")
	e.float(s.Latitude)
	e.k("longitude")
	e.float(s.Longitude)
	e.endObj()
	e.endObj()

	if st.beta || st.azure {
		e.k("mfaDetail")
		e.obj()
		e.k("authMethod")
		e.strOrNull(s.MFAAuthMethod)
		e.k("authDetail")
		e.strOrNull(s.MFAAuthDetail)
		e.endObj()
	}

	e.k("appliedConditionalAccessPolicies")
	e.arr()
	for i := range s.CAPolicies {
		p := &s.CAPolicies[i]
		e.obj()
		e.k("id")
		e.str(p.ID)
		e.k("displayName")
		e.str(p.DisplayName)
		e.k("enforcedGrantControls")
		e.strs(p.GrantControls)
		e.k("enforcedSessionControls")
		e.strs(p.SessionControls)
		e.k("result")
		e.str(p.Result)
		if st.azure {
			e.k("conditionsSatisfied")
			e.int(0)
			e.k("conditionsNotSatisfied")
			e.int(0)
		}
		e.endObj()
	}
	e.endArr()

	e.k("authenticationProcessingDetails")
	e.arr()
	e.obj()
	e.k("key")
	e.str("IsCAEToken")
	e.k("value")
	e.str("False")
	e.endObj()
	e.endArr()
	e.k("networkLocationDetails")
	e.arr()
	e.endArr()

	e.k("authenticationDetails")
	e.arr()
	for i := range s.AuthDetails {
		a := &s.AuthDetails[i]
		e.obj()
		e.k("authenticationStepDateTime")
		e.time(a.At)
		e.k("authenticationMethod")
		e.str(a.Method)
		e.k("authenticationMethodDetail")
		e.strOrNull(a.MethodDetail)
		e.k("succeeded")
		e.bool(a.Succeeded)
		e.k("authenticationStepResultDetail")
		e.str(a.ResultDetail)
		e.k("authenticationStepRequirement")
		e.str(a.Requirement)
		if st.azure {
			e.k("StatusSequence")
			e.int(0)
			e.k("RequestSequence")
			e.int(i)
		}
		e.endObj()
	}
	e.endArr()

	e.k("authenticationRequirementPolicies")
	e.arr()
	if s.AuthenticationRequirement == "multiFactorAuthentication" {
		e.obj()
		e.k("requirementProvider")
		e.str("multiConditionalAccess")
		e.k("detail")
		e.str("Conditional Access")
		e.endObj()
	}
	e.endArr()
	e.k("sessionLifetimePolicies")
	e.arr()
	e.endArr()
	e.endObj()
}

func titleCase(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// encodeAudit writes a directory audit as Microsoft Graph returns it.
func encodeAudit(e *jenc, a *Audit, azure bool) {
	e.obj()
	e.k("id")
	e.str(a.ID)
	e.k("category")
	e.str(a.Category)
	e.k("correlationId")
	e.str(a.CorrelationID)
	e.k("result")
	e.str(a.Result)
	e.k("resultReason")
	e.str(a.ResultReason)
	e.k("activityDisplayName")
	e.str(a.Activity)
	e.k("activityDateTime")
	e.time(a.ActivityAt)
	e.k("loggedByService")
	e.str(a.LoggedByService)
	e.k("operationType")
	e.str(a.OperationType)
	e.k("initiatedBy")
	encodeActor(e, &a.Actor)
	e.k("targetResources")
	e.arr()
	for i := range a.Targets {
		tr := &a.Targets[i]
		e.obj()
		e.k("id")
		e.str(tr.ID)
		e.k("displayName")
		e.strOrNull(tr.DisplayName)
		e.k("type")
		e.str(tr.Type)
		e.k("userPrincipalName")
		e.strOrNull(tr.UserPrincipalName)
		e.k("groupType")
		e.strOrNull(tr.GroupType)
		e.k("modifiedProperties")
		encodeModified(e, tr.Modified)
		if azure {
			e.k("administrativeUnits")
			e.arr()
			e.endArr()
		}
		e.endObj()
	}
	e.endArr()
	e.k("additionalDetails")
	encodeKeyValues(e, a.Additional, "key", "value")
	e.endObj()
}

// encodeModified writes modifiedProperties.
func encodeModified(e *jenc, mods []Modified) {
	e.arr()
	for j := range mods {
		m := &mods[j]
		e.obj()
		e.k("displayName")
		e.str(m.Name)
		e.k("oldValue")
		e.strOrNull(m.Old)
		e.k("newValue")
		e.strOrNull(m.New)
		e.endObj()
	}
	e.endArr()
}

// encodeKeyValues writes [{key: .., value: ..}] under the given member names.
func encodeKeyValues(e *jenc, kvs []KeyValue, key, value string) {
	e.arr()
	for _, kv := range kvs {
		e.obj()
		e.k(key)
		e.str(kv.Key)
		e.k(value)
		e.str(kv.Value)
		e.endObj()
	}
	e.endArr()
}

func encodeActor(e *jenc, a *Actor) {
	e.obj()
	e.k("app")
	if a.IsUser() {
		e.null()
	} else {
		e.obj()
		e.k("appId")
		e.strOrNull(a.AppID)
		e.k("displayName")
		e.str(a.AppName)
		e.k("servicePrincipalId")
		e.strOrNull(a.ServicePrincipalID)
		e.k("servicePrincipalName")
		e.strOrNull(a.ServicePrincipalName)
		e.endObj()
	}
	e.k("user")
	if !a.IsUser() {
		e.null()
	} else {
		e.obj()
		e.k("id")
		e.str(a.UserID)
		e.k("displayName")
		e.null()
		e.k("userPrincipalName")
		e.str(a.UserPrincipalName)
		e.k("ipAddress")
		e.strOrNull(a.IPAddress)
		e.k("userType")
		e.null()
		e.k("homeTenantId")
		e.null()
		e.k("homeTenantName")
		e.null()
		e.endObj()
	}
	e.endObj()
}

// encodeRiskDetection writes a risk detection as Microsoft Graph returns it.
func encodeRiskDetection(e *jenc, d *RiskDetection, odataType bool) {
	e.obj()
	if odataType {
		e.k("@odata.type")
		e.str("#microsoft.graph.riskDetection")
	}
	e.k("id")
	e.str(d.ID)
	e.k("requestId")
	e.str(d.RequestID)
	e.k("correlationId")
	e.str(d.CorrelationID)
	e.k("riskEventType")
	e.str(d.RiskEventType)
	e.k("riskState")
	e.str(d.RiskState)
	e.k("riskLevel")
	e.str(d.RiskLevel)
	e.k("riskDetail")
	e.str(d.RiskDetail)
	e.k("source")
	e.str(d.Source)
	e.k("detectionTimingType")
	e.str(d.DetectionTimingType)
	e.k("activity")
	e.str(d.Activity)
	e.k("tokenIssuerType")
	e.str(d.TokenIssuerType)
	e.k("ipAddress")
	e.str(d.IPAddress)
	e.k("location")
	e.obj()
	e.k("city")
	e.str(d.City)
	e.k("state")
	e.str(d.State)
	e.k("countryOrRegion")
	e.str(d.Country)
	e.k("geoCoordinates")
	e.obj()
	e.k("latitude")
	e.float(d.Latitude)
	e.k("longitude")
	e.float(d.Longitude)
	e.endObj()
	e.endObj()
	e.k("activityDateTime")
	e.time(d.ActivityAt)
	e.k("detectedDateTime")
	e.time(d.DetectedAt)
	e.k("lastUpdatedDateTime")
	e.time(d.LastUpdatedAt)
	e.k("userId")
	e.str(d.UserID)
	e.k("userDisplayName")
	e.str(d.UserDisplayName)
	e.k("userPrincipalName")
	e.str(d.UserPrincipalName)
	e.k("additionalInfo")
	e.str(d.AdditionalInfo)
	e.endObj()
}

// encodeRiskyUser writes a risky user as Microsoft Graph returns it.
func encodeRiskyUser(e *jenc, u *RiskyUser) {
	e.obj()
	e.k("id")
	e.str(u.ID)
	e.k("isDeleted")
	e.bool(u.IsDeleted)
	e.k("isProcessing")
	e.bool(u.IsProcessing)
	e.k("riskLastUpdatedDateTime")
	e.time(u.RiskLastUpdatedAt)
	e.k("riskLevel")
	e.str(u.RiskLevel)
	e.k("riskState")
	e.str(u.RiskState)
	e.k("riskDetail")
	e.str(u.RiskDetail)
	e.k("userDisplayName")
	e.str(u.UserDisplayName)
	e.k("userPrincipalName")
	e.str(u.UserPrincipalName)
	e.endObj()
}

// dayOf is the UTC date of a time, as 2006-01-02.
func dayOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// transferMethod is originalTransferMethod as Graph writes it: "none" when the session was not handed over.
func transferMethod(m string) string {
	if m == "" {
		return "none"
	}
	return m
}
