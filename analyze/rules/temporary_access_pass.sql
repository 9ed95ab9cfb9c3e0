-- id: temporary_access_pass
-- title: Temporary Access Pass issued out of routine, then used
-- severity: high
-- tactic: Persistence, Credential Access
-- technique: T1098.005, T1078.004
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "Addition of a Temporary Access Pass to a Privileged Account"
--   and the Sigma rule "Temporary Access Pass Added To An Account" ("Admin registered security info" with
--   the status reason "Admin registered temporary access pass method for user"), as the Microsoft Entra
--   security operations guide for privileged accounts recommends, joined to the sign-in that used it
--   (authenticationDetails[].authenticationMethod "Temporary Access Pass").
-- description: A Temporary Access Pass was issued to an account and used to sign in within the window.
--   For a privileged account: high when the issuer is not one who issues passes or registers security
--   info for others on earlier days (an unusual actor), when it was issued outside the issuer's usual hours
--   (from the issuer's own sign-ins), or when the pass was used from a network the account had not used;
--   medium when the issuer's hours are unknown (too little history); low when it was routine (the usual
--   issuer, in working hours, used from a known network). For any other account: medium when an unusual
--   actor issued it outside their hours, high when besides it was used from a network the account had not
--   used; on a short export, where the issuer's hours are unknown, medium when an unusual actor's pass was
--   used from a network the account had not used (a new hire has no networks yet and does not count). Help-desk onboarding (a usual issuer in working hours) does not count. One detection per pass; the user is the account that received it, the evidence names the issuer.
-- remediation: Confirm with the issuer and the account's owner that the pass was requested. If not, delete
--   the pass and any method registered with it, revoke the account's sessions, reset its password, and
--   treat the issuing account as compromised. Restrict who may issue passes (Authentication Administrator
--   roles, PIM) and keep their lifetime and use count short.
-- param: use_hours int 24  hours after issue in which a sign-in with the pass counts
-- param: lookback_days int 30  days of history for the issuer's habits and the account's networks
-- param: usual_hour_days int 2  days on which the issuer signed in within an hour of this time of day that make it a working hour
WITH passes AS (
    SELECT id, activity_at, actor_upn, actor_app_name, actor_ip, result_reason,
        coalesce(target_upn, er_target_user(target_resources)) AS account
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND ((lower(trim(activity)) = 'admin registered security info' AND lower(coalesce(result_reason, '')) LIKE '%temporary access pass%')
           OR lower(activity) LIKE '%temporary access pass%')
),
uses AS (
    SELECT p.id AS pass_id, s.id, s.created_at, s.ip_address, s.country, er_network(s.asn, s.ip_address) AS net
    FROM passes p JOIN signins s ON s.user_principal_name = p.account
    WHERE s.error_code = 0 AND s.created_at > p.activity_at AND s.created_at <= p.activity_at + $use_hours * INTERVAL '1' HOUR
      AND (contains(CAST(s.authentication_details AS VARCHAR), 'Temporary Access Pass')
           OR s.id IN (SELECT request_id FROM signin_auth_details WHERE method = 'Temporary Access Pass'))
),
account_nets AS (
    SELECT p.id AS pass_id, list(DISTINCT er_network(s.asn, s.ip_address)) AS nets
    FROM passes p JOIN signins s ON s.user_principal_name = p.account
    WHERE s.error_code = 0 AND s.created_at < p.activity_at AND s.created_at >= p.activity_at - $lookback_days * INTERVAL '1' DAY
    GROUP BY p.id
),
issuer_hours AS (
    SELECT p.id AS pass_id, count(DISTINCT CAST(s.created_at AS DATE)) AS days,
        count(DISTINCT CASE WHEN er_near_hour(s.created_at, p.activity_at) THEN CAST(s.created_at AS DATE) END) AS days_at_hour
    FROM passes p JOIN signins s ON s.user_principal_name = p.actor_upn
    WHERE s.error_code = 0 AND s.created_at < p.activity_at - INTERVAL '12' HOUR
      AND s.created_at >= p.activity_at - $lookback_days * INTERVAL '1' DAY
    GROUP BY p.id
),
issuer_routine AS (
    -- Passes issued, or security info registered for others, by the same actor on an earlier day.
    SELECT p.id AS pass_id, count(DISTINCT CAST(q.activity_at AS DATE)) AS days
    FROM passes p JOIN directory_audits q ON q.actor_upn = p.actor_upn
    WHERE lower(trim(q.activity)) IN ('admin registered security info', 'admin updated security info')
      AND q.activity_at >= p.activity_at - $lookback_days * INTERVAL '1' DAY
      AND CAST(q.activity_at AS DATE) < CAST(p.activity_at AS DATE)
      AND coalesce(q.result, 'success') = 'success'
    GROUP BY p.id
),
used AS (
    SELECT u.pass_id, count(*) AS n, min(u.created_at) AS first_at, max(u.created_at) AS last_at,
        arg_min(u.ip_address, u.created_at) AS ip_address,
        arg_min(u.net || coalesce(', ' || u.country, ''), u.created_at) AS where_text,
        bool_or(n.nets IS NOT NULL AND NOT list_contains(n.nets, u.net)) AS new_net
    FROM uses u LEFT JOIN account_nets n USING (pass_id)
    GROUP BY u.pass_id
),
scored AS (
    SELECT p.*, u.n, u.first_at, u.last_at, u.ip_address AS use_ip, u.where_text, u.new_net,
        p.account IN (SELECT user_principal_name FROM privileged_users) AS privileged,
        coalesce(r.days, 0) = 0 AS unusual_actor,
        coalesce(h.days, 0) < 3 AS hours_unknown,
        coalesce(h.days, 0) >= 3 AND coalesce(h.days_at_hour, 0) < $usual_hour_days AS out_of_hours
    FROM passes p
    JOIN used u ON u.pass_id = p.id
    LEFT JOIN issuer_routine r ON r.pass_id = p.id
    LEFT JOIN issuer_hours h ON h.pass_id = p.id
)
SELECT id AS detection_key,
    account AS user_principal_name, use_ip AS ip_address,
    activity_at AS first_seen, last_at AS last_seen, n + 1 AS event_count,
    CASE WHEN privileged AND (unusual_actor OR out_of_hours OR new_net) THEN 'high'
         WHEN privileged AND hours_unknown THEN 'medium'
         WHEN privileged THEN 'low'
         WHEN new_net AND NOT hours_unknown THEN 'high'
         ELSE 'medium' END AS severity,
    'Temporary Access Pass issued to ' || account || ' by ' || coalesce(actor_upn, actor_app_name, 'an unknown actor')
        || ' at ' || CAST(activity_at AS VARCHAR) || coalesce(' from ' || actor_ip, '')
        || ', used ' || CAST(n AS VARCHAR) || ' time(s), first at ' || CAST(first_at AS VARCHAR) || ' from ' || coalesce(use_ip, '?')
        || ' (' || coalesce(where_text, '?') || ')'
        || CASE WHEN privileged THEN '; the account is privileged' ELSE '' END
        || CASE WHEN unusual_actor THEN '; the issuer issued no other pass nor registered security info for others in the '
                     || CAST($lookback_days AS VARCHAR) || ' days before' ELSE '; the issuer does this routinely' END
        || CASE WHEN out_of_hours THEN '; issued outside the hours the issuer usually signs in'
                WHEN hours_unknown THEN '; the issuer''s usual hours are unknown (too little sign-in history)'
                ELSE '; issued in the issuer''s usual hours' END
        || CASE WHEN new_net THEN '; used from a network the account had not used' ELSE '' END AS evidence,
    account AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM scored
WHERE privileged OR (unusual_actor AND (out_of_hours OR (hours_unknown AND new_net)))
ORDER BY detection_key
