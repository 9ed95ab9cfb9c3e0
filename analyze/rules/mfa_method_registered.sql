-- id: mfa_method_registered
-- title: MFA method registered from a new address or for a privileged account
-- severity: medium
-- tactic: Persistence
-- technique: T1098.005
-- source: directory_audits
-- follows: Microsoft Sentinel analytics rule "Authentication Methods Changed for Privileged Account"
--   (AuthenticationMethodsChangedforPrivilegedAccount, which excludes trusted addresses), widened to any
--   account whose registration comes from an address it had not signed in from until just before, the
--   way an attacker registers their own authenticator after a password is stolen.
-- description: Security info (an MFA method) was registered or changed for a privileged account, or for an
--   established account from an address first seen, for whoever made the change, within the new-address
--   window (for an administrator's change, the administrator's address). A new hire's first registration
--   and registrations from the usual, trusted or shared (office or VPN egress, where many accounts sign in)
--   addresses do not count, nor a new address on a network (ASN) the account already used (a home
--   broadband or carrier address that changed, as Entra ID Protection's familiar properties allow).
--   Temporary Access Passes are temporary_access_pass's. High when the account is
--   privileged and the address new; medium for a new address, or for a privileged account whose address
--   cannot be judged (too little history) or that registered outside working hours; low for a privileged
--   account registering from a known address in working hours (the routine of an administrator's new
--   phone), and for an established account registering from an address that no sign-in of the export
--   shows (registering needs a sign-in from that address, so the export lacks it and nothing can be
--   judged). An account with fewer than baseline_days of sign-ins in the export (a 7- or 14-day export) is
--   judged from what it holds once that history is min_history_hours old; its evidence says the baseline is
--   short, and a new address is then medium only from a country the account had not signed in from (low
--   otherwise, high never). One detection per audit record; the user is the account
--   whose methods changed.
-- remediation: Confirm with the user that they registered the method. If not, delete it
--   (Authentication methods in the user's profile), reset the password, revoke sessions and review the
--   account's sign-ins. Require a Temporary Access Pass or a trusted location to register security info.
-- param: new_ip_hours int 48  an address first used this shortly before the registration counts as new, in hours
-- param: baseline_days int 7  history of successful sign-ins this long before makes a full baseline; with less, the evidence says the baseline is short
-- param: min_history_hours int 12  with a short baseline, the account's sign-ins must begin at least this long before the registration (a new hire's first registration does not count)
-- param: lookback_days int 30  days of the changer's sign-ins that show their working hours
-- param: usual_hour_days int 2  days on which the changer signed in within an hour of this time of day that make it a working hour
-- param: shared_ip_users int 10  an address where at least this many accounts signed in successfully in the period is the organisation's own (an office or VPN egress)
WITH regs AS (
    SELECT id, activity_at, activity, actor_upn, actor_ip,
        coalesce(target_upn, actor_upn) AS account, coalesce(actor_upn, target_upn) AS changer
    FROM directory_audits
    WHERE activity_at >= $since AND activity_at < $until
      AND coalesce(result, 'success') = 'success'
      AND lower(activity) IN ('user registered security info', 'user registered all required security info',
                              'admin registered security info', 'user changed default security info',
                              'admin updated security info', 'user started security info registration')
      AND lower(activity) <> 'user started security info registration'
      AND lower(coalesce(result_reason, '')) NOT LIKE '%temporary access pass%'
),
shared AS (
    SELECT ip_address AS ip
    FROM signins
    WHERE created_at >= $since AND created_at < $until AND error_code = 0 AND ip_address IS NOT NULL
    GROUP BY ip_address
    HAVING count(DISTINCT user_principal_name) >= $shared_ip_users
),
first_use AS (
    SELECT user_principal_name, ip_address, min(created_at) AS first_at,
        er_network(any_value(asn), ip_address) AS network, any_value(country) AS country
    FROM signins
    WHERE error_code = 0 AND created_at < $until
      AND user_principal_name IN (SELECT changer FROM regs)
    GROUP BY user_principal_name, ip_address
),
-- The network each registering address belongs to, as the sign-ins from it name it.
reg_net AS (
    SELECT ip_address AS ip, er_network(any_value(asn), ip_address) AS network, any_value(country) AS country
    FROM signins
    WHERE ip_address IN (SELECT actor_ip FROM regs) AND created_at < $until
    GROUP BY ip_address
),
judged AS (
    SELECT r.*,
        r.account IN (SELECT user_principal_name FROM privileged_users) AS privileged,
        (r.actor_ip IN (SELECT ip FROM trusted_ips) OR r.actor_ip IN (SELECT ip FROM shared)
         OR EXISTS (SELECT 1 FROM first_use f WHERE f.user_principal_name = r.changer AND f.ip_address = r.actor_ip
                    AND f.first_at < r.activity_at - $new_ip_hours * INTERVAL '1' HOUR)) AS known_ip,
        EXISTS (SELECT 1 FROM first_use f, reg_net n WHERE n.ip = r.actor_ip AND f.user_principal_name = r.changer
                AND f.network = n.network AND f.first_at < r.activity_at - $new_ip_hours * INTERVAL '1' HOUR) AS known_network,
        EXISTS (SELECT 1 FROM first_use f WHERE f.user_principal_name = r.changer
                AND f.first_at < r.activity_at - $baseline_days * INTERVAL '1' DAY) AS has_baseline,
        (SELECT min(f.first_at) FROM first_use f WHERE f.user_principal_name = r.changer) AS history_from,
        EXISTS (SELECT 1 FROM reg_net n WHERE n.ip = r.actor_ip AND n.country IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM first_use f, reg_net n WHERE n.ip = r.actor_ip AND f.user_principal_name = r.changer
                            AND f.ip_address <> r.actor_ip AND f.country = n.country AND f.first_at < r.activity_at) AS other_country,
        EXISTS (SELECT 1 FROM first_use f WHERE f.user_principal_name = r.changer AND f.ip_address = r.actor_ip
                AND f.first_at <= r.activity_at + INTERVAL '1' HOUR) AS seen,
        er_days_at_hour(r.changer, r.activity_at, $lookback_days) >= $usual_hour_days AS in_hours
    FROM regs r
    WHERE r.account IS NOT NULL
),
scored AS (
    SELECT *, actor_ip IS NOT NULL AND NOT known_ip AND NOT known_network AND history AND seen AS new_ip,
        actor_ip IS NOT NULL AND NOT known_ip AND NOT known_network AND history AND NOT seen AS unseen
    FROM (SELECT *, has_baseline OR history_from < activity_at - $min_history_hours * INTERVAL '1' HOUR AS history FROM judged)
)
SELECT id AS detection_key,
    account AS user_principal_name, actor_ip AS ip_address,
    activity_at AS first_seen, activity_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    CASE WHEN privileged AND new_ip AND has_baseline THEN 'high'
         WHEN new_ip AND (has_baseline OR other_country) THEN 'medium'
         WHEN NOT privileged THEN 'low'
         WHEN NOT (known_ip OR known_network) OR NOT in_hours THEN 'medium'
         ELSE 'low' END AS severity,
    trim(activity) || ' for ' || account || CASE WHEN actor_upn <> account THEN ' by ' || actor_upn ELSE '' END
        || ' at ' || CAST(activity_at AS VARCHAR) || coalesce(' from ' || actor_ip, '')
        || CASE WHEN new_ip THEN ', an address first used by ' || CASE WHEN changer = account THEN 'the account' ELSE changer END
                    || ' within ' || CAST($new_ip_hours AS VARCHAR) || ' hours before'
                WHEN unseen THEN ', an address none of ' || CASE WHEN changer = account THEN 'the account''s' ELSE changer || '''s' END
                    || ' sign-ins in the export come from (it cannot be judged)' ELSE '' END
        || CASE WHEN (new_ip OR unseen) AND NOT has_baseline
                THEN '; a short baseline: the export holds the ' || CASE WHEN changer = account THEN 'account''s' ELSE changer || '''s' END
                    || ' sign-ins only from ' || CAST(history_from AS VARCHAR)
                    || CASE WHEN other_country THEN ', and none from this address''s country' ELSE '' END ELSE '' END
        || CASE WHEN privileged THEN '; the account is privileged'
                    || CASE WHEN new_ip OR unseen THEN ''
                            WHEN NOT (known_ip OR known_network) THEN '; the address cannot be judged (too little sign-in history)'
                            WHEN NOT in_hours THEN '; from a known address, outside the usual hours'
                            ELSE '; from a known address in working hours' END
                ELSE '' END AS evidence,
    CASE WHEN actor_upn <> account THEN account END AS target,
    'directory_audits' AS event_table,
    [id] AS event_ids
FROM scored
WHERE privileged OR new_ip OR unseen
ORDER BY detection_key
