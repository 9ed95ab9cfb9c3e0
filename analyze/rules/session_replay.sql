-- id: session_replay
-- title: Session used from a second network (token replay, attacker in the middle)
-- severity: medium
-- tactic: Credential Access, Defense Evasion
-- technique: T1539, T1550.004, T1557
-- source: signins
-- follows: Elastic detection rule "Microsoft Entra ID Session Reuse with Suspicious Graph Access" (one
--   SessionId used from a second address within a short window), Entra ID Protection's "Attacker in the
--   Middle" and "Anomalous token" detections, and Microsoft's AiTM hunting guidance (SigninLogs and
--   AADNonInteractiveUserSignInLogs joined on SessionId, OfficeActivity on AppAccessContext.AADSessionId).
-- description: One sign-in session (sessionId; Unified Audit Log records join it through
--   AppAccessContext.AADSessionId or through the uniqueTokenIdentifier of the sign-in that issued their
--   token) moves to another network (ASN) or country within minutes. A phone moving between Wi-Fi and its
--   carrier (the same device at both ends), IPv6 privacy addresses (one network), and a user between the
--   office VPN and home (networks the account used on earlier days, one country) are not findings. Low
--   for a move to a residential network new for the account in its own country (a hotel, a friend's
--   Wi-Fi); medium for a move to another country, or to an unfamiliar network when a hosting network or a
--   scripting client is involved; high when the session began from a hosting network and was then used
--   non-interactively by a scripting client from an unfamiliar network or country (an attacker-in-the-middle
--   proxy and the replay of its cookie). A mailbox or directory change by the account after the replay is
--   a compromise chain and raises the finding one level.
-- remediation: Revoke the user's sessions and refresh tokens (Revoke-MgUserSignInSession), reset the
--   password, and remove what was changed after the replay (inbox rules, forwarding, delegates, MFA
--   methods, devices, app consents). Require phishing-resistant MFA or token protection for the account,
--   and block sign-ins from hosting networks with Conditional Access where users have no reason to use them.
-- param: window_minutes int 60  how far apart two uses of one session may be to count as a move, in minutes
-- param: chain_hours int 24  how long after the replay a mailbox or directory change by the account makes a chain, in hours
-- param: min_history_days int 3  days of history an account needs before a network it never used counts as unfamiliar
-- param: hosting_asns text "9009,14061,16276,16509,14618,20473,24940,60781,63949,51167,49505,212238,60068,36352,53667,8100,45102,396982,62240,46562"  networks of hosting and VPN providers (ASNs, comma-separated)
-- param: scripting_agents text `(?i)python-requests|python-urllib|aiohttp|axios|go-http-client|node-fetch|okhttp|curl/|wget/|libwww-perl|powershell/|postmanruntime|httpx` user agents of scripting clients (a regular expression)
WITH ual_ctx AS (
    SELECT id, created_at, user_id, client_ip,
        json_extract_string(audit_data, ['$.AppAccessContext.AADSessionId', '$.AppAccessContext.UniqueTokenId', '$.AppAccessContext']) AS c
    FROM unified_audit
    WHERE created_at >= $since - $window_minutes * INTERVAL '1' MINUTE AND created_at < $until
      AND user_id IS NOT NULL AND client_ip IS NOT NULL
      AND contains(CAST(audit_data AS VARCHAR), 'AppAccessContext')
),
-- AppAccessContext is an object in the Purview export and a JSON string inside Sentinel's OfficeActivity.
ual AS (
    SELECT id, created_at, user_id AS user_principal_name, client_ip AS ip_address,
        coalesce(nullif(c[1], ''), nullif(json_extract_string(c[3], '$.AADSessionId'), '')) AS sid,
        coalesce(nullif(c[2], ''), nullif(json_extract_string(c[3], '$.UniqueTokenId'), '')) AS uti
    FROM ual_ctx
),
-- Mailbox activity joins a session by its AADSessionId, or by the token of the sign-in that issued it.
ual_sessions AS (
    SELECT id, created_at, user_principal_name, ip_address, sid FROM ual WHERE sid IS NOT NULL
    UNION ALL
    SELECT u.id, u.created_at, u.user_principal_name, u.ip_address, t.session_id
    FROM (SELECT * FROM ual WHERE sid IS NULL AND uti IS NOT NULL) AS u
    JOIN signins t ON t.unique_token_identifier = u.uti
    WHERE t.session_id IS NOT NULL AND t.session_id <> ''
),
ual_nets AS (
    SELECT ip_address, max(asn) AS asn, max(country) AS country
    FROM signins
    WHERE ip_address IN (SELECT ip_address FROM ual_sessions) AND asn IS NOT NULL
    GROUP BY ip_address
),
-- Sessions seen on more than one network or country, and not on one registered device throughout:
-- only they are looked at closely.
multi AS (
    SELECT sid
    FROM (
        SELECT asn, country, session_id AS sid, nullif(device_id, '') AS device_id
        FROM signins
        WHERE created_at >= $since - $window_minutes * INTERVAL '1' MINUTE AND created_at < $until
          AND error_code = 0 AND user_principal_name IS NOT NULL
          AND session_id IS NOT NULL AND session_id <> '' AND session_id <> '00000000-0000-0000-0000-000000000000'
          AND category IN ('interactive', 'non_interactive')
          AND asn IS NOT NULL AND asn > 0
        UNION ALL
        SELECT n.asn, n.country, u.sid, CAST(NULL AS VARCHAR)
        FROM ual_sessions u JOIN ual_nets n USING (ip_address)
    )
    GROUP BY sid
    HAVING (min(asn) <> max(asn) OR min(coalesce(country, '')) <> max(coalesce(country, '')))
       -- a session used on one registered device throughout moved with that device
       AND NOT (count(device_id) = count(*) AND min(device_id) = max(device_id))
),
-- Their uses, with the user agent and device of each.
pts AS (
    SELECT s.id, s.created_at, s.user_principal_name, s.ip_address, s.asn, s.country, s.category, s.user_agent,
        s.session_id AS sid, nullif(s.device_id, '') AS device_id, 'signins' AS src
    FROM signins s JOIN multi m ON m.sid = s.session_id
    WHERE s.created_at >= $since - $window_minutes * INTERVAL '1' MINUTE AND s.created_at < $until
      AND s.error_code = 0 AND s.user_principal_name IS NOT NULL
      AND s.category IN ('interactive', 'non_interactive') AND s.asn IS NOT NULL AND s.asn > 0
    UNION ALL
    SELECT u.id, u.created_at, u.user_principal_name, u.ip_address, n.asn, n.country, 'mailbox', CAST(NULL AS VARCHAR),
        u.sid, CAST(NULL AS VARCHAR), 'unified_audit'
    FROM ual_sessions u JOIN ual_nets n USING (ip_address)
    WHERE u.sid IN (SELECT sid FROM multi)
),
seq AS (
    SELECT *,
        row_number() OVER w AS rn,
        lag(created_at) OVER w AS prev_at, lag(asn) OVER w AS prev_asn, lag(country) OVER w AS prev_country,
        lag(device_id) OVER w AS prev_device
    FROM pts
    WINDOW w AS (PARTITION BY user_principal_name, sid ORDER BY created_at, id)
),
-- The moves, and each session's first use (rn = 1).
marked AS (
    SELECT *,
        prev_at IS NOT NULL AND created_at >= $since
        AND created_at <= prev_at + $window_minutes * INTERVAL '1' MINUTE
        AND (asn <> prev_asn OR coalesce(country, '') <> coalesce(prev_country, ''))
        -- one registered device at both ends moved networks (a phone leaving Wi-Fi)
        AND (device_id IS NULL OR prev_device IS NULL OR device_id <> prev_device) AS moved
    FROM seq
),
kept AS (
    SELECT * FROM marked WHERE moved OR rn = 1
),
moves AS (
    SELECT * FROM kept WHERE moved
),
-- The day each account first used each network, and its first day at all: a network is
-- unfamiliar on a day when the account has the minimum history before it and never used it.
user_nets AS (
    SELECT user_principal_name, asn, min(created_at) AS since_at
    FROM signins
    WHERE created_at < $until AND error_code = 0 AND asn IS NOT NULL
      AND user_principal_name IN (SELECT user_principal_name FROM moves)
    GROUP BY user_principal_name, asn
),
user_first AS (
    SELECT user_principal_name, min(since_at) AS first_at FROM user_nets GROUP BY user_principal_name
),
judged AS (
    SELECT m.*,
        coalesce(m.country, '') <> coalesce(m.prev_country, '') AS other_country,
        date_diff('day', uf.first_at, m.created_at) >= $min_history_days
            AND (un.since_at IS NULL OR un.since_at >= date_trunc('day', m.created_at)) AS unfamiliar,
        m.category = 'non_interactive' AND regexp_matches(coalesce(m.user_agent, ''), $scripting_agents) AS scripted,
        list_contains(string_split($hosting_asns, ','), CAST(m.asn AS VARCHAR)) AS hosting_target
    FROM moves m
    LEFT JOIN user_nets un ON un.user_principal_name = m.user_principal_name AND un.asn = m.asn
    LEFT JOIN user_first uf ON uf.user_principal_name = m.user_principal_name
),
replays0 AS (
    SELECT user_principal_name, sid, bool_or(hosting_target) AS hosting_target,
        min(created_at) AS replay_at, max(created_at) AS last_at, count(*) AS moves,
        CASE WHEN count(DISTINCT ip_address) = 1 THEN min(ip_address) END AS replay_ip,
        bool_or(unfamiliar) AS unfamiliar, bool_or(other_country) AS other_country, bool_or(scripted) AS scripted,
        string_agg(DISTINCT ip_address || ' (AS ' || CAST(asn AS VARCHAR) || coalesce(', ' || country, '') || ')', '; '
            ORDER BY ip_address || ' (AS ' || CAST(asn AS VARCHAR) || coalesce(', ' || country, '') || ')') AS targets,
        string_agg(DISTINCT CASE WHEN scripted THEN user_agent END, '; ') AS agents,
        count(*) FILTER (WHERE src = 'unified_audit') AS mailbox_uses,
        list(id ORDER BY created_at, id) FILTER (WHERE src = 'signins') AS ids
    FROM judged
    WHERE unfamiliar OR other_country OR scripted
    GROUP BY user_principal_name, sid
    HAVING bool_or(unfamiliar OR other_country OR scripted)
),
-- The first use of each replayed session.
firsts AS (
    SELECT user_principal_name, sid, created_at AS first_at, id AS first_id, ip_address AS first_ip, asn AS first_asn,
        country AS first_country, category AS first_category, src AS first_src,
        list_contains(string_split($hosting_asns, ','), CAST(asn AS VARCHAR)) AS hosting_first
    FROM kept
    WHERE rn = 1 AND sid IN (SELECT sid FROM replays0)
),
replays AS (
    SELECT r.*, f.first_at, f.first_id, f.first_ip, f.first_asn, f.first_country, f.first_category, f.first_src, f.hosting_first
    FROM replays0 r JOIN firsts f USING (user_principal_name, sid)
),
changes AS (
    SELECT r.user_principal_name, r.sid, count(*) AS n, min(c.at) AS first_change,
        string_agg(DISTINCT c.what, ', ' ORDER BY c.what) AS what
    FROM replays r
    JOIN (SELECT lower(user_id) AS upn, created_at AS at, operation AS what
          FROM unified_audit
          WHERE created_at >= $since AND created_at < $until + $chain_hours * INTERVAL '1' HOUR
            AND lower(operation) IN ('new-inboxrule', 'set-inboxrule', 'updateinboxrules', 'set-mailbox',
                'add-mailboxpermission', 'add-recipientpermission', 'add-mailboxfolderpermission',
                'set-mailboxjunkemailconfiguration', 'set-owamailboxpolicy', 'new-transportrule')
          UNION ALL
          SELECT actor_upn, activity_at, activity
          FROM directory_audits
          WHERE activity_at >= $since AND activity_at < $until + $chain_hours * INTERVAL '1' HOUR
            AND actor_upn IS NOT NULL AND lower(coalesce(result, 'success')) = 'success') AS c
        ON c.upn = r.user_principal_name AND c.at >= r.replay_at
        AND c.at <= r.last_at + $chain_hours * INTERVAL '1' HOUR
    GROUP BY r.user_principal_name, r.sid
)
SELECT r.user_principal_name || '|' || r.sid AS detection_key,
    r.user_principal_name,
    r.replay_ip AS ip_address,
    r.first_at AS first_seen, greatest(r.last_at, coalesce(c.first_change, r.last_at)) AS last_seen,
    r.moves + 1 AS event_count,
    CASE least(3, CASE WHEN r.hosting_first AND r.scripted AND (r.unfamiliar OR r.other_country) THEN 3
                       WHEN r.other_country OR (r.unfamiliar AND (r.hosting_first OR r.hosting_target OR r.scripted)) THEN 2
                       ELSE 1 END
                  + CASE WHEN c.n IS NOT NULL THEN 1 ELSE 0 END)
        WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS severity,
    'session ' || r.sid || ' of ' || r.user_principal_name || ' began at ' || CAST(r.first_at AS VARCHAR)
        || ' with a' || CASE WHEN r.first_category = 'interactive' THEN 'n interactive' ELSE ' ' || replace(r.first_category, '_', '-') END
        || ' sign-in from ' || r.first_ip || ' (AS ' || CAST(r.first_asn AS VARCHAR) || coalesce(', ' || r.first_country, '') || ')'
        || CASE WHEN r.hosting_first THEN ', a hosting network' ELSE '' END
        || '; from ' || CAST(r.replay_at AS VARCHAR) || ' it was used from ' || r.targets
        || CASE WHEN r.hosting_target THEN ', a hosting network' ELSE '' END
        || CASE WHEN r.unfamiliar THEN ', a network the account never used before that day' ELSE '' END
        || CASE WHEN r.other_country THEN ', another country' ELSE '' END
        || ' (' || CAST(r.moves AS VARCHAR) || ' move(s) within ' || CAST($window_minutes AS VARCHAR) || ' min'
        || CASE WHEN r.mailbox_uses > 0 THEN ', ' || CAST(r.mailbox_uses AS VARCHAR) || ' by mailbox activity carrying the session' ELSE '' END || ')'
        || CASE WHEN r.scripted THEN '; non-interactive use by a scripting client: ' || r.agents ELSE '' END
        || CASE WHEN c.n IS NOT NULL THEN '; then ' || CAST(c.n AS VARCHAR) || ' mailbox or directory change(s) by the account from '
            || CAST(c.first_change AS VARCHAR) || ': ' || c.what || ' (compromise chain)' ELSE '' END AS evidence,
    CAST(NULL AS VARCHAR) AS target,
    'signins' AS event_table,
    CASE WHEN r.first_src = 'signins' THEN list_distinct(list_prepend(r.first_id, coalesce(r.ids, []))) ELSE r.ids END AS event_ids
FROM replays r LEFT JOIN changes c USING (user_principal_name, sid)
ORDER BY detection_key
