-- id: legacy_auth
-- title: Successful sign-in over a legacy authentication protocol
-- severity: low
-- tactic: Initial Access
-- technique: T1078.004
-- source: signins
-- follows: Microsoft's Conditional Access guidance "Block legacy authentication" and the Microsoft Sentinel
--   "Insecure Protocols" workbook's legacy-authentication view: client apps Exchange ActiveSync, IMAP4,
--   POP3, Authenticated SMTP, MAPI over HTTP, Exchange Web Services, Autodiscover, Offline Address Book,
--   Outlook Anywhere, Exchange Online PowerShell, Reporting Web Services and "Other clients".
-- description: The account signed in with a protocol that cannot do MFA; password sprays use these
--   protocols for that reason. A posture finding: low on its own. One detection per account and client app.
-- remediation: Move the account's clients to modern authentication, then block legacy authentication with
--   a Conditional Access policy (or security defaults) and disable the protocols per mailbox
--   (Set-CASMailbox -ImapEnabled $false -PopEnabled $false, SMTP AUTH off).
WITH legacy AS (
    SELECT id, created_at, user_principal_name, ip_address, client_app
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0
      AND user_principal_name IS NOT NULL
      AND lower(client_app) IN ('exchange activesync', 'imap4', 'imap', 'pop3', 'pop', 'authenticated smtp', 'smtp',
          'mapi over http', 'mapi', 'exchange web services', 'ews', 'autodiscover', 'offline address book',
          'outlook anywhere (rpc over http)', 'exchange online powershell', 'reporting web services', 'other clients')
)
SELECT user_principal_name || '|' || lower(client_app) AS detection_key,
    user_principal_name,
    CASE WHEN count(DISTINCT ip_address) = 1 THEN min(ip_address) END AS ip_address,
    min(created_at) AS first_seen, max(created_at) AS last_seen, count(*) AS event_count,
    'low' AS severity,
    CAST(count(*) AS VARCHAR) || ' successful sign-ins of ' || user_principal_name || ' over ' || min(client_app)
        || ' (legacy authentication, no MFA) from ' || CAST(count(DISTINCT ip_address) AS VARCHAR) || ' address(es)' AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    array_agg(id ORDER BY created_at, id) AS event_ids
FROM legacy
GROUP BY user_principal_name, lower(client_app)
ORDER BY detection_key
