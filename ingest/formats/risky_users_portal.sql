-- format: portal_risky_users_csv
-- table: risky_users
-- title: The Entra portal's risky users CSV download (Identity Protection)
-- column: id "User ID" "Object ID" Id
-- column: userprincipalname "User principal name" Username UPN
-- column: userdisplayname User Name
-- column: riskstate "Risk state"
-- column: risklevel "Risk level"
-- column: riskdetail "Risk detail"
-- column: lastupdated "Risk last updated (UTC)" "Risk last updated" "Last updated (UTC)" "Last updated"
-- column: isdeleted "Is deleted" Deleted
-- column: isprocessing "Is processing" Processing
SELECT
    coalesce(er_text(id), lower(er_text(userprincipalname))) AS id,
    lower(er_text(userprincipalname)) AS user_principal_name,
    er_text(userdisplayname) AS user_display_name,
    er_bool(isdeleted) AS is_deleted,
    er_bool(isprocessing) AS is_processing,
    lower(er_text(risklevel)) AS risk_level,
    er_text(riskstate) AS risk_state,
    er_text(riskdetail) AS risk_detail,
    er_ts(lastupdated) AS risk_last_updated_at,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL AND er_text(userprincipalname) IS NULL THEN 'no User ID or User principal name'
        WHEN er_text(lastupdated) IS NULL THEN 'no Risk last updated'
        WHEN er_ts(lastupdated) IS NULL THEN 'Risk last updated ' || left(lastupdated, 60) || ' is not a time'
    END AS _reject
FROM src
