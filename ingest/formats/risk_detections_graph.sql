-- format: graph_risk_detections
-- table: risk_detections
-- title: Microsoft Graph identityProtection/riskDetections (v1.0 and beta) and Azure Monitor UserRiskEvents
-- field: id
-- field: requestId
-- field: correlationId
-- field: riskEventType
-- field: riskType
-- field: riskState
-- field: riskLevel
-- field: riskDetail
-- field: source
-- field: detectionTimingType
-- field: activity
-- field: tokenIssuerType
-- field: ipAddress
-- field: location.city
-- field: location.state
-- field: location.countryOrRegion
-- field: location.geoCoordinates.latitude
-- field: location.geoCoordinates.longitude
-- field: activityDateTime
-- field: detectedDateTime
-- field: lastUpdatedDateTime
-- field: userId
-- field: userDisplayName
-- field: userPrincipalName
-- field: additionalInfo
-- field: _az_time
SELECT
    er_text(id) AS id,
    er_text(requestid) AS request_id,
    er_text(correlationid) AS correlation_id,
    coalesce(er_text(riskeventtype), er_text(risktype)) AS risk_event_type,
    er_text(riskstate) AS risk_state,
    lower(er_text(risklevel)) AS risk_level,
    er_text(riskdetail) AS risk_detail,
    er_text(source) AS source,
    er_text(detectiontimingtype) AS detection_timing_type,
    er_text(activity) AS activity,
    er_text(tokenissuertype) AS token_issuer_type,
    er_ip(ipaddress) AS ip_address,
    er_text(location.city) AS city,
    er_text(location.state) AS state,
    upper(er_text(location.countryorregion)) AS country,
    TRY_CAST(location.geocoordinates.latitude AS DOUBLE) AS latitude,
    TRY_CAST(location.geocoordinates.longitude AS DOUBLE) AS longitude,
    er_ts(activitydatetime) AS activity_at,
    coalesce(er_ts(detecteddatetime), er_ts(activitydatetime), er_ts(_az_time)) AS detected_at,
    er_ts(lastupdateddatetime) AS last_updated_at,
    er_text(userid) AS user_id,
    er_text(userdisplayname) AS user_display_name,
    lower(er_text(userprincipalname)) AS user_principal_name,
    CASE WHEN json_valid(additionalinfo) THEN json(additionalinfo) END AS additional_info,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL THEN 'no id'
        WHEN coalesce(er_text(detecteddatetime), er_text(activitydatetime), er_text(_az_time)) IS NULL THEN 'no detectedDateTime'
        WHEN coalesce(er_ts(detecteddatetime), er_ts(activitydatetime), er_ts(_az_time)) IS NULL
            THEN 'detectedDateTime ' || left(coalesce(detecteddatetime, activitydatetime), 60) || ' is not a time'
    END AS _reject
FROM src
