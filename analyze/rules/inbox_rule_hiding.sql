-- id: inbox_rule_hiding
-- title: Inbox rule hides or deletes mail
-- severity: medium
-- tactic: Defense Evasion, Collection
-- technique: T1564.008, T1137.005
-- source: unified_audit
-- follows: Microsoft Sentinel analytics rule "Malicious Inbox Rule" (New-InboxRule that deletes or moves to
--   Deleted Items or Junk Email mail whose subject or body holds words such as phishing, suspicious,
--   hijacked), Elastic's "Microsoft 365 Suspicious Inbox Rule to Delete or Move Emails" (invoice, payment,
--   wire, security, ... moved to Deleted Items, Junk or RSS) and "M365 Exchange Inbox Rule with Obfuscated
--   Name" (a rule name of punctuation only), and Microsoft's business email compromise guidance (rules that
--   move mail to RSS Subscriptions, Conversation History or Archive and mark it read).
-- description: An inbox rule (New-InboxRule, Set-InboxRule, or UpdateInboxRules from an Outlook client)
--   that hides mail from its owner: it moves it to RSS Feeds, RSS Subscriptions, Conversation History,
--   Archive, Deleted Items or Junk Email, marks it read, or deletes it. Medium when it does so for mail about
--   money or security (the keywords), for all mail, or under a name of one or two characters or punctuation
--   only; high when, besides, the account signed in shortly before from a country or network (ASN) it had not
--   used in the look-back, or with a sign-in Microsoft rated medium or high risk. Low when the only signs are
--   a folder people rarely file into (RSS, Conversation History) or an address the account never signed in
--   from; a rule for mail from the tenant's own senders, made from the account's usual network, is low at
--   most; filing rules with ordinary names from the usual network are not findings. When the account has
--   less sign-in history than the minimum, the evidence says so and new countries or networks are not
--   judged. One detection per audit record.
-- remediation: Remove the rule (Get-InboxRule -Mailbox <user> | Remove-InboxRule, or in Outlook), look in
--   the folder it fed for the mail it hid, and if the account did not make it: revoke sessions, reset the
--   password, review MFA methods, and search the mailbox audit for other rules, forwarding and mail sent.
-- param: keywords text `invoice|payment|paid\b|wire|bank|remit|transfer|swift|iban|\bach\b|payroll|direct deposit|\bw-?[29]\b|receipt|purchase order|statement|password|credential|phish|hack|compromis|security|secure|suspicious|fraud|scam|malware|virus|alert|help ?desk|it support|unusual|\bsign-?in\b|\blog-?in\b|\bmfa\b|verif|do not (click|open)|fake|malicious|hijack`  words (a regular expression over the rule's conditions and name) that make a hiding rule a finding
-- param: after_signin_hours int 24  hours after a sign-in from a new country or network within which the rule is high
-- param: lookback_days int 14  days of sign-in history that make a country, network or address familiar
-- param: min_history_days int 5  days of sign-in history an account needs before new countries and networks are judged
WITH changes AS (
    SELECT id, created_at, operation, user_id, client_ip, object_id, parameters, audit_data,
        lower(operation) = 'updateinboxrules' AS outlook,
        -- (the CASE keeps the JSON from being read for every record when the filter is pushed down)
        CASE WHEN operation = 'UpdateInboxRules' THEN lower(coalesce(er_ual_prop(audit_data, 'RuleOperation'), '')) ELSE '' END AS rule_op
    FROM unified_audit
    WHERE created_at >= $since AND created_at < $until
      AND operation IN ('New-InboxRule', 'Set-InboxRule', 'UpdateInboxRules')
      AND coalesce(lower(result_status), 'true') NOT IN ('false', 'failed', 'failure')
),
parsed AS (
    SELECT id, created_at, operation, user_id, client_ip, outlook,
        coalesce(er_param(parameters, 'Name'), er_ual_prop(audit_data, 'RuleName'),
            regexp_extract(coalesce(er_param(parameters, 'Identity'), object_id, ''), '([^\\/]*)$', 1)) AS rule_name,
        lower(coalesce(er_param(parameters, 'Mailbox'), er_text(json_extract_string(audit_data, '$.MailboxOwnerUPN')), user_id)) AS mailbox,
        concat_ws('; ', er_param(parameters, 'SubjectContainsWords'), er_param(parameters, 'SubjectOrBodyContainsWords'),
            er_param(parameters, 'BodyContainsWords'), er_param(parameters, 'FromAddressContainsWords'),
            er_param(parameters, 'HeaderContainsWords'), er_param(parameters, 'RecipientAddressContainsWords'),
            er_ual_prop(audit_data, 'RuleCondition')) AS words,
        er_param(parameters, 'From') AS from_senders,
        CASE WHEN lower(operation) = 'new-inboxrule' THEN NOT regexp_matches(lower(coalesce(CAST(parameters AS VARCHAR), '')),
                '"name":"(from|fromaddresscontainswords|sentto|subjectcontainswords|subjectorbodycontainswords|bodycontainswords|'
                || 'headercontainswords|recipientaddresscontainswords|hasattachment|mynamein\w*|mynamenotintobox|sentonlytome|'
                || 'flaggedforaction|withimportance|withsensitivity|messagetypematches|fromsubscription|hasclassification|'
                || 'withinsizerange\w*|receivedafterdate|receivedbeforedate)"')
             WHEN outlook THEN rule_op = 'addmailboxrule' AND trim(coalesce(er_ual_prop(audit_data, 'RuleCondition'), ''), '{}[]() ') = ''
             ELSE false END AS all_mail,
        trim(regexp_extract(coalesce(er_param(parameters, 'MoveToFolder'), ''), '([^\\:]*)$', 1)) AS folder,
        lower(coalesce(er_ual_prop(audit_data, 'RuleActions'), '')) AS outlook_actions,
        lower(coalesce(er_param(parameters, 'DeleteMessage'), '')) = 'true'
            OR lower(coalesce(er_param(parameters, 'SoftDeleteMessage'), '')) = 'true' AS deletes_param,
        lower(coalesce(er_param(parameters, 'MarkAsRead'), '')) = 'true' AS reads_param
    FROM changes
    WHERE rule_op NOT IN ('removemailboxrule')
),
actions AS (
    SELECT *,
        deletes_param OR (outlook AND outlook_actions LIKE '%delete%') AS deletes,
        reads_param OR (outlook AND (outlook_actions LIKE '%markasread%' OR outlook_actions LIKE '%mark as read%')) AS marks_read,
        coalesce(nullif(folder, ''),
            CASE WHEN outlook THEN nullif(regexp_extract(outlook_actions,
                'rss feeds|rss subscriptions|conversation history|deleted items|junk e-?mail|archive', 0), '') END) AS hide_to,
        outlook AND outlook_actions LIKE '%move%' AS moves_unnamed
    FROM parsed
),
hiding AS (
    SELECT *,
        coalesce(lower(hide_to) IN ('rss feeds', 'rss subscriptions', 'conversation history', 'archive', 'deleted items',
            'junk email', 'junk e-mail'), false) AS to_hidden_folder,
        coalesce(lower(hide_to) IN ('rss feeds', 'rss subscriptions', 'conversation history'), false) AS to_odd_folder,
        regexp_matches(lower(coalesce(words, '') || ' ' || coalesce(rule_name, '')), $keywords) AS keyword,
        rule_name IS NOT NULL AND (length(trim(rule_name)) <= 2 OR NOT regexp_matches(rule_name, '[[:alnum:]]')) AS odd_name
    FROM actions
),
candidates AS (
    SELECT * FROM hiding
    WHERE to_hidden_folder OR deletes OR marks_read OR (moves_unnamed AND (keyword OR odd_name))
),
sender_addresses AS (
    SELECT c.id, a.addr
    FROM candidates c,
        unnest(regexp_extract_all(lower(coalesce(c.from_senders, '')), '[a-z0-9._%+''-]+@[a-z0-9.-]+\.[a-z]{2,}')) AS a(addr)
),
senders AS (
    SELECT id, count(*) AS n, count(*) FILTER (WHERE internal) AS internal
    FROM (SELECT id, er_internal_domain(split_part(addr, '@', 2)) AS internal FROM sender_addresses)
    GROUP BY id
),
-- The account's sign-ins: which networks it uses, and whether a sign-in shortly before the rule came
-- from a country or network (ASN) new for it, or was rated risky by Microsoft.
signin_ok AS (
    SELECT s.id, s.created_at, s.user_principal_name AS u, s.ip_address, er_net(s.ip_address) AS net, s.country, s.asn,
        coalesce(s.risk_level_during_signin, s.risk_level_aggregated) AS risk_level,
        lower(coalesce(s.risk_level_during_signin, '')) IN ('medium', 'high')
            OR lower(coalesce(s.risk_level_aggregated, '')) IN ('medium', 'high') AS ms_risk,
        lag(s.created_at) OVER (PARTITION BY s.user_principal_name, s.country ORDER BY s.created_at, s.id) AS prev_country,
        lag(s.created_at) OVER (PARTITION BY s.user_principal_name, s.asn ORDER BY s.created_at, s.id) AS prev_asn,
        min(s.created_at) OVER (PARTITION BY s.user_principal_name) AS first_ok
    FROM signins s
    WHERE s.error_code = 0 AND s.category IN ('interactive', 'non_interactive')
      AND s.user_principal_name IN (SELECT user_id FROM candidates)
      AND s.created_at >= $since - $lookback_days * INTERVAL '1' DAY - $after_signin_hours * INTERVAL '1' HOUR
      AND s.created_at < $until
),
signin_new AS (
    SELECT *,
        first_ok > created_at - $min_history_days * INTERVAL '1' DAY AS short_history,
        country IS NOT NULL AND (prev_country IS NULL OR prev_country < created_at - $lookback_days * INTERVAL '1' DAY) AS new_country,
        coalesce(asn, 0) > 0 AND (prev_asn IS NULL OR prev_asn < created_at - $lookback_days * INTERVAL '1' DAY) AS new_asn
    FROM signin_ok
    WHERE ip_address IS NULL OR ip_address NOT IN (SELECT ip FROM trusted_ips)
),
before AS (
    SELECT * FROM (
        SELECT c.id AS change_id, f.*,
            row_number() OVER (PARTITION BY c.id ORDER BY f.ip_address = c.client_ip DESC, f.ms_risk DESC, f.new_country DESC,
                f.created_at DESC, f.id) AS rn
        FROM candidates c
        JOIN signin_new f ON f.u = c.user_id AND f.created_at <= c.created_at
            AND f.created_at >= c.created_at - $after_signin_hours * INTERVAL '1' HOUR
        WHERE f.ms_risk OR (NOT f.short_history AND (f.new_country OR f.new_asn))
    ) WHERE rn = 1
),
-- The address's network as the account's own sign-ins from it show it (mobile carriers hand out
-- addresses from many /24s of one network).
ip_asn AS (
    SELECT c.id, max(f.asn) AS asn
    FROM candidates c JOIN signin_ok f ON f.u = c.user_id AND f.ip_address = c.client_ip AND f.created_at <= c.created_at
    GROUP BY c.id
),
context AS (
    SELECT c.id,
        min(f.first_ok) AS first_ok,
        bool_or((f.net = er_net(c.client_ip) OR f.asn = i.asn) AND f.created_at < c.created_at - $after_signin_hours * INTERVAL '1' HOUR
            AND f.created_at >= c.created_at - $lookback_days * INTERVAL '1' DAY) AS familiar
    FROM candidates c
    LEFT JOIN ip_asn i ON i.id = c.id
    JOIN signin_ok f ON f.u = c.user_id AND f.created_at <= c.created_at
    GROUP BY c.id
),
judged AS (
    SELECT c.*, b.created_at AS signin_at, b.ip_address AS signin_ip, b.country AS signin_country, b.asn AS signin_asn,
        b.new_country, b.new_asn, b.ms_risk, b.risk_level,
        x.first_ok, coalesce(x.familiar, false) AS familiar, x.id IS NOT NULL AS has_signins,
        coalesce(x.first_ok <= c.created_at - $min_history_days * INTERVAL '1' DAY, false) AS judged,
        coalesce(s.n > 0 AND s.internal = s.n, false) AS internal_senders,
        (c.keyword OR c.odd_name OR c.all_mail) AS telling,
        (c.to_hidden_folder OR c.deletes OR c.marks_read) AS hides
    FROM candidates c
    LEFT JOIN before b ON b.change_id = c.id
    LEFT JOIN context x ON x.id = c.id
    LEFT JOIN senders s ON s.id = c.id
),
rated AS (
    SELECT *,
        CASE
            WHEN telling AND signin_at IS NOT NULL AND (hides OR moves_unnamed) THEN 'high'
            WHEN telling AND hides AND internal_senders AND familiar THEN 'low'
            WHEN telling AND hides THEN 'medium'
            WHEN signin_at IS NOT NULL AND hides THEN 'medium'
            WHEN to_odd_folder AND judged AND NOT familiar THEN 'medium'
            WHEN telling THEN 'low'
            WHEN to_odd_folder THEN 'low'
            WHEN judged AND NOT familiar AND hides THEN 'low'
        END AS level
    FROM judged
)
SELECT id AS detection_key,
    user_id AS user_principal_name, client_ip AS ip_address,
    created_at AS first_seen, created_at AS last_seen, CAST(1 AS BIGINT) AS event_count,
    level AS severity,
    coalesce(user_id, 'an unknown user') || ' made an inbox rule' || coalesce(' "' || rule_name || '"', '') || ' (' || operation || ')'
        || CASE WHEN mailbox IS NOT NULL AND mailbox <> coalesce(user_id, '') THEN ' on the mailbox ' || mailbox ELSE '' END
        || CASE WHEN all_mail THEN ' for all incoming mail'
                WHEN coalesce(words, '') <> '' THEN ' for mail matching "' || left(words, 200) || '"'
                ELSE '' END
        || ' that ' || regexp_replace(concat_ws(', ',
            CASE WHEN hide_to IS NOT NULL THEN 'moves mail to ' || hide_to END,
            CASE WHEN moves_unnamed AND hide_to IS NULL THEN 'moves mail to a folder the record does not name' END,
            CASE WHEN marks_read THEN 'marks it read' END,
            CASE WHEN deletes THEN 'deletes it' END), ', ([^,]*)$', ' and \1')
        || concat_ws('', CASE WHEN keyword THEN '; money or security words' END,
            CASE WHEN odd_name THEN '; a rule name of ' || CAST(length(trim(rule_name)) AS VARCHAR) || ' character(s) or punctuation only' END,
            CASE WHEN internal_senders THEN '; only for the tenant''s own senders' END)
        || ', at ' || CAST(created_at AS VARCHAR) || coalesce(' from ' || client_ip, '')
        || CASE WHEN client_ip IS NULL OR NOT judged THEN ''
                WHEN familiar THEN ', a network the account signed in from'
                ELSE ', a network the account had not signed in from in the previous ' || CAST($lookback_days AS VARCHAR) || ' days' END
        || er_signin_before(signin_at, created_at, signin_ip, signin_country, signin_asn, new_country, new_asn, ms_risk, risk_level)
        || CASE WHEN NOT has_signins THEN '; no sign-ins of the account to compare with'
                WHEN first_ok > created_at - $min_history_days * INTERVAL '1' DAY
                    THEN '; the account''s sign-in history is short (from ' || CAST(first_ok AS VARCHAR) || ', under '
                        || CAST($min_history_days AS VARCHAR) || ' days): new countries and networks not judged'
                ELSE '' END AS evidence,
    mailbox AS target,
    'unified_audit' AS event_table,
    [id] AS event_ids
FROM rated
WHERE level IS NOT NULL
ORDER BY detection_key
