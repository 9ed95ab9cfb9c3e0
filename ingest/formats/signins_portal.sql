-- format: portal_signins_csv
-- table: signins
-- title: The Entra portal's sign-in CSV downloads (interactive, non-interactive, service principal and managed identity files; the 2024 and 2026 layouts)
-- column: date "Date (UTC)" Date
-- column: requestid "Request ID"
-- column: useragent "User agent"
-- column: correlationid "Correlation ID"
-- column: userid "User ID"
-- column: userdisplayname User
-- column: username Username
-- column: usertype "User type"
-- column: crosstenantaccesstype "Cross tenant access type"
-- column: incomingtokentype "Incoming token type"
-- column: authenticationprotocol "Authentication Protocol"
-- column: uniquetokenidentifier "Unique token identifier"
-- column: application Application
-- column: applicationid "Application ID"
-- column: resource Resource
-- column: resourceid "Resource ID"
-- column: resourcetenantid "Resource tenant ID"
-- column: hometenantid "Home tenant ID"
-- column: ipaddress "IP address"
-- column: location Location
-- column: status Status
-- column: errorcode "Sign-in error code"
-- column: failurereason "Failure reason"
-- column: clientapp "Client app"
-- column: deviceid "Device ID"
-- column: browser Browser
-- column: operatingsystem "Operating System"
-- column: compliant Compliant
-- column: managed Managed
-- column: jointype "Join Type"
-- column: mfaresult "Multifactor authentication result"
-- column: mfaauthmethod "Multifactor authentication auth method"
-- column: mfaauthdetail "Multifactor authentication auth detail"
-- column: authenticationrequirement "Authentication requirement"
-- column: signinidentifier "Sign-in identifier"
-- column: sessionid "Session ID"
-- column: asn "Autonomous system number"
-- column: tokenissuertype "Token issuer type"
-- column: tokenissuername "Token issuer name"
-- column: conditionalaccess "Conditional Access"
-- column: serviceprincipalid "Service principal ID"
-- column: serviceprincipalname "Service principal name"
-- column: managedidentitytype "Managed Identity type"
-- column: clientcredentialtype "Client credential type"
-- column: credentialkeyid "Credential key ID" "Service principal credential key ID" "Client credential key ID"
-- column: credentialthumbprint "Credential thumbprint" "Service principal credential thumbprint" "Client credential thumbprint"
-- column: federatedcredentialid "Federated credential ID" "Federated identity credential ID"
SELECT
    er_text(requestid) AS id,
    er_ts(date) AS created_at,
    CASE
        WHEN _hint IN ('non_interactive', 'service_principal', 'managed_identity') THEN _hint
        WHEN er_text(managedidentitytype) IS NOT NULL AND er_text(username) IS NULL THEN 'managed_identity'
        WHEN er_text(username) IS NULL AND er_text(serviceprincipalid) IS NOT NULL THEN 'service_principal'
        ELSE 'interactive'
    END AS category,
    er_text(correlationid) AS correlation_id,
    lower(er_text(username)) AS user_principal_name,
    er_text(userid) AS user_id,
    er_text(userdisplayname) AS user_display_name,
    lower(er_text(usertype)) AS user_type,
    er_text(signinidentifier) AS sign_in_identifier,
    er_text(applicationid) AS app_id,
    er_text(application) AS app_display_name,
    er_text(resourceid) AS resource_id,
    er_text(resource) AS resource_display_name,
    er_text(serviceprincipalid) AS service_principal_id,
    er_text(serviceprincipalname) AS service_principal_name,
    er_text(clientcredentialtype) AS client_credential_type,
    er_text(credentialkeyid) AS service_principal_credential_key_id,
    er_text(credentialthumbprint) AS service_principal_credential_thumbprint,
    er_text(federatedcredentialid) AS federated_credential_id,
    er_text(managedidentitytype) AS managed_identity_type,
    er_ip(ipaddress) AS ip_address,
    CASE WHEN len(loc) >= 2 THEN er_text(trim(loc[1])) END AS city,
    CASE WHEN len(loc) >= 3 THEN er_text(trim(loc[2])) END AS state,
    CASE WHEN len(loc) >= 1 AND length(trim(loc[-1])) = 2 THEN upper(trim(loc[-1])) END AS country,
    NULL::DOUBLE AS latitude,
    NULL::DOUBLE AS longitude,
    nullif(TRY_CAST(asn AS BIGINT), 0) AS asn,                  -- 0: no network known
    coalesce(TRY_CAST(errorcode AS INTEGER), CASE WHEN lower(status) = 'success' THEN 0 END) AS error_code,
    er_text(failurereason) AS failure_reason,
    er_text(mfaresult) AS additional_details,           -- the MFA result is Graph's status.additionalDetails
    er_text(clientapp) AS client_app,
    er_text(useragent) AS user_agent,
    er_text(deviceid) AS device_id,
    er_text(operatingsystem) AS operating_system,
    er_text(browser) AS browser,
    er_bool(compliant) AS is_compliant,
    er_bool(managed) AS is_managed,
    er_text(jointype) AS trust_type,
    er_text(authenticationrequirement) AS authentication_requirement,
    er_text(mfaauthmethod) AS mfa_auth_method,
    er_text(mfaauthdetail) AS mfa_auth_detail,
    er_text(conditionalaccess) AS conditional_access_status,
    er_text(authenticationprotocol) AS authentication_protocol,
    er_text(incomingtokentype) AS incoming_token_type,
    CASE WHEN _hint = 'interactive' THEN true WHEN _hint = 'non_interactive' THEN false END AS is_interactive,
    er_text(tokenissuertype) AS token_issuer_type,
    er_text(tokenissuername) AS token_issuer_name,
    er_text(crosstenantaccesstype) AS cross_tenant_access_type,
    er_text(hometenantid) AS home_tenant_id,
    er_text(resourcetenantid) AS resource_tenant_id,
    er_text(uniquetokenidentifier) AS unique_token_identifier,
    er_text(sessionid) AS session_id,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(requestid) IS NULL THEN 'no Request ID'
        WHEN er_text(date) IS NULL THEN 'no Date (UTC)'
        WHEN er_ts(date) IS NULL THEN 'Date (UTC) ' || left(date, 60) || ' is not a time'
        WHEN er_text(errorcode) IS NOT NULL AND TRY_CAST(errorcode AS INTEGER) IS NULL
            THEN 'Sign-in error code ' || left(errorcode, 60) || ' is not a number'
    END AS _reject
FROM (SELECT *, string_split(er_text(location), ',') AS loc FROM src)
