package analyze

import (
	"context"
	"testing"
	"time"
)

// benchUAL makes $n Unified Audit Log records of 5,000 users over 30 days, as ingest stores them
// (app_id, item_count, access_type, mailbox_owner filled): 60 % Outlook's MailItemsAccessed, 25 %
// downloads, the rest other operations; a nightly backup app; 200,000 sign-ins; and a planted bulk
// download, mail read and hiding rule after a foreign sign-in.
const benchUAL = `
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, ip_address, country, asn, error_code,
    source_format, source_file, ingested_at, load_id)
SELECT 'bs' || i, TIMESTAMP '2026-01-01 00:00:00' + (i * 2592000 // 200000) * INTERVAL '1' SECOND, 'interactive',
    'user' || (i % 5000) || '@contoso.com', 'member', '10.' || (i % 5000 % 250) || '.' || (i % 5000 // 250) || '.7', 'GB', 2856, 0,
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1
FROM range(200000) t(i);

INSERT INTO unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, object_id, audit_data,
    source_format, source_file, ingested_at, load_id, app_id, mailbox_owner, item_count, access_type, throttled)
SELECT 'bu' || i, TIMESTAMP '2026-01-01 00:00:00' + (i * 2592000 // $n) * INTERVAL '1' SECOND,
    CASE WHEN k < 60 THEN 'ExchangeItemAggregated' WHEN k < 85 THEN 'SharePointFileOperation' ELSE 'ExchangeItem' END,
    CASE WHEN k < 60 THEN 'MailItemsAccessed' WHEN k < 80 THEN 'FileDownloaded' WHEN k < 85 THEN 'FileSyncDownloadedPartial' ELSE 'Send' END,
    CASE WHEN k < 60 OR k >= 85 THEN 'Exchange' ELSE 'OneDrive' END,
    'user' || u || '@contoso.com', '10.' || (u % 250) || '.' || (u // 250) || '.9',
    CASE WHEN k >= 60 AND k < 85 THEN 'https://contoso-my.sharepoint.com/personal/user' || u || '/f' || (i % 997) || '.docx' END,
    '{"ClientInfoString":"Client=MSExchangeRPC","UserAgent":"Mozilla/5.0"}',
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1,
    CASE WHEN k < 60 THEN 'd3590ed6-52b3-4102-aeff-aad2292ab01c' END, CASE WHEN k < 60 THEN 'user' || u || '@contoso.com' END,
    CASE WHEN k < 60 THEN 1 + i % 8 END, CASE WHEN k < 60 THEN CASE WHEN i % 11 = 0 THEN 'Sync' ELSE 'Bind' END END,
    CASE WHEN k < 60 THEN false END
FROM (SELECT i, hash(i) % 5000 AS u, hash(i * 7 + 3) % 100 AS k FROM range($n) t(i));

INSERT INTO unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, audit_data,
    source_format, source_file, ingested_at, load_id, app_id, mailbox_owner, item_count, access_type, throttled)
SELECT 'bb' || d || '-' || u, TIMESTAMP '2026-01-01 01:00:00' + d * INTERVAL '1' DAY + u * INTERVAL '1' SECOND, 'ExchangeItemAggregated',
    'MailItemsAccessed', 'Exchange', '0c6f3a2e-7b1d-4e9a-9d2c-5f8e1a3b4c7d', '3.208.1.1', '{}', 'bench', 'bench',
    TIMESTAMP '2026-02-01 00:00:00', 1, '5d8e9f10-2b3c-4d5e-8f90-a1b2c3d4e5f6', 'user' || u || '@contoso.com', 5, 'Bind', false
FROM range(30) a(d), range(5000) b(u);

INSERT INTO signins (id, created_at, category, user_principal_name, user_type, ip_address, country, asn, error_code,
    source_format, source_file, ingested_at, load_id)
VALUES ('bs-x', TIMESTAMP '2026-01-25 10:00:00', 'interactive', 'user42@contoso.com', 'member', '203.0.113.66', 'NL', 60781, 0,
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1);
INSERT INTO unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, object_id, audit_data,
    source_format, source_file, ingested_at, load_id, app_id, mailbox_owner, item_count, access_type, throttled)
SELECT 'bx' || i, TIMESTAMP '2026-01-25 10:10:00' + i * INTERVAL '5' SECOND,
    CASE WHEN i < 300 THEN 'SharePointFileOperation' ELSE 'ExchangeItemAggregated' END,
    CASE WHEN i < 300 THEN 'FileDownloaded' ELSE 'MailItemsAccessed' END, 'SharePoint', 'user42@contoso.com', '203.0.113.66',
    CASE WHEN i < 300 THEN 'https://contoso.sharepoint.com/sites/Finance/x' || i || '.xlsx' END, '{"UserAgent":"python-requests/2.32.3"}',
    'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1,
    CASE WHEN i >= 300 THEN '9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d' END, CASE WHEN i >= 300 THEN 'user42@contoso.com' END,
    CASE WHEN i >= 300 THEN 50 END, CASE WHEN i >= 300 THEN 'Bind' END, CASE WHEN i >= 300 THEN false END
FROM range(320) t(i);
INSERT INTO unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, parameters, audit_data,
    source_format, source_file, ingested_at, load_id)
VALUES ('bx-rule', TIMESTAMP '2026-01-25 10:40:00', 'ExchangeAdmin', 'New-InboxRule', 'Exchange', 'user42@contoso.com', '203.0.113.66',
    '[{"name":"Name","value":"."},{"name":"SubjectContainsWords","value":"invoice"},{"name":"MoveToFolder","value":"RSS Subscriptions"}]',
    '{}', 'bench', 'bench', TIMESTAMP '2026-02-01 00:00:00', 1);
`

// BenchmarkAnalyzeUAL1M runs the Unified Audit Log rules over 1,000,000 UAL records and 200,000
// sign-ins; the other rules are disabled so that the figures are these rules' own.
func BenchmarkAnalyzeUAL1M(b *testing.B) {
	ctx := context.Background()
	st := newStore(b)
	loadBench(b, st.DB, benchUAL, 1_000_000)
	rules, err := Rules()
	if err != nil {
		b.Fatal(err)
	}
	s := Settings{Disabled: map[string]bool{}}
	for _, r := range rules {
		if r.Source != "unified_audit" {
			s.Disabled[r.ID] = true
		}
	}
	b.ResetTimer()
	var res *Result
	for i := 0; i < b.N; i++ {
		res, err = Run(ctx, st.DB, Options{Settings: s, Now: func() time.Time { return fixtureNow }})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	found := map[string]int{}
	for _, rc := range res.Rules {
		found[rc.Rule] = rc.High
		b.Logf("%-30s %8.1f ms  low %d medium %d high %d", rc.Rule, float64(rc.Elapsed.Microseconds())/1000, rc.Low, rc.Medium, rc.High)
	}
	for _, id := range ualRules {
		if found[id] == 0 {
			b.Errorf("%s: got no high detection; want the planted one found", id)
		}
	}
}
