-- format: graph_risky_users
-- table: risky_users
-- title: Microsoft Graph identityProtection/riskyUsers (v1.0 and beta) and Azure Monitor RiskyUsers
-- field: id
-- field: userPrincipalName
-- field: userDisplayName
-- field: isDeleted
-- field: isProcessing
-- field: riskLevel
-- field: riskState
-- field: riskDetail
-- field: riskLastUpdatedDateTime
-- field: _az_time
SELECT
    er_text(id) AS id,
    lower(er_text(userprincipalname)) AS user_principal_name,
    er_text(userdisplayname) AS user_display_name,
    er_bool(isdeleted) AS is_deleted,
    er_bool(isprocessing) AS is_processing,
    lower(er_text(risklevel)) AS risk_level,
    er_text(riskstate) AS risk_state,
    er_text(riskdetail) AS risk_detail,
    coalesce(er_ts(risklastupdateddatetime), er_ts(_az_time)) AS risk_last_updated_at,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL THEN 'no id'
        WHEN coalesce(er_text(risklastupdateddatetime), er_text(_az_time)) IS NULL THEN 'no riskLastUpdatedDateTime'
        WHEN coalesce(er_ts(risklastupdateddatetime), er_ts(_az_time)) IS NULL
            THEN 'riskLastUpdatedDateTime ' || left(risklastupdateddatetime, 60) || ' is not a time'
    END AS _reject
FROM src
