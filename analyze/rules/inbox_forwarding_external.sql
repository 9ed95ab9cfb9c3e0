-- id: inbox_forwarding_external
-- title: Inbox rule forwards mail outside the tenant
-- severity: medium
-- tactic: Collection, Exfiltration
-- technique: T1114.003
-- source: unified_audit
-- follows: Microsoft Sentinel analytics rule "Malicious Inbox Rule" and CISA's Sparrow and Microsoft's Hawk
--   mailbox checks: New-InboxRule, Set-InboxRule and UpdateInboxRules records whose ForwardTo,
--   ForwardAsAttachmentTo or RedirectTo name an address outside the tenant's own domains.
-- description: A mailbox got an inbox rule that forwards or redirects mail to an outside address, the
--   classic step after a mailbox is taken over (business email compromise). The tenant's domains come from
--   the configuration or, if none, from the members' sign-in names; their subdomains count as internal.
--   High when the same rule also hides mail (deletes it, marks it read, or moves it to RSS, Archive,
--   Conversation History, Deleted Items or Junk). One detection per audit record.
-- remediation: Remove the rule (Remove-InboxRule), reset the mailbox owner's password and revoke sessions,
--   find what was forwarded (message trace to the outside address), and block automatic external
--   forwarding in the outbound spam policy.
WITH rules AS (
    SELECT id, created_at, operation, user_id, client_ip, parameters, audit_data,
        lower(coalesce(er_param(parameters, 'ForwardTo'), '') || ';' || coalesce(er_param(parameters, 'ForwardAsAttachmentTo'), '')
              || ';' || coalesce(er_param(parameters, 'RedirectTo'), '')
              || CASE WHEN lower(operation) = 'updateinboxrules' THEN ';' || CAST(audit_data AS VARCHAR) ELSE '' END) AS targets,
        coalesce(er_param(parameters, 'Name'), er_param(parameters, 'Identity')) AS rule_name,
        lower(coalesce(er_param(parameters, 'DeleteMessage'), '')) = 'true'
            OR lower(coalesce(er_param(parameters, 'MarkAsRead'), '')) = 'true'
            OR lower(coalesce(er_param(parameters, 'MoveToFolder'), '')) IN ('rss feeds', 'rss subscriptions', 'archive',
                'conversation history', 'deleted items', 'junk email') AS hides
    FROM unified_audit
    WHERE created_at >= $since AND created_at < $until
      AND lower(operation) IN ('new-inboxrule', 'set-inboxrule', 'updateinboxrules')
      AND coalesce(lower(result_status), 'true') NOT IN ('false', 'failed', 'failure')
),
addresses AS (
    SELECT r.id, a.addr
    FROM rules r,
        unnest(regexp_extract_all(r.targets, '[a-z0-9._%+''-]+@[a-z0-9.-]+\.[a-z]{2,}')) AS a(addr)
    WHERE lower(r.operation) <> 'updateinboxrules'
       OR r.targets LIKE '%forward%' OR r.targets LIKE '%redirect%'
),
external AS (
    SELECT id, string_agg(DISTINCT addr, ', ' ORDER BY addr) AS outside
    FROM addresses
    WHERE NOT er_internal_domain(split_part(addr, '@', 2))
    GROUP BY id
)
SELECT r.id AS detection_key,
    r.user_id AS user_principal_name, r.client_ip AS ip_address,
    r.created_at AS first_seen, r.created_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN r.hides THEN 'high' ELSE 'medium' END AS severity,
    coalesce(r.user_id, 'an unknown user') || ' made an inbox rule' || coalesce(' "' || r.rule_name || '"', '')
        || ' (' || r.operation || ') forwarding mail to ' || e.outside
        || CASE WHEN r.hides THEN ' and hiding it from the mailbox' ELSE '' END
        || ' at ' || CAST(r.created_at AS VARCHAR) || coalesce(' from ' || r.client_ip, '') AS evidence,
    e.outside AS target,
    'unified_audit' AS event_table,
    [r.id] AS event_ids
FROM rules r JOIN external e ON e.id = r.id
ORDER BY detection_key
