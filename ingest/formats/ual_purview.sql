-- format: unified_audit_log
-- table: unified_audit
-- title: Microsoft 365 Unified Audit Log from Purview audit search (CSV with an AuditData column, both header layouts), Search-UnifiedAuditLog output (Extractor-Suite Get-UAL CSV, JSON, JSONL), Get-UALGraph (CSV, JSONL, Graph pages), and raw audit records as JSON (Get-UAL -AuditDataOnly JSONL, Untitled Goose Tool, Management Activity API content)
-- wrap: auditdata
-- column: recordid RecordId
-- column: creationdate CreationDate createdDateTime
-- column: recordtype RecordType
-- column: operation Operation Operations
-- column: userid UserId UserIds
-- column: auditdata AuditData
-- dates: creationdate
SELECT
    coalesce(er_text(a[1]), er_text(recordid)) AS id,
    coalesce(er_ts(a[2]), er_cts(creationdate)) AS created_at,
    coalesce(er_ual_record_type(a[3]), er_text(recordtype)) AS record_type,
    coalesce(er_text(a[4]), er_text(operation)) AS operation,
    er_text(a[5]) AS workload,
    lower(coalesce(er_text(a[6]), er_text(userid))) AS user_id,
    er_text(a[7]) AS user_type,
    er_ip(coalesce(er_text(a[8]), er_text(a[9]), er_text(a[10]))) AS client_ip,
    er_text(a[11]) AS result_status,
    er_text(a[12]) AS object_id,
    er_text(a[13]) AS organization_id,
    er_parameters(a[14]) AS parameters,
    ad AS audit_data,
    coalesce(er_text(a[15]), er_text(a[16]), er_text(a[17])) AS app_id,
    er_text(a[18]) AS aad_session_id,
    lower(er_text(a[19])) AS mailbox_owner,
    er_mail_items(coalesce(er_text(a[4]), er_text(operation)), a[20], a[22]) AS item_count,
    er_mail_access(coalesce(er_text(a[4]), er_text(operation)), a[21]) AS access_type,
    er_mail_throttled(coalesce(er_text(a[4]), er_text(operation)), a[21]) AS throttled,
    _line,
    _file,
    CASE
        WHEN ad IS NULL THEN 'AuditData is not a JSON object'
        WHEN coalesce(er_text(a[1]), er_text(recordid)) IS NULL THEN 'no Id'
        WHEN coalesce(er_text(a[2]), er_text(creationdate)) IS NULL THEN 'no CreationTime'
        WHEN coalesce(er_ts(a[2]), er_cts(creationdate)) IS NULL THEN 'CreationTime ' || left(coalesce(a[2], creationdate), 60) || ' is not a time'
    END AS _reject
FROM (
    SELECT *, json_extract_string(ad, ['$.Id', '$.CreationTime', '$.RecordType', '$.Operation', '$.Workload', '$.UserId',
        '$.UserType', '$.ClientIP', '$.ClientIPAddress', '$.ActorIpAddress', '$.ResultStatus', '$.ObjectId',
        '$.OrganizationId', '$.Parameters', '$.AppAccessContext.ClientAppId', '$.ClientAppId', '$.AppId',
        '$.AppAccessContext.AADSessionId', '$.MailboxOwnerUPN', '$.OperationCount', '$.OperationProperties', '$.Folders']) AS a
    FROM (SELECT *, er_json_object(auditdata) AS ad FROM src)
)
