-- Triage decisions become detection states, and open detections become user risk. Run by
-- analyze after the rules and by triage after each decision. $now is the time of the run.
--
-- A detection's state comes from the latest decision that applies to it: one naming the
-- detection, or a user decision (dismiss, confirm-compromised, reactivate) naming its user.
--   resolve → remediated, false-positive → confirmedSafe, dismiss → dismissed: each holds
--     while the detection has no event newer than the decision (new evidence reopens it);
--   ignore → dismissed, for good; confirm-compromised → confirmedCompromised;
--   reactivate → atRisk.

UPDATE detections SET state = 'atRisk';

UPDATE detections AS d SET state = x.state
FROM (
    SELECT detection_id,
        CASE action
            WHEN 'reactivate' THEN 'atRisk'
            WHEN 'ignore' THEN 'dismissed'
            WHEN 'confirm-compromised' THEN 'confirmedCompromised'
            WHEN 'resolve' THEN CASE WHEN last_seen <= decided_at THEN 'remediated' ELSE 'atRisk' END
            WHEN 'false-positive' THEN CASE WHEN last_seen <= decided_at THEN 'confirmedSafe' ELSE 'atRisk' END
            WHEN 'dismiss' THEN CASE WHEN last_seen <= decided_at THEN 'dismissed' ELSE 'atRisk' END
            ELSE 'atRisk'
        END AS state
    FROM (
        SELECT d.detection_id, d.last_seen, t.action, t.decided_at, t.seq
        FROM detections d JOIN triage t ON t.detection_id = d.detection_id
        UNION ALL
        SELECT d.detection_id, d.last_seen, t.action, t.decided_at, t.seq
        FROM detections d JOIN triage t
            ON t.detection_id IS NULL AND t.user_principal_name = d.user_principal_name
    )
    QUALIFY row_number() OVER (PARTITION BY detection_id ORDER BY decided_at DESC, seq DESC) = 1
) AS x
WHERE d.detection_id = x.detection_id;

DELETE FROM user_risk;

