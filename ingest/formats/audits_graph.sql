-- format: graph_directory_audits
-- table: directory_audits
-- title: Microsoft Graph directoryAudits, the Entra portal's audit-log JSON download, Graph PowerShell SDK exports, and Azure Monitor AuditLogs (fields under properties; the envelope's time, callerIpAddress and resultDescription where properties lack them)
-- field: id
-- field: activityDateTime
-- field: category
-- field: activityDisplayName
-- field: operationType
-- field: result
-- field: resultReason
-- field: loggedByService
-- field: correlationId
-- field: initiatedBy.user.id
-- field: initiatedBy.user.displayName
-- field: initiatedBy.user.userPrincipalName
-- field: initiatedBy.user.ipAddress
-- field: initiatedBy.app.appId
-- field: initiatedBy.app.displayName
-- field: initiatedBy.app.servicePrincipalId
-- field: initiatedBy.app.servicePrincipalName
-- field: targetResources[].id
-- field: targetResources[].displayName
-- field: targetResources[].type
-- field: targetResources[].userPrincipalName
-- field: targetResources[].groupType
-- field: targetResources[].modifiedProperties[].displayName
-- field: targetResources[].modifiedProperties[].oldValue
-- field: targetResources[].modifiedProperties[].newValue
-- field: additionalDetails[].key
-- field: additionalDetails[].value
-- field: _az_category
-- field: _az_time
-- field: _az_callerIpAddress
-- field: _az_resultDescription
SELECT
    er_text(id) AS id,
    coalesce(er_ts(activitydatetime), er_ts(_az_time)) AS activity_at,
    er_text(category) AS category,
    trim(er_text(activitydisplayname)) AS activity,
    er_text(operationtype) AS operation_type,
    CASE er_text(result) WHEN '0' THEN 'success' WHEN '1' THEN 'failure' ELSE lower(er_text(result)) END AS result,
    coalesce(er_text(resultreason), er_text(_az_resultdescription)) AS result_reason,
    er_text(loggedbyservice) AS logged_by_service,
    er_text(correlationid) AS correlation_id,
    lower(er_text(initiatedby.user.userprincipalname)) AS actor_upn,
    er_text(initiatedby.user.id) AS actor_user_id,
    coalesce(er_text(initiatedby.user.displayname), er_text(initiatedby.app.displayname)) AS actor_display_name,
    er_text(initiatedby.app.appid) AS actor_app_id,
    er_text(initiatedby.app.displayname) AS actor_app_name,
    er_text(initiatedby.app.serviceprincipalid) AS actor_service_principal_id,
    -- An app or service principal has no address of its own in initiatedBy: the envelope's
    -- callerIpAddress is the only one.
    coalesce(er_ip(initiatedby.user.ipaddress), er_ip(_az_calleripaddress)) AS actor_ip,
    er_text(targetresources[1].id) AS target_id,
    er_text(targetresources[1].displayname) AS target_name,
    er_text(targetresources[1].type) AS target_type,
    lower(er_text(targetresources[1].userprincipalname)) AS target_upn,
    CASE WHEN len(targetresources) > 0 THEN to_json(targetresources) END AS target_resources,
    CASE WHEN len(additionaldetails) > 0 THEN to_json(additionaldetails) END AS additional_details,
    er_text(list_filter(additionaldetails, d -> lower(d.key) = 'user-agent')[1].value) AS user_agent,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(id) IS NULL THEN 'no id'
        WHEN er_text(activitydatetime) IS NULL AND er_text(_az_time) IS NULL THEN 'no activityDateTime'
        WHEN coalesce(er_ts(activitydatetime), er_ts(_az_time)) IS NULL
            THEN 'activityDateTime ' || left(activitydatetime, 60) || ' is not a time'
    END AS _reject
FROM src
