-- id: security_info_removed
-- title: Authentication methods removed, then a single-factor sign-in
-- severity: medium
-- tactic: Defense Evasion, Persistence
-- technique: T1556.006, T1098.005
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "Authentication Methods Changed for Privileged Account" and
--   the Microsoft Entra security operations guide for user accounts ("Admin deleted security info", "User
--   deleted security info"), followed to the account's next sign-ins the way Elastic's rule "Microsoft
--   Entra ID MFA Disabled for User" is meant to be triaged: what signed in once the second factor was gone.
-- description: An account's authentication methods were deleted ("User deleted security info", "Admin
--   deleted security info", a FIDO2 key, passwordless phone sign-in or Windows Hello credential deleted,
--   per-user MFA disabled), and within the window the account signed in successfully with a single factor
--   (authenticationRequirement singleFactorAuthentication). Medium when that sign-in came from a network
--   (ASN) the account had not used in the look-back; high when, besides, the account is privileged or an
--   administrator removed its methods; low when it came from the account's usual networks (a user tidying
--   up an old phone). One detection per removal (the audit record; the evidence names the sign-ins); the user is the account
--   whose methods were removed.
-- remediation: Ask the user whether they removed the method. If not, revoke the account's sessions, reset
--   its password, have it register MFA again in person or with a Temporary Access Pass, and review what the
--   single-factor sign-ins did. If an administrator removed it, check that administrator's account too.
--   Require MFA (not just registration) for every sign-in with Conditional Access.
-- param: window_hours int 72  hours after the removal in which a single-factor sign-in counts
-- param: lookback_days int 30  days of sign-ins before the removal that make a network familiar
WITH removals AS (
    SELECT id, activity_at, activity, actor_upn, actor_app_name, actor_ip, result_reason,
        coalesce(target_upn, er_target_user(target_resources), actor_upn) AS account
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND lower(trim(activity)) IN ('user deleted security info', 'admin deleted security info',
          'delete fido2 security key(s)', 'delete passwordless phone sign-in credential',
          'delete windows hello for business credential', 'disable strong authentication',
          'remove users strong authentication phone app detail')
),
after AS (
    SELECT r.id AS removal_id, s.id, s.created_at, s.ip_address, s.country, s.app_display_name,
        er_network(s.asn, s.ip_address) AS net
    FROM removals r JOIN signins s ON s.user_principal_name = r.account
    WHERE s.error_code = 0 AND s.authentication_requirement = 'singleFactorAuthentication'
      AND s.category IN ('interactive', 'non_interactive')
      AND s.created_at > r.activity_at AND s.created_at <= r.activity_at + $window_hours * INTERVAL '1' HOUR
      AND (s.ip_address IS NULL OR s.ip_address NOT IN (SELECT ip FROM trusted_ips))
),
before AS (
    SELECT r.id AS removal_id, list(DISTINCT er_network(s.asn, s.ip_address)) AS nets, count(*) AS n
    FROM removals r JOIN signins s ON s.user_principal_name = r.account
    WHERE s.error_code = 0 AND s.created_at < r.activity_at
      AND s.created_at >= r.activity_at - $lookback_days * INTERVAL '1' DAY
    GROUP BY r.id
),
scored AS (
    SELECT a.*, coalesce(b.n, 0) AS before_n,
        b.nets IS NOT NULL AND NOT list_contains(b.nets, a.net) AS new_net
    FROM after a LEFT JOIN before b USING (removal_id)
),
per_removal AS (
    SELECT removal_id, count(*) AS n, min(created_at) AS first_at, max(created_at) AS last_at,
        bool_or(new_net) AS new_net, max(before_n) AS before_n,
        coalesce(arg_min(ip_address, created_at) FILTER (WHERE new_net), arg_min(ip_address, created_at)) AS ip_address,
        coalesce(arg_min(net || coalesce(', ' || country, ''), created_at) FILTER (WHERE new_net),
                 arg_min(net || coalesce(', ' || country, ''), created_at)) AS where_text,
        coalesce(arg_min(app_display_name, created_at) FILTER (WHERE new_net), arg_min(app_display_name, created_at)) AS app
    FROM scored GROUP BY removal_id
)
SELECT r.id AS detection_key,
    r.account AS user_principal_name, p.ip_address,
    r.activity_at AS first_seen, p.last_at AS last_seen, p.n + 1 AS event_count,
    CASE WHEN p.new_net AND (r.account IN (SELECT user_principal_name FROM privileged_users)
                             OR coalesce(r.actor_upn, '') <> r.account) THEN 'high'
         WHEN p.new_net THEN 'medium' ELSE 'low' END AS severity,
    trim(r.activity) || ' for ' || r.account
        || CASE WHEN coalesce(r.actor_upn, '') <> r.account THEN ' by ' || coalesce(r.actor_upn, r.actor_app_name, 'an unknown actor') ELSE '' END
        || coalesce(' (' || r.result_reason || ')', '') || ' at ' || CAST(r.activity_at AS VARCHAR) || coalesce(' from ' || r.actor_ip, '')
        || '; then ' || CAST(p.n AS VARCHAR) || ' single-factor sign-in(s), the first at ' || CAST(p.first_at AS VARCHAR)
        || ' to ' || coalesce(p.app, '?') || ' from ' || coalesce(p.ip_address, '?') || ' (' || coalesce(p.where_text, '?') || ')'
        || CASE WHEN p.new_net THEN ', a network the account had not used in the ' || CAST($lookback_days AS VARCHAR) || ' days before'
                WHEN p.before_n = 0 THEN '; the account has no earlier sign-ins to compare with'
                ELSE ', a network the account uses' END
        || CASE WHEN r.account IN (SELECT user_principal_name FROM privileged_users) THEN '; the account is privileged' ELSE '' END AS evidence,
    CASE WHEN coalesce(r.actor_upn, '') <> r.account THEN r.account END AS target,
    'directory_audits' AS event_table,
    [r.id] AS event_ids
FROM removals r JOIN per_removal p ON p.removal_id = r.id
ORDER BY detection_key
