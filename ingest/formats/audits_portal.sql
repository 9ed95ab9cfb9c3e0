-- format: portal_audit_csv
-- table: directory_audits
-- title: The Entra portal's audit-log CSV download (one row per activity, up to three targets flattened into columns)
-- column: date "Date (UTC)" Date
-- column: correlationid CorrelationId "Correlation ID"
-- column: service Service
-- column: category Category
-- column: activity Activity
-- column: result Result
-- column: resultreason ResultReason
-- column: useragent "User Agent"
-- column: actortype ActorType
-- column: actordisplayname ActorDisplayName
-- column: actorobjectid ActorObjectId
-- column: actorupn ActorUserPrincipalName
-- column: ipaddress IPAddress
-- column: actorspid ActorServicePrincipalId
-- column: actorspname ActorServicePrincipalName
-- column: t1type Target1Type
-- column: t1name Target1DisplayName
-- column: t1id Target1ObjectId
-- column: t1upn Target1UserPrincipalName
-- column: t1m1name Target1ModifiedProperty1Name
-- column: t1m1old Target1ModifiedProperty1OldValue
-- column: t1m1new Target1ModifiedProperty1NewValue
-- column: t1m2name Target1ModifiedProperty2Name
-- column: t1m2old Target1ModifiedProperty2OldValue
-- column: t1m2new Target1ModifiedProperty2NewValue
-- column: t1m3name Target1ModifiedProperty3Name
-- column: t1m3old Target1ModifiedProperty3OldValue
-- column: t1m3new Target1ModifiedProperty3NewValue
-- column: t1m4name Target1ModifiedProperty4Name
-- column: t1m4old Target1ModifiedProperty4OldValue
-- column: t1m4new Target1ModifiedProperty4NewValue
-- column: t1m5name Target1ModifiedProperty5Name
-- column: t1m5old Target1ModifiedProperty5OldValue
-- column: t1m5new Target1ModifiedProperty5NewValue
-- column: t2type Target2Type
-- column: t2name Target2DisplayName
-- column: t2id Target2ObjectId
-- column: t2upn Target2UserPrincipalName
-- column: t2m1name Target2ModifiedProperty1Name
-- column: t2m1old Target2ModifiedProperty1OldValue
-- column: t2m1new Target2ModifiedProperty1NewValue
-- column: t2m2name Target2ModifiedProperty2Name
-- column: t2m2old Target2ModifiedProperty2OldValue
-- column: t2m2new Target2ModifiedProperty2NewValue
-- column: t2m3name Target2ModifiedProperty3Name
-- column: t2m3old Target2ModifiedProperty3OldValue
-- column: t2m3new Target2ModifiedProperty3NewValue
-- column: t2m4name Target2ModifiedProperty4Name
-- column: t2m4old Target2ModifiedProperty4OldValue
-- column: t2m4new Target2ModifiedProperty4NewValue
-- column: t2m5name Target2ModifiedProperty5Name
-- column: t2m5old Target2ModifiedProperty5OldValue
-- column: t2m5new Target2ModifiedProperty5NewValue
-- column: t3type Target3Type
-- column: t3name Target3DisplayName
-- column: t3id Target3ObjectId
-- column: t3upn Target3UserPrincipalName
-- column: t3m1name Target3ModifiedProperty1Name
-- column: t3m1old Target3ModifiedProperty1OldValue
-- column: t3m1new Target3ModifiedProperty1NewValue
-- column: t3m2name Target3ModifiedProperty2Name
-- column: t3m2old Target3ModifiedProperty2OldValue
-- column: t3m2new Target3ModifiedProperty2NewValue
-- column: t3m3name Target3ModifiedProperty3Name
-- column: t3m3old Target3ModifiedProperty3OldValue
-- column: t3m3new Target3ModifiedProperty3NewValue
-- column: t3m4name Target3ModifiedProperty4Name
-- column: t3m4old Target3ModifiedProperty4OldValue
-- column: t3m4new Target3ModifiedProperty4NewValue
-- column: t3m5name Target3ModifiedProperty5Name
-- column: t3m5old Target3ModifiedProperty5OldValue
-- column: t3m5new Target3ModifiedProperty5NewValue
-- column: ad1key AdditionalDetail1Key
-- column: ad1value AdditionalDetail1Value
-- column: ad2key AdditionalDetail2Key
-- column: ad2value AdditionalDetail2Value
-- column: ad3key AdditionalDetail3Key
-- column: ad3value AdditionalDetail3Value
-- column: ad4key AdditionalDetail4Key
-- column: ad4value AdditionalDetail4Value
-- column: ad5key AdditionalDetail5Key
-- column: ad5value AdditionalDetail5Value
-- column: ad6key AdditionalDetail6Key
-- column: ad6value AdditionalDetail6Value

