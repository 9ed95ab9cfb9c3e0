-- format: graph_signins
-- table: signins
-- title: Microsoft Graph signIns (v1.0 and beta), the Entra portal's JSON download, Graph PowerShell SDK exports, and Azure Monitor SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs and ADFSSignInLogs (fields under properties; the envelope's time, location, callerIpAddress and resultDescription where properties lack them)
-- field: id
-- field: createdDateTime
-- field: userDisplayName
-- field: userPrincipalName
-- field: userId
-- field: userType
-- field: signInIdentifier
-- field: appId
-- field: appDisplayName
-- field: resourceId
-- field: resourceDisplayName
-- field: servicePrincipalId
-- field: servicePrincipalName
-- field: clientCredentialType
-- field: servicePrincipalCredentialKeyId
-- field: servicePrincipalCredentialThumbprint
-- field: federatedCredentialId
-- field: managedServiceIdentity.msiType
-- field: ipAddress
-- field: clientAppUsed
-- field: userAgent
-- field: correlationId
-- field: originalRequestId
-- field: conditionalAccessStatus
-- field: isInteractive
-- field: tokenIssuerName
-- field: tokenIssuerType
-- field: riskDetail
-- field: riskLevelAggregated
-- field: riskLevelDuringSignIn
-- field: riskState
-- field: riskEventTypes[]
-- field: riskEventTypes_v2[]
-- field: riskEventTypesV2[]
-- field: authenticationRequirement
-- field: authenticationProtocol
-- field: incomingTokenType
-- field: crossTenantAccessType
-- field: homeTenantId
-- field: resourceTenantId
-- field: uniqueTokenIdentifier
-- field: sessionId
-- field: autonomousSystemNumber
-- field: signInEventTypes[]
-- field: status.errorCode
-- field: status.failureReason
-- field: status.additionalDetails
-- field: deviceDetail.deviceId
-- field: deviceDetail.displayName
-- field: deviceDetail.operatingSystem
-- field: deviceDetail.browser
-- field: deviceDetail.isCompliant
-- field: deviceDetail.isManaged
-- field: deviceDetail.trustType
-- field: location.city
-- field: location.state
-- field: location.countryOrRegion
-- field: location.geoCoordinates.latitude
-- field: location.geoCoordinates.longitude
-- field: mfaDetail.authMethod
-- field: mfaDetail.authDetail
-- json: authenticationDetails
-- json: appliedConditionalAccessPolicies
-- field: _az_category
-- field: _az_time
-- field: _az_location
-- field: _az_callerIpAddress
-- field: _az_resultDescription
SELECT
    er_text(id) AS id,
    _created AS created_at,
    CASE
        WHEN lower(_az_category) = 'noninteractiveusersigninlogs' THEN 'non_interactive'
        WHEN lower(_az_category) = 'serviceprincipalsigninlogs' THEN 'service_principal'
        WHEN lower(_az_category) = 'managedidentitysigninlogs' THEN 'managed_identity'
        WHEN lower(_az_category) = 'signinlogs' THEN 'interactive'
        WHEN lower(_az_category) = 'adfssigninlogs' THEN 'adfs'
        WHEN contains(_events, ',managedidentity,') THEN 'managed_identity'
        WHEN contains(_events, ',serviceprincipal,') THEN 'service_principal'
        WHEN contains(_events, ',noninteractiveuser,') THEN 'non_interactive'
        WHEN contains(_events, ',interactiveuser,') THEN 'interactive'
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
    er_text(resourceid) AS resource_id,
    er_text(resourcedisplayname) AS resource_display_name,
    er_text(serviceprincipalid) AS service_principal_id,
    er_text(serviceprincipalname) AS service_principal_name,
    er_text(clientcredentialtype) AS client_credential_type,
    er_text(serviceprincipalcredentialkeyid) AS service_principal_credential_key_id,
    er_text(serviceprincipalcredentialthumbprint) AS service_principal_credential_thumbprint,
    er_text(federatedcredentialid) AS federated_credential_id,
    er_text(managedserviceidentity.msitype) AS managed_identity_type,
    coalesce(er_ip(ipaddress), er_ip(_az_calleripaddress)) AS ip_address,
    er_text(location.city) AS city,
    er_text(location.state) AS state,
    upper(coalesce(er_text(location.countryorregion), er_text(_az_location))) AS country,
    _latitude AS latitude,
    _longitude AS longitude,
    nullif(TRY_CAST(autonomoussystemnumber AS BIGINT), 0) AS asn,                  -- 0: no network known (internal Azure addresses)
    _error_code AS error_code,
    coalesce(er_text(status.failurereason), CASE WHEN _error_code <> 0 THEN er_text(_az_resultdescription) END) AS failure_reason,
    er_text(status.additionaldetails) AS additional_details,
    er_text(clientappused) AS client_app,
    er_text(useragent) AS user_agent,
    er_text(devicedetail.deviceid) AS device_id,
    er_text(devicedetail.displayname) AS device_name,
    er_text(devicedetail.operatingsystem) AS operating_system,
    er_text(devicedetail.browser) AS browser,
    er_bool(devicedetail.iscompliant) AS is_compliant,
    er_bool(devicedetail.ismanaged) AS is_managed,
    er_text(devicedetail.trusttype) AS trust_type,
    er_text(authenticationrequirement) AS authentication_requirement,
    er_text(mfadetail.authmethod) AS mfa_auth_method,
    er_text(mfadetail.authdetail) AS mfa_auth_detail,
    er_text(conditionalaccessstatus) AS conditional_access_status,
    er_text(authenticationprotocol) AS authentication_protocol,
    er_text(incomingtokentype) AS incoming_token_type,
    er_bool(isinteractive) AS is_interactive,
    lower(er_text(risklevelduringsignin)) AS risk_level_during_signin,
    lower(er_text(risklevelaggregated)) AS risk_level_aggregated,
    er_text(riskstate) AS risk_state,
    er_text(riskdetail) AS risk_detail,
    CASE WHEN len(riskeventtypes_v2) > 0 THEN riskeventtypes_v2 WHEN len(riskeventtypesv2) > 0 THEN riskeventtypesv2 ELSE riskeventtypes END AS risk_event_types,
    er_text(tokenissuertype) AS token_issuer_type,
    er_text(tokenissuername) AS token_issuer_name,
    er_text(crosstenantaccesstype) AS cross_tenant_access_type,
    er_text(hometenantid) AS home_tenant_id,
    er_text(resourcetenantid) AS resource_tenant_id,
    er_text(uniquetokenidentifier) AS unique_token_identifier,
    er_text(sessionid) AS session_id,
    -- Read as JSON, these are compact text: a list with something in it starts with '[' and is not '[]'.
    CASE WHEN starts_with(authenticationdetails, '[') AND authenticationdetails <> '[]' THEN authenticationdetails END AS authentication_details,
    CASE WHEN starts_with(appliedconditionalaccesspolicies, '[') AND appliedconditionalaccesspolicies <> '[]' THEN appliedconditionalaccesspolicies END AS applied_ca_policies,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL THEN 'no id'
        WHEN er_text(createddatetime) IS NULL AND er_text(_az_time) IS NULL THEN 'no createdDateTime'
        WHEN _created IS NULL THEN 'createdDateTime ' || left(coalesce(createddatetime, _az_time), 60) || ' is not a time'
        WHEN er_text(status.errorcode) IS NOT NULL AND _error_code IS NULL
            THEN 'status.errorCode ' || left(status.errorcode, 60) || ' is not a number'
        WHEN er_text(location.geocoordinates.latitude) IS NOT NULL AND _latitude IS NULL
            THEN 'latitude ' || left(location.geocoordinates.latitude, 60) || ' is not a number'
        WHEN er_text(location.geocoordinates.longitude) IS NOT NULL AND _longitude IS NULL
            THEN 'longitude ' || left(location.geocoordinates.longitude, 60) || ' is not a number'
    END AS _reject
-- What the columns and the checks both use, worked out once a record.
FROM (SELECT *,
        CASE WHEN er_text(createddatetime) IS NULL THEN er_ts(_az_time) ELSE er_ts(createddatetime) END AS _created,
        TRY_CAST(status.errorcode AS INTEGER) AS _error_code,
        TRY_CAST(location.geocoordinates.latitude AS DOUBLE) AS _latitude,
        TRY_CAST(location.geocoordinates.longitude AS DOUBLE) AS _longitude,
        ',' || lower(array_to_string(signineventtypes, ',')) || ',' AS _events
    FROM src)
