-- id: mailbox_delegate_added
-- title: Mailbox access granted to another account
-- severity: medium
-- tactic: Persistence, Collection
-- technique: T1098.002
-- source: unified_audit
-- follows: CISA's Sparrow and Microsoft's Hawk mailbox-permission checks and the Microsoft Sentinel hunting
--   queries on Add-MailboxPermission: Add-MailboxPermission (FullAccess and other full rights),
--   Add-RecipientPermission (SendAs), Set-Mailbox -GrantSendOnBehalfTo, and Add-MailboxFolderPermission
--   with owner or editor rights.
-- description: An account was given full access to, or the right to send as, someone else's mailbox, or
--   owner/editor rights on a mailbox folder: a quiet way to keep reading mail. Read-only calendar sharing,
--   grants to the mailbox's own owner (NT AUTHORITY\SELF) and grants on shared mailboxes (a mailbox named
--   by address whose account never signs in, which is how shared mailboxes are meant to be used) do not
--   count. Low when the grant is routine: made by an administrator (a privileged account) from a network
--   they had signed in from before that day. One detection per audit record; the target is the account
--   that got the access.
-- remediation: Confirm the delegation with the mailbox owner. If it is not wanted, remove it
--   (Remove-MailboxPermission, Remove-RecipientPermission, Remove-MailboxFolderPermission), review what the
--   delegate read or sent, and treat the account that granted it as compromised if no one asked for it.
-- param: lookback_days int 14  days of sign-ins that make an administrator's network familiar
WITH grants AS (
    SELECT id, created_at, operation, user_id, client_ip,
        coalesce(er_param(parameters, 'Identity'), object_id) AS mailbox,
        lower(coalesce(er_param(parameters, 'User'), er_param(parameters, 'Trustee'),
                       er_param(parameters, 'GrantSendOnBehalfTo'), '')) AS delegate,
        lower(coalesce(er_param(parameters, 'AccessRights'), '')) AS rights
    FROM unified_audit
    WHERE created_at >= $since AND created_at < $until
      AND lower(operation) IN ('add-mailboxpermission', 'add-recipientpermission', 'set-mailbox', 'add-mailboxfolderpermission')
      AND coalesce(lower(result_status), 'true') NOT IN ('false', 'failed', 'failure')
),
kept AS (
    SELECT * FROM grants
    WHERE delegate <> '' AND delegate NOT LIKE 'nt authority%' AND delegate <> lower(coalesce(mailbox, ''))
      AND NOT (lower(split_part(coalesce(mailbox, ''), ':', 1)) LIKE '%_@_%'
               AND lower(split_part(mailbox, ':', 1)) NOT IN (SELECT user_principal_name FROM signins
                                                              WHERE error_code = 0 AND user_principal_name IS NOT NULL))
      AND (   (lower(operation) = 'add-mailboxpermission' AND regexp_matches(rights, 'fullaccess|changeowner|changepermission'))
           OR (lower(operation) = 'add-recipientpermission' AND rights LIKE '%sendas%')
           OR lower(operation) = 'set-mailbox'
           OR (lower(operation) = 'add-mailboxfolderpermission' AND regexp_matches(rights, 'owner|editor|publishingeditor|fullaccess')))
),
routine AS (
    SELECT DISTINCT k.id
    FROM kept k JOIN signins s ON s.user_principal_name = k.user_id AND s.error_code = 0
        AND er_net(s.ip_address) = er_net(k.client_ip)
        AND s.created_at < date_trunc('day', k.created_at)
        AND s.created_at >= k.created_at - $lookback_days * INTERVAL '1' DAY
    WHERE k.user_id IN (SELECT user_principal_name FROM privileged_users)
)
SELECT id AS detection_key,
    user_id AS user_principal_name, client_ip AS ip_address,
    created_at AS first_seen, created_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN id IN (SELECT id FROM routine) THEN 'low' ELSE 'medium' END AS severity,
    coalesce(user_id, 'an unknown user') || ' gave ' || delegate || ' '
        || CASE WHEN lower(operation) = 'set-mailbox' THEN 'send-on-behalf rights' ELSE coalesce(nullif(rights, ''), 'access') END
        || ' on ' || coalesce(mailbox, 'a mailbox') || ' (' || operation || ') at ' || CAST(created_at AS VARCHAR)
        || coalesce(' from ' || client_ip, '')
        || CASE WHEN id IN (SELECT id FROM routine) THEN ', an administrator acting from a network they sign in from' ELSE '' END AS evidence,
    delegate AS target,
    'unified_audit' AS event_table,
    [id] AS event_ids
FROM kept
ORDER BY detection_key
