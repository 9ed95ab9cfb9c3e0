-- format: portal_risk_detections_csv
-- table: risk_detections
-- title: The Entra portal's risk detections CSV download (Identity Protection)
-- column: id "Detection ID" "Risk detection ID" Id
-- column: requestid "Request ID"
-- column: correlationid "Correlation ID"
-- column: risktype "Detection type" "Risk event type" "Risk type"
-- column: riskstate "Risk state"
-- column: risklevel "Risk level"
-- column: riskdetail "Risk detail"
-- column: source Source
-- column: timing "Detection timing" "Detection timing type"
-- column: activity Activity
-- column: tokenissuertype "Token issuer type"
-- column: ipaddress "IP address"
-- column: location Location
-- column: activitytime "Activity time (UTC)" "Activity time" "Sign-in time (UTC)" "Sign-in time"
-- column: detectedtime "Detection time (UTC)" "Detection time" "Detection date (UTC)" "Detected date (UTC)"
-- column: lastupdated "Detection last updated (UTC)" "Detection last updated" "Last updated (UTC)" "Last updated"
-- column: userid "User ID"
-- column: userdisplayname User Name
-- column: userprincipalname "User principal name" Username UPN
-- column: additionalinfo "Additional info"
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
    er_ip(ipaddress) AS ip_address,
    CASE WHEN len(loc) >= 2 THEN er_text(trim(loc[1])) END AS city,
    CASE WHEN len(loc) >= 3 THEN er_text(trim(loc[2])) END AS state,
    CASE WHEN len(loc) >= 1 AND length(trim(loc[-1])) = 2 THEN upper(trim(loc[-1])) END AS country,
    NULL::DOUBLE AS latitude,
    NULL::DOUBLE AS longitude,
    er_ts(activitytime) AS activity_at,
    coalesce(er_ts(detectedtime), er_ts(activitytime)) AS detected_at,
    er_ts(lastupdated) AS last_updated_at,
    er_text(userid) AS user_id,
    er_text(userdisplayname) AS user_display_name,
    lower(er_text(userprincipalname)) AS user_principal_name,
    CASE WHEN json_valid(additionalinfo) THEN json(additionalinfo) END AS additional_info,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL AND (er_text(requestid) IS NULL OR er_text(risktype) IS NULL) THEN 'no Detection ID, and no Request ID and Detection type'
        WHEN coalesce(er_text(detectedtime), er_text(activitytime)) IS NULL THEN 'no Detection time'
        WHEN coalesce(er_ts(detectedtime), er_ts(activitytime)) IS NULL THEN 'Detection time ' || left(coalesce(detectedtime, activitytime), 60) || ' is not a time'
    END AS _reject
FROM (SELECT *, string_split(er_text(location), ',') AS loc FROM src)
