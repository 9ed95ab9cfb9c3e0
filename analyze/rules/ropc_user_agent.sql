-- id: ropc_user_agent
-- title: Sign-in by a password-spray tool's user agent (BAV2ROPC and kin)
-- severity: medium
-- tactic: Credential Access
-- technique: T1110.003
-- source: signins
-- follows: Elastic detection rule "Microsoft Entra ID Sign-In BAV2ROPC User Agent" (successful sign-ins whose
--   user agent is BAV2ROPC, the resource-owner password credentials flow of legacy clients), widened with
--   the user agents that public reports tie to Entra ID spray campaigns (CBAInPROD, fasthttp, axios,
--   python-requests, Go-http-client, aiohttp, node-fetch) and with authenticationProtocol "ropc".
-- description: A successful sign-in made with a password-only flow (ROPC) or by a scripting library rather
--   than a browser or Office client: how sprayed passwords are tried and used, bypassing interactive MFA
--   where legacy flows are allowed. One detection per account and address.
-- remediation: Confirm with the user and the app owner whether a script signs in as this account; if not,
--   reset the password, revoke sessions and review the account's activity. Block legacy authentication and
--   the ROPC flow with Conditional Access, and move service scripts to workload identities.
WITH agents(pattern) AS (
    VALUES ('bav2ropc'), ('cbainprod'), ('cbaintar'), ('fasthttp'), ('axios/'), ('python-requests'),
        ('go-http-client'), ('aiohttp'), ('node-fetch')
),
hits AS (
    SELECT s.id, s.created_at, s.user_principal_name, s.ip_address, s.user_agent, s.authentication_protocol
    FROM signins s
    WHERE s.created_at >= $since AND s.created_at < $until AND s.error_code = 0
      AND s.user_principal_name IS NOT NULL
      AND (lower(s.authentication_protocol) = 'ropc'
           OR EXISTS (SELECT 1 FROM agents a WHERE lower(s.user_agent) LIKE '%' || a.pattern || '%'))
)
SELECT user_principal_name || '|' || coalesce(ip_address, '') AS detection_key,
    user_principal_name, ip_address,
    min(created_at) AS first_seen, max(created_at) AS last_seen, count(*) AS event_count,
    'medium' AS severity,
    CAST(count(*) AS VARCHAR) || ' successful sign-ins of ' || user_principal_name || ' from '
        || coalesce(ip_address, 'an unknown address') || ' with user agent "' || coalesce(min(user_agent), '')
        || '"' || CASE WHEN bool_or(lower(authentication_protocol) = 'ropc') THEN ' over the ROPC flow' ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    array_agg(id ORDER BY created_at, id) AS event_ids
FROM hits
GROUP BY user_principal_name, ip_address
ORDER BY detection_key
