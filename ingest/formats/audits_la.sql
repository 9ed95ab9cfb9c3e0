-- format: log_analytics_audit
-- table: directory_audits
-- title: Log Analytics and Sentinel AuditLogs, exported as CSV or JSON (InitiatedBy, TargetResources and AdditionalDetails as JSON text)
-- column: id Id
-- column: activitydatetime "ActivityDateTime [UTC]" ActivityDateTime "TimeGenerated [UTC]" TimeGenerated
-- column: category Category
-- column: activitydisplayname ActivityDisplayName OperationName
-- column: operationtype AADOperationType OperationType
-- column: result Result
-- column: resultreason ResultReason ResultDescription
-- column: loggedbyservice LoggedByService
-- column: correlationid CorrelationId
-- column: initiatedby InitiatedBy InitiatedBy_dynamic InitiatedBy_string
-- column: targetresources TargetResources TargetResources_dynamic TargetResources_string
-- column: additionaldetails AdditionalDetails AdditionalDetails_dynamic AdditionalDetails_string
SELECT
    er_text(id) AS id,
    er_ts(activitydatetime) AS activity_at,
    er_text(category) AS category,
    trim(er_text(activitydisplayname)) AS activity,
    er_text(operationtype) AS operation_type,
    CASE er_text(result) WHEN '0' THEN 'success' WHEN '1' THEN 'failure' ELSE lower(er_text(result)) END AS result,
    er_text(resultreason) AS result_reason,
    er_text(loggedbyservice) AS logged_by_service,
    er_text(correlationid) AS correlation_id,
    lower(er_text(ib.user.userPrincipalName)) AS actor_upn,
    er_text(ib.user.id) AS actor_user_id,
    coalesce(er_text(ib.user.displayName), er_text(ib.app.displayName)) AS actor_display_name,
    er_text(ib.app.appId) AS actor_app_id,
    er_text(ib.app.displayName) AS actor_app_name,
    er_text(ib.app.servicePrincipalId) AS actor_service_principal_id,
    er_ip(ib.user.ipAddress) AS actor_ip,
    er_text(tr[1].id) AS target_id,
    er_text(tr[1].displayName) AS target_name,
    er_text(tr[1].type) AS target_type,
    lower(er_text(tr[1].userPrincipalName)) AS target_upn,
    er_targets(targetresources) AS target_resources,
    er_key_values(additionaldetails) AS additional_details,
    er_text(list_filter(from_json(er_json_array(additionaldetails), '[{"key":"VARCHAR","value":"VARCHAR"}]'), d -> lower(d.key) = 'user-agent')[1].value) AS user_agent,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL THEN 'no Id'
        WHEN er_text(activitydatetime) IS NULL THEN 'no ActivityDateTime or TimeGenerated'
        WHEN er_ts(activitydatetime) IS NULL THEN 'ActivityDateTime ' || left(activitydatetime, 60) || ' is not a time'
    END AS _reject
FROM (
    SELECT *,
        from_json(er_json_object(initiatedby), '{"user":{"id":"VARCHAR","displayName":"VARCHAR","userPrincipalName":"VARCHAR","ipAddress":"VARCHAR"},"app":{"appId":"VARCHAR","displayName":"VARCHAR","servicePrincipalId":"VARCHAR","servicePrincipalName":"VARCHAR"}}') AS ib,
        from_json(er_json_array(targetresources), '[{"id":"VARCHAR","displayName":"VARCHAR","type":"VARCHAR","userPrincipalName":"VARCHAR"}]') AS tr
    FROM src
)