-- User risk. Level:
--   high   a compromise chain (a suspicious sign-in of medium or high severity, a replayed session
--          among them, then, within
--          7 days, a persistence change by the same account from an address of that sign-in:
--          a privileged role, an app credential, a consent, an MFA method, mail forwarding or a
--          mailbox delegate; or a medium or high hiding rule, bulk download or bulk mail read);
--          or any open high-severity detection (Microsoft's own high among them); or an
--          analyst's confirm-compromised;
--   medium any open medium detection;
--   low    open low detections only (legacy protocols alone end here).
-- Score: each rule with open detections adds 70 (high), 30 (medium) or 10 (low), plus 5 for
-- each further detection of it (at most 10); a chain adds 30; then the score is held within
-- its level's band (high 70-100, medium 30-69, low 1-29, none 0).
INSERT INTO user_risk
WITH open AS (
    SELECT * FROM detections
    WHERE state IN ('atRisk', 'confirmedCompromised') AND user_principal_name IS NOT NULL
),
access_rules(rule_id) AS (VALUES ('password_spray'), ('brute_force'), ('distributed_password_cracking'),
    ('mfa_fatigue'), ('mfa_denied_fraud'), ('device_code_phishing'), ('impossible_travel'), ('new_country'),
    ('new_asn_privileged'), ('threat_intel_ip'), ('ropc_user_agent'), ('microsoft_risk'),
    -- issue 12, sign-ins: a replayed session, unfamiliar properties, a spray campaign's success
    ('session_replay'), ('unfamiliar_sign_in_properties'), ('spray_campaign')),
persist_rules(rule_id) AS (VALUES ('privileged_role_assigned'), ('app_credential_added'), ('consent_grant_risky'),
    ('mfa_method_registered'), ('inbox_forwarding_external'), ('mailbox_forwarding_external'),
    ('mailbox_delegate_added'),
    -- Unified Audit Log (hiding and collection): in a chain at medium or high only, so that routine
    -- (a sync client filling a new laptop, a filing rule) never completes one.
    ('inbox_rule_hiding'), ('bulk_download'), ('mail_bulk_access'),
    -- directory persistence (issue 12, part B)
    ('app_permission_granted'), ('security_info_removed'), ('temporary_access_pass')),
collection_rules(rule_id) AS (VALUES ('inbox_rule_hiding'), ('bulk_download'), ('mail_bulk_access')),
access_ips AS (
    SELECT DISTINCT e.detection_id, s.ip_address
    FROM detection_events e JOIN signins s ON e.source_table = 'signins' AND s.id = e.event_id
    WHERE e.detection_id IN (SELECT detection_id FROM open WHERE rule_id IN (SELECT rule_id FROM access_rules))
      AND s.ip_address IS NOT NULL
    UNION
    SELECT detection_id, ip_address FROM open WHERE ip_address IS NOT NULL
),
chains AS (
    SELECT a.user_principal_name, a.rule_id AS access_rule, p.rule_id AS persist_rule
    FROM open a JOIN open p ON p.user_principal_name = a.user_principal_name
    WHERE a.rule_id IN (SELECT rule_id FROM access_rules) AND a.severity IN ('medium', 'high')
      AND p.rule_id IN (SELECT rule_id FROM persist_rules)
      AND (p.severity IN ('medium', 'high') OR p.rule_id NOT IN (SELECT rule_id FROM collection_rules))
      AND p.last_seen >= a.first_seen AND p.first_seen <= a.last_seen + INTERVAL 7 DAY
      AND (a.severity = 'high'
           OR p.ip_address IN (SELECT i.ip_address FROM access_ips i WHERE i.detection_id = a.detection_id))
),
chain AS (
    SELECT user_principal_name,
        string_agg(DISTINCT access_rule, ', ' ORDER BY access_rule) || ' then '
            || string_agg(DISTINCT persist_rule, ', ' ORDER BY persist_rule) AS text
    FROM chains GROUP BY user_principal_name
),
per_rule AS (
    SELECT user_principal_name, rule_id,
        max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) AS rank,
        count(*) AS n, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
        bool_or(state = 'confirmedCompromised') AS confirmed
    FROM open GROUP BY user_principal_name, rule_id
),
per_user AS (
    SELECT user_principal_name, max(rank) AS rank, sum(n) AS n,
        sum(CASE rank WHEN 3 THEN 70 WHEN 2 THEN 30 ELSE 10 END + least(10, 5 * (n - 1))) AS raw,
        list(rule_id ORDER BY rule_id) AS rule_ids,
        min(first_seen) AS first_seen, max(last_seen) AS last_seen, bool_or(confirmed) AS confirmed,
        string_agg(CASE WHEN rank = 3 THEN rule_id END, ', ' ORDER BY rule_id) AS high_rules,
        string_agg(CASE WHEN rank = 2 THEN rule_id END, ', ' ORDER BY rule_id) AS medium_rules,
        string_agg(CASE WHEN rank = 1 THEN rule_id END, ', ' ORDER BY rule_id) AS low_rules
    FROM per_rule GROUP BY user_principal_name
),
user_decision AS (
    SELECT user_principal_name, action, decided_at FROM triage
    WHERE detection_id IS NULL AND user_principal_name IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY user_principal_name ORDER BY decided_at DESC, seq DESC) = 1
),
all_detections AS (
    SELECT user_principal_name, count(*) AS n, list(DISTINCT rule_id ORDER BY rule_id) AS rule_ids,
        min(first_seen) AS first_seen, max(last_seen) AS last_seen,
        arg_max(state, last_seen) AS last_state
    FROM detections WHERE user_principal_name IS NOT NULL GROUP BY user_principal_name
),
users AS (
    SELECT user_principal_name FROM all_detections
    UNION
    SELECT user_principal_name FROM user_decision WHERE action = 'confirm-compromised'
),
own AS (
    SELECT u.user_principal_name,
        CASE WHEN ud.action = 'confirm-compromised' OR p.confirmed THEN 4
             WHEN c.user_principal_name IS NOT NULL THEN 3
             ELSE coalesce(p.rank, 0) END AS level_rank,
        coalesce(p.raw, 0) + CASE WHEN c.user_principal_name IS NOT NULL THEN 30 ELSE 0 END AS raw,
        coalesce(p.n, 0) AS open_n,
        coalesce(p.rule_ids, ad.rule_ids, []) AS rule_ids,
        coalesce(p.first_seen, ad.first_seen) AS first_seen,
        coalesce(p.last_seen, ad.last_seen) AS last_seen,
        CASE WHEN ud.action = 'confirm-compromised' OR p.confirmed THEN 'confirmedCompromised'
             WHEN p.user_principal_name IS NOT NULL THEN 'atRisk'
             WHEN ud.action = 'dismiss' THEN 'dismissed'
             ELSE coalesce(ad.last_state, 'atRisk') END AS state,
        nullif(concat_ws('; ',
            CASE WHEN ud.action = 'confirm-compromised' THEN 'confirmed compromised by an analyst' END,
            CASE WHEN c.text IS NOT NULL THEN 'compromise chain: ' || c.text END,
            CASE WHEN p.high_rules IS NOT NULL THEN 'high: ' || p.high_rules END,
            CASE WHEN p.medium_rules IS NOT NULL THEN 'medium: ' || p.medium_rules END,
            CASE WHEN p.low_rules IS NOT NULL THEN 'low: ' || p.low_rules END,
            CASE WHEN p.user_principal_name IS NULL AND ad.user_principal_name IS NOT NULL
                THEN 'no open detections (' || coalesce(ad.last_state, '') || ')' END
        ), '') AS reasons
    FROM users u
    LEFT JOIN per_user p USING (user_principal_name)
    LEFT JOIN chain c USING (user_principal_name)
    LEFT JOIN user_decision ud USING (user_principal_name)
    LEFT JOIN all_detections ad USING (user_principal_name)
),
-- Accounts an at-risk (medium or high) account changed: a role given, an MFA method added, a
-- mailbox opened to them. They are listed at least low (medium when the
-- account that changed them is high), unless an analyst dismissed them after the change.
changed AS (
    SELECT d.target AS user_principal_name,
        max(CASE WHEN o.level_rank >= 3 THEN 2 ELSE 1 END) AS level_rank,
        string_agg(DISTINCT d.user_principal_name, ', ' ORDER BY d.user_principal_name) AS changed_by,
        string_agg(DISTINCT d.rule_id, ', ' ORDER BY d.rule_id) AS rules,
        min(d.first_seen) AS first_seen, max(d.last_seen) AS last_seen
    FROM open d JOIN own o ON o.user_principal_name = d.user_principal_name AND o.level_rank >= 2
    LEFT JOIN user_decision ud ON ud.user_principal_name = d.target
    -- (an app given a credential is a workload identity: service_principal_risk, issue 12 part B)
    WHERE d.rule_id IN ('privileged_role_assigned', 'mfa_method_registered', 'mailbox_delegate_added')
      AND d.target IS NOT NULL AND d.target <> d.user_principal_name
      AND NOT coalesce(ud.action = 'dismiss' AND ud.decided_at >= d.last_seen, false)
    GROUP BY d.target
),
merged AS (
    SELECT coalesce(o.user_principal_name, c.user_principal_name) AS user_principal_name,
        greatest(coalesce(o.level_rank, 0), coalesce(c.level_rank, 0)) AS level_rank,
        coalesce(o.raw, 0) + CASE WHEN c.user_principal_name IS NOT NULL THEN 10 ELSE 0 END AS raw,
        coalesce(o.open_n, 0) AS open_n,
        coalesce(o.rule_ids, []) AS rule_ids,
        least(o.first_seen, c.first_seen) AS first_seen,
        greatest(o.last_seen, c.last_seen) AS last_seen,
        CASE WHEN o.state IS NULL THEN 'atRisk'
             WHEN c.user_principal_name IS NOT NULL AND o.state NOT IN ('atRisk', 'confirmedCompromised') THEN 'atRisk'
             ELSE o.state END AS state,
        nullif(concat_ws('; ', o.reasons,
            CASE WHEN c.user_principal_name IS NOT NULL
                THEN 'changed by at-risk account ' || c.changed_by || ' (' || c.rules || ')' END), '') AS reasons,
        c.changed_by
    FROM own o FULL JOIN changed c USING (user_principal_name)
)
SELECT user_principal_name,
    CASE WHEN level_rank >= 3 THEN 'high' WHEN level_rank = 2 THEN 'medium' WHEN level_rank = 1 THEN 'low' ELSE 'none' END,
    state,
    CASE WHEN level_rank = 4 THEN 100
         WHEN level_rank = 3 THEN least(100, greatest(70, raw))
         WHEN level_rank = 2 THEN least(69, greatest(30, raw))
         WHEN level_rank = 1 THEN least(29, greatest(1, raw))
         ELSE 0 END,
    open_n, rule_ids, first_seen, last_seen, reasons, changed_by, $now
FROM merged
ORDER BY 1;
