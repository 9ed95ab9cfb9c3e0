-- id: mailbox_forwarding_external
-- title: Mailbox or transport rule forwards mail outside the tenant
-- severity: medium
-- tactic: Collection, Exfiltration
-- technique: T1114.003
-- source: unified_audit
-- follows: Microsoft Sentinel analytics rule "Mail redirect via ExO transport rule" and CISA's Sparrow and
--   Microsoft's Hawk forwarding checks: Set-Mailbox with ForwardingSmtpAddress or ForwardingAddress, and
--   New-/Set-TransportRule with RedirectMessageTo, BlindCopyTo, AddToRecipients or CopyTo, naming an
--   address outside the tenant's own domains.
-- description: Mail of a mailbox (Set-Mailbox, medium) or of the whole organisation (a transport rule, high)
--   is forwarded or copied to an outside address. Forwarding to the tenant's own domains, and clearing a
--   forward, do not count. One detection per audit record; the target is the outside address.
-- remediation: Remove the forwarding (Set-Mailbox -ForwardingSmtpAddress $null -DeliverToMailboxAndForward
--   $false, or remove the transport rule), find what was forwarded with a message trace, treat the account
--   that set it as compromised, and block automatic external forwarding in the outbound spam policy.
WITH changes AS (
    SELECT id, created_at, operation, user_id, client_ip,
        coalesce(er_param(parameters, 'Identity'), er_param(parameters, 'Name'), object_id) AS identity,
        lower(operation) IN ('new-transportrule', 'set-transportrule') AS transport,
        lower(coalesce(er_param(parameters, 'ForwardingSmtpAddress'), '') || ';' || coalesce(er_param(parameters, 'ForwardingAddress'), '')
              || ';' || coalesce(er_param(parameters, 'RedirectMessageTo'), '') || ';' || coalesce(er_param(parameters, 'BlindCopyTo'), '')
              || ';' || coalesce(er_param(parameters, 'AddToRecipients'), '') || ';' || coalesce(er_param(parameters, 'CopyTo'), '')) AS targets
    FROM unified_audit
    WHERE created_at >= $since AND created_at < $until
      AND lower(operation) IN ('set-mailbox', 'new-transportrule', 'set-transportrule')
      AND coalesce(lower(result_status), 'true') NOT IN ('false', 'failed', 'failure')
),
addresses AS (
    SELECT c.id, a.addr
    FROM changes c,
        unnest(regexp_extract_all(c.targets, '[a-z0-9._%+''-]+@[a-z0-9.-]+\.[a-z]{2,}')) AS a(addr)
),
external AS (
    SELECT id, string_agg(DISTINCT addr, ', ' ORDER BY addr) AS outside
    FROM addresses
    WHERE NOT er_internal_domain(split_part(addr, '@', 2))
    GROUP BY id
)
SELECT c.id AS detection_key,
    c.user_id AS user_principal_name, c.client_ip AS ip_address,
    c.created_at AS first_seen, c.created_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN c.transport THEN 'high' ELSE 'medium' END AS severity,
    coalesce(c.user_id, 'an unknown user') || ' ran ' || c.operation || coalesce(' on ' || c.identity, '')
        || CASE WHEN c.transport THEN ', sending the organisation''s matching mail to ' ELSE ', forwarding the mailbox to ' END
        || e.outside || ' at ' || CAST(c.created_at AS VARCHAR) || coalesce(' from ' || c.client_ip, '') AS evidence,
    e.outside AS target,
    'unified_audit' AS event_table,
    [c.id] AS event_ids
FROM changes c JOIN external e ON e.id = c.id
ORDER BY detection_key