-- The download carries no record id: the id is a hash of what identifies the activity, so
-- the same download loaded twice is stored once.
SELECT
    'portal-audit-' || left(sha256(concat_ws('|', date, correlationid, activity, actorobjectid, actorspid, t1id, t1m1new, t2id, resultreason)), 32) AS id,
    er_ts(date) AS activity_at,
    er_text(category) AS category,
    trim(er_text(activity)) AS activity,
    NULL AS operation_type,
    lower(er_text(result)) AS result,
    er_text(resultreason) AS result_reason,
    er_text(service) AS logged_by_service,
    er_text(correlationid) AS correlation_id,
    lower(er_text(actorupn)) AS actor_upn,
    CASE WHEN er_text(actorupn) IS NOT NULL THEN er_text(actorobjectid) END AS actor_user_id,
    coalesce(er_text(actordisplayname), er_text(actorspname)) AS actor_display_name,
    NULL AS actor_app_id,
    er_text(actorspname) AS actor_app_name,
    er_text(actorspid) AS actor_service_principal_id,
    er_ip(ipaddress) AS actor_ip,
    er_text(t1id) AS target_id,
    er_text(t1name) AS target_name,
    er_text(t1type) AS target_type,
    lower(er_text(t1upn)) AS target_upn,
    to_json(list_filter([
            {'id': er_text(t1id), 'displayname': er_text(t1name), 'type': er_text(t1type), 'userprincipalname': er_text(t1upn), 'grouptype': NULL::VARCHAR, 'modifiedproperties': list_filter([{'displayname': er_text(t1m1name), 'oldvalue': er_text(t1m1old), 'newvalue': er_text(t1m1new)}, {'displayname': er_text(t1m2name), 'oldvalue': er_text(t1m2old), 'newvalue': er_text(t1m2new)}, {'displayname': er_text(t1m3name), 'oldvalue': er_text(t1m3old), 'newvalue': er_text(t1m3new)}, {'displayname': er_text(t1m4name), 'oldvalue': er_text(t1m4old), 'newvalue': er_text(t1m4new)}, {'displayname': er_text(t1m5name), 'oldvalue': er_text(t1m5old), 'newvalue': er_text(t1m5new)}], m -> m.displayname IS NOT NULL)},
            {'id': er_text(t2id), 'displayname': er_text(t2name), 'type': er_text(t2type), 'userprincipalname': er_text(t2upn), 'grouptype': NULL::VARCHAR, 'modifiedproperties': list_filter([{'displayname': er_text(t2m1name), 'oldvalue': er_text(t2m1old), 'newvalue': er_text(t2m1new)}, {'displayname': er_text(t2m2name), 'oldvalue': er_text(t2m2old), 'newvalue': er_text(t2m2new)}, {'displayname': er_text(t2m3name), 'oldvalue': er_text(t2m3old), 'newvalue': er_text(t2m3new)}, {'displayname': er_text(t2m4name), 'oldvalue': er_text(t2m4old), 'newvalue': er_text(t2m4new)}, {'displayname': er_text(t2m5name), 'oldvalue': er_text(t2m5old), 'newvalue': er_text(t2m5new)}], m -> m.displayname IS NOT NULL)},
            {'id': er_text(t3id), 'displayname': er_text(t3name), 'type': er_text(t3type), 'userprincipalname': er_text(t3upn), 'grouptype': NULL::VARCHAR, 'modifiedproperties': list_filter([{'displayname': er_text(t3m1name), 'oldvalue': er_text(t3m1old), 'newvalue': er_text(t3m1new)}, {'displayname': er_text(t3m2name), 'oldvalue': er_text(t3m2old), 'newvalue': er_text(t3m2new)}, {'displayname': er_text(t3m3name), 'oldvalue': er_text(t3m3old), 'newvalue': er_text(t3m3new)}, {'displayname': er_text(t3m4name), 'oldvalue': er_text(t3m4old), 'newvalue': er_text(t3m4new)}, {'displayname': er_text(t3m5name), 'oldvalue': er_text(t3m5old), 'newvalue': er_text(t3m5new)}], m -> m.displayname IS NOT NULL)}
        ], t -> t.id IS NOT NULL OR t.displayname IS NOT NULL)) AS target_resources,
    to_json(list_filter([{'key': er_text(ad1key), 'value': er_text(ad1value)}, {'key': er_text(ad2key), 'value': er_text(ad2value)}, {'key': er_text(ad3key), 'value': er_text(ad3value)}, {'key': er_text(ad4key), 'value': er_text(ad4value)}, {'key': er_text(ad5key), 'value': er_text(ad5value)}, {'key': er_text(ad6key), 'value': er_text(ad6value)}], d -> d.key IS NOT NULL)) AS additional_details,
    er_text(useragent) AS user_agent,
    _extra AS extra,
    _line,
    _file,
    CASE
        WHEN er_text(activity) IS NULL THEN 'no Activity'
        WHEN er_text(date) IS NULL THEN 'no Date (UTC)'
        WHEN er_ts(date) IS NULL THEN 'Date (UTC) ' || left(date, 60) || ' is not a time'
    END AS _reject
FROM src
