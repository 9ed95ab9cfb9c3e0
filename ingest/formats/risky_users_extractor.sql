-- format: extractor_risky_users_csv
-- table: risky_users
-- title: Microsoft-Extractor-Suite Get-RiskyUsers CSV (RiskyUsers.csv before 3.0, <date>-RiskyUsers.csv since), UTF-8 or UTF-16
-- column: id Id
-- column: userprincipalname UserPrincipalName
-- column: userdisplayname UserDisplayName
-- column: isdeleted IsDeleted
-- column: isprocessing IsProcessing
-- column: risklevel RiskLevel
-- column: riskstate RiskState
-- column: riskdetail RiskDetail
-- column: lastupdated RiskLastUpdatedDateTime
-- dates: lastupdated
SELECT
    coalesce(er_text(id), lower(er_text(userprincipalname))) AS id,
    lower(er_text(userprincipalname)) AS user_principal_name,
    er_text(userdisplayname) AS user_display_name,
    er_bool(isdeleted) AS is_deleted,
    er_bool(isprocessing) AS is_processing,
    lower(er_text(risklevel)) AS risk_level,
    er_text(riskstate) AS risk_state,
    er_text(riskdetail) AS risk_detail,
    er_cts(lastupdated) AS risk_last_updated_at,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL AND er_text(userprincipalname) IS NULL THEN 'no Id or UserPrincipalName'
        WHEN er_text(lastupdated) IS NULL THEN 'no RiskLastUpdatedDateTime'
        WHEN er_cts(lastupdated) IS NULL THEN 'RiskLastUpdatedDateTime ' || left(lastupdated, 60) || ' is not a time in the file''s date order'
    END AS _reject
FROM src
