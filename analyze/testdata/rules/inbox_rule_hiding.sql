-- Fires: megan's rule "." moves invoice mail to RSS Subscriptions and marks it read, 20 minutes after a
--   sign-in from Romania on a hosting network (high); nick's Outlook rule ".." deletes mail about being
--   hacked, from his usual network (medium); olga's rule sends all mail to Archive read, after a sign-in
--   Microsoft rated medium (high); pat's Set-InboxRule moves mail to Conversation History from an address
--   he never signed in from (medium); quinn's "." rule follows a sign-in from a new country but quinn's
--   history is two days long (medium, the evidence says why); rita files receipts from the tenant's own
--   billing address to Archive from home (low); sam's Outlook rule (OfficeActivity form: OperationProperties
--   as JSON text) moves security alerts to a folder it does not name, after a sign-in from a new network (high).
-- Near-miss: nearmiss-news moves newsletters to a folder of their own; nearmiss-archive files a
--   colleague's mail to Archive from the office; nearmiss-remove removes a rule; nearmiss-failed's rule
--   failed; nearmiss-block deletes a vendor's offers from home; nearmiss-modify is an Outlook resync of an
--   existing rule (no body).
INSERT INTO fx_signins (id, created_at, user_principal_name, user_type, ip_address, country, asn, error_code, risk_level_during_signin) VALUES
    ('ih-m1', TIMESTAMP '2026-03-01 09:00:00', 'megan@contoso.com', 'member', '203.0.113.10', 'US', 7922, 0, 'none'),
    ('ih-m2', TIMESTAMP '2026-03-10 09:00:00', 'megan@contoso.com', 'member', '203.0.113.10', 'US', 7922, 0, 'none'),
    ('ih-m3', TIMESTAMP '2026-03-15 09:00:00', 'megan@contoso.com', 'member', '192.0.2.66', 'RO', 9009, 0, 'none'),
    ('ih-n1', TIMESTAMP '2026-03-01 09:00:00', 'nick@contoso.com', 'member', '203.0.113.21', 'US', 7922, 0, 'none'),
    ('ih-n2', TIMESTAMP '2026-03-14 09:00:00', 'nick@contoso.com', 'member', '203.0.113.21', 'US', 7922, 0, 'none'),
    ('ih-o1', TIMESTAMP '2026-03-01 09:00:00', 'olga@contoso.com', 'member', '203.0.113.30', 'GB', 2856, 0, 'none'),
    ('ih-o2', TIMESTAMP '2026-03-15 07:00:00', 'olga@contoso.com', 'member', '203.0.113.30', 'GB', 2856, 0, 'medium'),
    ('ih-p1', TIMESTAMP '2026-03-01 09:00:00', 'pat@contoso.com', 'member', '203.0.113.40', 'US', 7018, 0, 'none'),
    ('ih-p2', TIMESTAMP '2026-03-14 09:00:00', 'pat@contoso.com', 'member', '203.0.113.40', 'US', 7018, 0, 'none'),
    ('ih-q1', TIMESTAMP '2026-03-14 09:00:00', 'quinn@contoso.com', 'member', '203.0.113.50', 'US', 7922, 0, 'none'),
    ('ih-q2', TIMESTAMP '2026-03-15 09:00:00', 'quinn@contoso.com', 'member', '192.0.2.55', 'NG', 29465, 0, 'none'),
    ('ih-r1', TIMESTAMP '2026-03-01 09:00:00', 'rita@contoso.com', 'member', '203.0.113.60', 'US', 7922, 0, 'none'),
    ('ih-r2', TIMESTAMP '2026-03-14 09:00:00', 'rita@contoso.com', 'member', '203.0.113.60', 'US', 7922, 0, 'none'),
    ('ih-s1', TIMESTAMP '2026-03-05 09:00:00', 'sam@contoso.com', 'member', '203.0.113.70', 'US', 7922, 0, 'none'),
    ('ih-s2', TIMESTAMP '2026-03-16 10:00:00', 'sam@contoso.com', 'member', '192.0.2.77', 'US', 14061, 0, 'none'),
    ('ih-x1', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-archive@contoso.com', 'member', '198.51.100.6', 'US', 3356, 0, 'none'),
    ('ih-x2', TIMESTAMP '2026-03-14 09:00:00', 'nearmiss-archive@contoso.com', 'member', '198.51.100.6', 'US', 3356, 0, 'none'),
    ('ih-x3', TIMESTAMP '2026-03-01 09:00:00', 'nearmiss-block@contoso.com', 'member', '198.51.100.20', 'US', 7922, 0, 'none'),
    ('ih-x4', TIMESTAMP '2026-03-14 09:00:00', 'nearmiss-block@contoso.com', 'member', '198.51.100.20', 'US', 7922, 0, 'none');
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, user_id, client_ip, result_status, object_id, parameters, audit_data) VALUES
    ('ih-1', TIMESTAMP '2026-03-15 09:20:00', 'ExchangeAdmin', 'New-InboxRule', 'megan@contoso.com', '192.0.2.66', 'True', 'contoso.onmicrosoft.com/megan\.',
     '[{"name":"AlwaysDeleteOutlookRulesBlob","value":"False"},{"name":"Force","value":"False"},{"name":"Name","value":"."},{"name":"SubjectOrBodyContainsWords","value":"invoice;payment"},{"name":"MoveToFolder","value":"RSS Subscriptions"},{"name":"MarkAsRead","value":"True"},{"name":"StopProcessingRules","value":"True"}]',
     '{"Operation":"New-InboxRule","ClientIP":"192.0.2.66:50123"}'),
    ('ih-2', TIMESTAMP '2026-03-14 10:00:00', 'ExchangeItem', 'UpdateInboxRules', 'nick@contoso.com', '203.0.113.22', 'Succeeded', NULL, NULL,
     '{"Operation":"UpdateInboxRules","MailboxOwnerUPN":"nick@contoso.com","OperationProperties":[{"Name":"RuleOperation","Value":"AddMailboxRule"},{"Name":"RuleName","Value":".."},{"Name":"RuleCondition","Value":"((Subject Contains \"hacked\"))"},{"Name":"RuleActions","Value":"[{\"ActionType\":\"Delete\"}]"}]}'),
    ('ih-3', TIMESTAMP '2026-03-15 08:00:00', 'ExchangeAdmin', 'New-InboxRule', 'olga@contoso.com', '203.0.113.30', 'True', NULL,
     '[{"name":"Name","value":"Archive everything"},{"name":"MoveToFolder","value":"olga@contoso.com:\\Archive"},{"name":"MarkAsRead","value":"True"}]', '{}'),
    ('ih-4', TIMESTAMP '2026-03-14 11:00:00', 'ExchangeAdmin', 'Set-InboxRule', 'pat@contoso.com', '192.0.2.99', 'True', NULL,
     '[{"name":"Identity","value":"pat\\Updates"},{"name":"MoveToFolder","value":"Conversation History"}]', '{}'),
    ('ih-5', TIMESTAMP '2026-03-15 09:30:00', 'ExchangeAdmin', 'New-InboxRule', 'quinn@contoso.com', '192.0.2.55', 'True', NULL,
     '[{"name":"Name","value":"."},{"name":"SubjectContainsWords","value":"wire transfer"},{"name":"MoveToFolder","value":"Deleted Items"}]', '{}'),
    ('ih-6', TIMESTAMP '2026-03-14 12:00:00', 'ExchangeAdmin', 'New-InboxRule', 'rita@contoso.com', '203.0.113.61', 'True', NULL,
     '[{"name":"Name","value":"Receipts"},{"name":"From","value":"billing@contoso.com"},{"name":"SubjectContainsWords","value":"receipt"},{"name":"MoveToFolder","value":"Archive"}]', '{}'),
    ('ih-7', TIMESTAMP '2026-03-16 10:30:00', 'ExchangeItem', 'UpdateInboxRules', 'sam@contoso.com', '192.0.2.77', 'Succeeded', NULL, NULL,
     '{"Operation":"UpdateInboxRules","MailboxOwnerUPN":"sam@contoso.com","OperationProperties":"[{\"Name\":\"RuleOperation\",\"Value\":\"AddMailboxRule\"},{\"Name\":\"RuleName\",\"Value\":\"Security\"},{\"Name\":\"RuleCondition\",\"Value\":\"((Subject Contains \\\"security alert\\\"))\"},{\"Name\":\"RuleActions\",\"Value\":\"[{\\\"ActionType\\\":\\\"Move\\\",\\\"DestinationFolderId\\\":\\\"LgAAAAB\\\",\\\"FolderIsInThisStore\\\":\\\"True\\\"}]\"}]"}'),
    ('ih-x1', TIMESTAMP '2026-03-14 10:00:00', 'ExchangeAdmin', 'New-InboxRule', 'nearmiss-news@contoso.com', '198.51.100.30', 'True', NULL,
     '[{"name":"Name","value":"Newsletters"},{"name":"SubjectContainsWords","value":"newsletter;digest"},{"name":"MoveToFolder","value":"Newsletters"}]', '{}'),
    ('ih-x2', TIMESTAMP '2026-03-14 10:30:00', 'ExchangeAdmin', 'New-InboxRule', 'nearmiss-archive@contoso.com', '198.51.100.7', 'True', NULL,
     '[{"name":"Name","value":"From Alex"},{"name":"From","value":"alex@contoso.com"},{"name":"MoveToFolder","value":"Archive"}]', '{}'),
    ('ih-x3', TIMESTAMP '2026-03-14 11:00:00', 'ExchangeItem', 'UpdateInboxRules', 'nearmiss-remove@contoso.com', '198.51.100.40', 'Succeeded', NULL, NULL,
     '{"Operation":"UpdateInboxRules","OperationProperties":[{"Name":"RuleOperation","Value":"RemoveMailboxRule"},{"Name":"RuleName","Value":"."},{"Name":"RuleActions","Value":"[{\"ActionType\":\"Delete\"}]"}]}'),
    ('ih-x4', TIMESTAMP '2026-03-14 11:30:00', 'ExchangeAdmin', 'New-InboxRule', 'nearmiss-failed@contoso.com', '198.51.100.41', 'False', NULL,
     '[{"name":"Name","value":"."},{"name":"SubjectContainsWords","value":"invoice"},{"name":"DeleteMessage","value":"True"}]', '{}'),
    ('ih-x5', TIMESTAMP '2026-03-14 12:00:00', 'ExchangeAdmin', 'New-InboxRule', 'nearmiss-block@contoso.com', '198.51.100.21', 'True', NULL,
     '[{"name":"Name","value":"Block deals"},{"name":"From","value":"deals@offers-vendor.example"},{"name":"DeleteMessage","value":"True"}]', '{}'),
    ('ih-x6', TIMESTAMP '2026-03-14 12:30:00', 'ExchangeItem', 'UpdateInboxRules', 'nearmiss-modify@contoso.com', '198.51.100.42', 'Succeeded', NULL, NULL,
     '{"Operation":"UpdateInboxRules","OperationProperties":[{"Name":"RuleOperation","Value":"ModifyMailboxRule"},{"Name":"RuleId","Value":"1234"},{"Name":"RuleName","Value":""},{"Name":"RuleCondition","Value":"{}"},{"Name":"RuleActions","Value":"[]"}]}');
