-- format: log_analytics_office_activity
-- table: unified_audit
-- title: Log Analytics and Sentinel OfficeActivity (the Unified Audit Log as Sentinel stores it), exported as CSV or JSON
-- wrap: auditdata
SELECT
    er_text(a[1]) AS id,
    coalesce(er_ts(a[2]), er_ts(a[3]), er_ts(a[4]), er_ts(a[5])) AS created_at,
    er_ual_record_type(a[6]) AS record_type,
    er_text(a[7]) AS operation,
    er_text(a[8]) AS workload,
    lower(er_text(a[9])) AS user_id,
    er_text(a[10]) AS user_type,
    er_ip(coalesce(er_text(a[11]), er_text(a[12]))) AS client_ip,
    er_text(a[13]) AS result_status,
    er_text(a[14]) AS object_id,
    er_text(a[15]) AS organization_id,
    er_parameters(a[16]) AS parameters,
    ad AS audit_data,
    coalesce(er_text(json_extract_string(er_json_object(a[17]), '$.ClientAppId')), er_text(a[18]), er_text(a[19])) AS app_id,
    er_text(json_extract_string(er_json_object(a[17]), '$.AADSessionId')) AS aad_session_id,
    lower(er_text(a[20])) AS mailbox_owner,
    er_mail_items(a[7], a[21], a[23]) AS item_count,
    er_mail_access(a[7], a[22]) AS access_type,
    er_mail_throttled(a[7], a[22]) AS throttled,
    _line,
    _file,
    CASE
        WHEN ad IS NULL THEN 'record is not a JSON object'
        WHEN er_text(a[1]) IS NULL THEN 'no OfficeId'
        WHEN coalesce(er_text(a[2]), er_text(a[3]), er_text(a[4]), er_text(a[5])) IS NULL THEN 'no TimeGenerated'
        WHEN coalesce(er_ts(a[2]), er_ts(a[3]), er_ts(a[4]), er_ts(a[5])) IS NULL
            THEN 'TimeGenerated ' || left(coalesce(a[2], a[3], a[4], a[5]), 60) || ' is not a time'
    END AS _reject
FROM (
    SELECT *, json_extract_string(ad, ['$.OfficeId', '$.TimeGenerated', '$.CreationTime', '$.Start_Time', '$.ElevationTime',
        '$.RecordType', '$.Operation', '$.OfficeWorkload', '$.UserId', '$.UserType', '$.ClientIP', '$.Client_IPAddress',
        '$.ResultStatus', '$.OfficeObjectId', '$.OrganizationId', '$.Parameters', '$.AppAccessContext', '$.ClientAppId', '$.AppId',
        '$.MailboxOwnerUPN', '$.OperationCount', '$.OperationProperties', '$.Folders']) AS a
    FROM (SELECT *, er_json_object(auditdata) AS ad FROM src)
)
