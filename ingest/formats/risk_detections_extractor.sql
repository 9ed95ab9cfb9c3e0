-- format: extractor_risk_detections_csv
-- table: risk_detections
-- title: Microsoft-Extractor-Suite Get-RiskyDetections CSV (RiskyDetections.csv before 3.0, <date>-RiskyEvents.csv since), UTF-8 or UTF-16
-- column: id Id
-- column: requestid RequestId
-- column: correlationid CorrelationId
-- column: risktype RiskEventType
-- column: riskstate RiskState
-- column: risklevel RiskLevel
-- column: riskdetail RiskDetail
-- column: source Source
-- column: timing DetectionTimingType
-- column: activity Activity
-- column: tokenissuertype TokenIssuerType
-- column: ipaddress IPAddress
-- column: city City
-- column: state State
-- column: country CountryOrRegion
-- column: activitytime ActivityDateTime
-- column: detectedtime DetectedDateTime
-- column: lastupdated LastUpdatedDateTime
-- column: userid UserId
-- column: userdisplayname UserDisplayName
-- column: userprincipalname UserPrincipalName
-- column: additionalinfo AdditionalInfo
-- dates: activitytime detectedtime lastupdated

-- City, State and CountryOrRegion went through Out-String before 3.0: each ends in CRLF.
SELECT
    coalesce(er_text(id), er_text(requestid) || ':' || er_text(risktype)) AS id,
    er_text(requestid) AS request_id,
    er_text(correlationid) AS correlation_id,
    er_text(risktype) AS risk_event_type,
    er_text(riskstate) AS risk_state,
    lower(er_text(risklevel)) AS risk_level,
    er_text(riskdetail) AS risk_detail,
    er_text(source) AS source,
    er_text(timing) AS detection_timing_type,
    er_text(activity) AS activity,
    er_text(tokenissuertype) AS token_issuer_type,
    er_ip(er_text(trim(ipaddress))) AS ip_address,
    er_text(trim(city, ' ' || chr(9) || chr(13) || chr(10))) AS city,
    er_text(trim(state, ' ' || chr(9) || chr(13) || chr(10))) AS state,
    upper(er_text(trim(country, ' ' || chr(9) || chr(13) || chr(10)))) AS country,
    NULL::DOUBLE AS latitude,
    NULL::DOUBLE AS longitude,
    er_cts(activitytime) AS activity_at,
    coalesce(er_cts(detectedtime), er_cts(activitytime)) AS detected_at,
    er_cts(lastupdated) AS last_updated_at,
    er_text(userid) AS user_id,
    er_text(userdisplayname) AS user_display_name,
    lower(er_text(userprincipalname)) AS user_principal_name,
    CASE WHEN json_valid(additionalinfo) THEN json(additionalinfo) END AS additional_info,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL AND (er_text(requestid) IS NULL OR er_text(risktype) IS NULL) THEN 'no Id, and no RequestId and RiskEventType'
        WHEN coalesce(er_text(detectedtime), er_text(activitytime)) IS NULL THEN 'no DetectedDateTime'
        WHEN coalesce(er_cts(detectedtime), er_cts(activitytime)) IS NULL THEN 'DetectedDateTime ' || left(coalesce(detectedtime, activitytime), 60) || ' is not a time in the file''s date order'
    END AS _reject
FROM src
