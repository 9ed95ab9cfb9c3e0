-- format: log_analytics_signins
-- table: signins
-- title: Log Analytics and Sentinel SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs and ADFSSignInLogs, exported as CSV or JSON (nested columns as JSON text)
-- column: id Id
-- column: createddatetime "CreatedDateTime [UTC]" CreatedDateTime "TimeGenerated [UTC]" TimeGenerated
-- column: type Type
-- column: category Category
-- column: userprincipalname UserPrincipalName
-- column: userid UserId
-- column: userdisplayname UserDisplayName
-- column: usertype UserType
-- column: signinidentifier SignInIdentifier
-- column: appid AppId
-- column: appdisplayname AppDisplayName
-- column: resourceidentity ResourceIdentity
-- column: resourcedisplayname ResourceDisplayName
-- column: serviceprincipalid ServicePrincipalId
-- column: serviceprincipalname ServicePrincipalName
-- column: clientcredentialtype ClientCredentialType
-- column: serviceprincipalcredentialkeyid ServicePrincipalCredentialKeyId
-- column: serviceprincipalcredentialthumbprint ServicePrincipalCredentialThumbprint
-- column: federatedcredentialid FederatedCredentialId
-- column: managedserviceidentity ManagedServiceIdentity ManagedServiceIdentity_dynamic ManagedServiceIdentity_string
-- column: ipaddress IPAddress
-- column: locationdetails LocationDetails LocationDetails_dynamic LocationDetails_string
-- column: location Location
-- column: autonomoussystemnumber AutonomousSystemNumber
-- column: status Status Status_dynamic Status_string
-- column: resulttype ResultType
-- column: resultdescription ResultDescription
-- column: clientappused ClientAppUsed
-- column: useragent UserAgent
-- column: devicedetail DeviceDetail DeviceDetail_dynamic DeviceDetail_string
-- column: mfadetail MfaDetail MfaDetail_dynamic MfaDetail_string
-- column: authenticationrequirement AuthenticationRequirement
-- column: conditionalaccessstatus ConditionalAccessStatus
-- column: conditionalaccesspolicies ConditionalAccessPolicies ConditionalAccessPolicies_dynamic ConditionalAccessPolicies_string
-- column: authenticationprotocol AuthenticationProtocol
-- column: incomingtokentype IncomingTokenType
-- column: isinteractive IsInteractive
-- column: risklevelduringsignin RiskLevelDuringSignIn
-- column: risklevelaggregated RiskLevelAggregated
-- column: riskstate RiskState
-- column: riskdetail RiskDetail
-- column: riskeventtypes RiskEventTypes_V2 RiskEventTypes
-- column: tokenissuertype TokenIssuerType
-- column: tokenissuername TokenIssuerName
-- column: crosstenantaccesstype CrossTenantAccessType
-- column: hometenantid HomeTenantId
-- column: resourcetenantid ResourceTenantId
-- column: uniquetokenidentifier UniqueTokenIdentifier
-- column: sessionid SessionId
-- column: correlationid CorrelationId
-- column: originalrequestid OriginalRequestId
-- column: authenticationdetails AuthenticationDetails
-- dates: createddatetime
SELECT
    er_text(id) AS id,
    coalesce(er_cts(createddatetime), er_ts(json_extract_string(er_json_array(authenticationdetails), '$[0].authenticationStepDateTime'))) AS created_at,
    CASE
        WHEN lower(type) = 'adfssigninlogs' OR lower(category) = 'adfssigninlogs' THEN 'adfs'
        WHEN lower(type) = 'aadnoninteractiveusersigninlogs' OR lower(category) = 'noninteractiveusersigninlogs' THEN 'non_interactive'
        WHEN lower(type) = 'aadserviceprincipalsigninlogs' OR lower(category) = 'serviceprincipalsigninlogs' THEN 'service_principal'
        WHEN lower(type) = 'aadmanagedidentitysigninlogs' OR lower(category) = 'managedidentitysigninlogs' THEN 'managed_identity'
        WHEN lower(type) = 'signinlogs' OR lower(category) = 'signinlogs' THEN 'interactive'
        WHEN er_text(userprincipalname) IS NULL AND er_text(serviceprincipalid) IS NOT NULL THEN 'service_principal'
        WHEN er_bool(isinteractive) = false THEN 'non_interactive'
        ELSE 'interactive'
    END AS category,
    er_text(originalrequestid) AS original_request_id,
    er_text(correlationid) AS correlation_id,
    lower(er_text(userprincipalname)) AS user_principal_name,
    er_text(userid) AS user_id,
    er_text(userdisplayname) AS user_display_name,
    lower(er_text(usertype)) AS user_type,
    er_text(signinidentifier) AS sign_in_identifier,
    er_text(appid) AS app_id,
    er_text(appdisplayname) AS app_display_name,
    er_text(resourceidentity) AS resource_id,
    er_text(resourcedisplayname) AS resource_display_name,
    er_text(serviceprincipalid) AS service_principal_id,
    er_text(serviceprincipalname) AS service_principal_name,
    er_text(clientcredentialtype) AS client_credential_type,
    er_text(serviceprincipalcredentialkeyid) AS service_principal_credential_key_id,
    er_text(serviceprincipalcredentialthumbprint) AS service_principal_credential_thumbprint,
    er_text(federatedcredentialid) AS federated_credential_id,
    er_text(msi.msiType) AS managed_identity_type,
    er_ip(ipaddress) AS ip_address,
    er_text(loc.city) AS city,
    er_text(loc.state) AS state,
    upper(coalesce(er_text(loc.countryOrRegion), er_text(location))) AS country,
    TRY_CAST(loc.geoCoordinates.latitude AS DOUBLE) AS latitude,
    TRY_CAST(loc.geoCoordinates.longitude AS DOUBLE) AS longitude,
    nullif(TRY_CAST(autonomoussystemnumber AS BIGINT), 0) AS asn,                  -- 0: no network known (internal Azure addresses)
    coalesce(TRY_CAST(st.errorCode AS INTEGER), TRY_CAST(resulttype AS INTEGER)) AS error_code,
    coalesce(er_text(st.failureReason), er_text(resultdescription)) AS failure_reason,
    er_text(st.additionalDetails) AS additional_details,
    er_text(clientappused) AS client_app,
    er_text(useragent) AS user_agent,
    er_text(dev.deviceId) AS device_id,
    er_text(dev.displayName) AS device_name,
    er_text(dev.operatingSystem) AS operating_system,
    er_text(dev.browser) AS browser,
    er_bool(dev.isCompliant) AS is_compliant,
    er_bool(dev.isManaged) AS is_managed,
    er_text(dev.trustType) AS trust_type,
    er_text(authenticationrequirement) AS authentication_requirement,
    er_text(mfa.authMethod) AS mfa_auth_method,
    er_text(mfa.authDetail) AS mfa_auth_detail,
    er_text(conditionalaccessstatus) AS conditional_access_status,
    er_text(authenticationprotocol) AS authentication_protocol,
    er_text(incomingtokentype) AS incoming_token_type,
    er_bool(isinteractive) AS is_interactive,
    lower(er_text(risklevelduringsignin)) AS risk_level_during_signin,
    lower(er_text(risklevelaggregated)) AS risk_level_aggregated,
    er_text(riskstate) AS risk_state,
    er_text(riskdetail) AS risk_detail,
    from_json(er_json_array(riskeventtypes), '["VARCHAR"]') AS risk_event_types,
    er_text(tokenissuertype) AS token_issuer_type,
    er_text(tokenissuername) AS token_issuer_name,
    er_text(crosstenantaccesstype) AS cross_tenant_access_type,
    er_text(hometenantid) AS home_tenant_id,
    er_text(resourcetenantid) AS resource_tenant_id,
    er_text(uniquetokenidentifier) AS unique_token_identifier,
    er_text(sessionid) AS session_id,
    er_json_array(authenticationdetails) AS authentication_details,
    er_json_array(conditionalaccesspolicies) AS applied_ca_policies,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL THEN 'no Id'
        WHEN er_text(createddatetime) IS NULL AND json_extract_string(er_json_array(authenticationdetails), '$[0].authenticationStepDateTime') IS NULL
            THEN 'no CreatedDateTime or TimeGenerated'
        WHEN coalesce(er_cts(createddatetime), er_ts(json_extract_string(er_json_array(authenticationdetails), '$[0].authenticationStepDateTime'))) IS NULL
            THEN 'CreatedDateTime ' || left(createddatetime, 60) || ' is not a time'
        WHEN st.errorCode IS NULL AND er_text(resulttype) IS NOT NULL AND TRY_CAST(resulttype AS INTEGER) IS NULL
            THEN 'ResultType ' || left(resulttype, 60) || ' is not a number'
    END AS _reject
FROM (
    SELECT *,
        from_json(er_json_object(locationdetails), '{"city":"VARCHAR","state":"VARCHAR","countryOrRegion":"VARCHAR","geoCoordinates":{"latitude":"VARCHAR","longitude":"VARCHAR"}}') AS loc,
        from_json(er_json_object(status), '{"errorCode":"VARCHAR","failureReason":"VARCHAR","additionalDetails":"VARCHAR"}') AS st,
        from_json(er_json_object(devicedetail), '{"deviceId":"VARCHAR","displayName":"VARCHAR","operatingSystem":"VARCHAR","browser":"VARCHAR","isCompliant":"VARCHAR","isManaged":"VARCHAR","trustType":"VARCHAR"}') AS dev,
        from_json(er_json_object(mfadetail), '{"authMethod":"VARCHAR","authDetail":"VARCHAR"}') AS mfa,
        from_json(er_json_object(managedserviceidentity), '{"msiType":"VARCHAR"}') AS msi
    FROM src
)
