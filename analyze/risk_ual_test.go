package analyze

import (
	"strings"
	"testing"
)

// ualRiskScenario: walt redeems a device code from an address in his own country and network, and
// from that address an inbox rule "." starts hiding his invoices (a medium hiding rule: with the
// device code, a chain: high); xena signs in from a new
// country, and three days later, still there, her OneDrive sync client fills a new laptop (the sync
// is low and completes no chain: medium).
const ualRiskScenario = `
INSERT INTO fx_signins BY NAME
SELECT 'ur-' || u.name || '-' || i AS id, TIMESTAMP '2026-02-25 09:00:00' + i * INTERVAL 1 DAY AS created_at,
    u.name || '@contoso.com' AS user_principal_name, 'member' AS user_type, u.ip AS ip_address, 0 AS error_code,
    'GB' AS country, 2856 AS asn
FROM (VALUES ('walt', '203.0.113.50'), ('xena', '203.0.113.60')) u(name, ip), range(18) t(i);
INSERT INTO fx_signins (id, created_at, user_principal_name, user_type, ip_address, error_code, country, asn, authentication_protocol) VALUES
    ('ur-walt-dc', TIMESTAMP '2026-03-15 10:00:00', 'walt@contoso.com', 'member', '192.0.2.51', 0, 'GB', 2856, 'deviceCode'),
    ('ur-xena-ng', TIMESTAMP '2026-03-12 03:00:00', 'xena@contoso.com', 'member', '192.0.2.121', 0, 'NG', 29465, 'none');
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, object_id, audit_data)
SELECT 'ur-' || a.who || '-' || i, a.at0 + i * INTERVAL 6 SECOND, 'SharePointFileOperation', a.op, 'OneDrive',
    a.who || '@contoso.com', a.ip, 'https://contoso-my.sharepoint.com/personal/' || a.who || '/f' || i || '.docx', '{}'
FROM (VALUES ('xena', TIMESTAMP '2026-03-15 09:00:00', 'FileSyncDownloadedFull', '192.0.2.121')) a(who, at0, op, ip),
    range(300) t(i);
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, parameters) VALUES
    ('ur-walt-rule', TIMESTAMP '2026-03-15 10:20:00', 'ExchangeAdmin', 'New-InboxRule', 'Exchange', 'walt@contoso.com', '192.0.2.51',
     '[{"name":"Name","value":"."},{"name":"SubjectContainsWords","value":"invoice"},{"name":"MoveToFolder","value":"RSS Subscriptions"}]');
INSERT INTO fx_unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, audit_data)
SELECT 'ur-' || u.name || '-seen-' || i, TIMESTAMP '2026-03-01 09:00:00' + i * INTERVAL 1 DAY, 'SharePointFileOperation',
    'FileAccessed', 'OneDrive', u.name || '@contoso.com', u.ip, '{}'
FROM (VALUES ('walt', '203.0.113.50'), ('xena', '203.0.113.60')) u(name, ip), range(14) t(i);
`

// TestUserRiskCollectionChain checks that a medium hiding rule after a suspicious sign-in from the
// same address completes a compromise chain, and that a low bulk download (routine sync) does not.
func TestUserRiskCollectionChain(t *testing.T) {
	st := newStore(t)
	loadFixture(t, st.DB, ualRiskScenario)
	analyzeAt(t, st.DB, fixtureNow)
	risk := readUserRisk(t, st.DB)
	for _, tc := range []struct{ user, level, reason string }{
		{"walt@contoso.com", "high", "compromise chain: device_code_phishing then inbox_rule_hiding"},
		{"xena@contoso.com", "medium", "low: bulk_download"},
	} {
		got := risk[tc.user]
		if got.level != tc.level || !strings.Contains(got.reasons, tc.reason) {
			t.Errorf("%s: got %s (%s); want %s, reasons saying %q", tc.user, got.level, got.reasons, tc.level, tc.reason)
		}
	}
	if strings.Contains(risk["xena@contoso.com"].reasons, "chain") {
		t.Errorf("xena: got reasons %q; want no chain from a low sync", risk["xena@contoso.com"].reasons)
	}
}
