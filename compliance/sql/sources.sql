-- Which exports the period's records came from, and which of the fields the figures need
-- their records carry: the Summary says so where an export lacks one, instead of counting
-- nothing as zero.
SELECT 'signins' AS tbl, s.source_format AS format,
    count(*) AS records,
    count(*) FILTER (WHERE s.ok) AS successes,
    count(f.factor) AS method_known,
    count(*) FILTER (WHERE s.ok AND f.factor IS NULL) AS method_unknown,
    count(*) FILTER (WHERE s.has_policies) AS with_policies,
    count(*) FILTER (WHERE s.has_policies OR s.ca_status IS NOT NULL) AS with_ca_status,
    count(*) FILTER (WHERE s.id IN (SELECT signin_id FROM cmp_steps)) AS with_steps,
    count(*) FILTER (WHERE s.category = 'interactive') AS interactive
FROM cmp_signins s LEFT JOIN cmp_factor f ON f.id = s.id
GROUP BY s.source_format
UNION ALL
SELECT 'directory_audits', a.source_format, count(*), 0, 0, 0, 0, 0, 0, 0
FROM cmp_audits a GROUP BY a.source_format
UNION ALL
SELECT 'unified_audit', u.source_format, count(*),
    count(*) FILTER (WHERE u.operation IN ('UserLoggedIn', 'UserLoginFailed')), 0, 0, 0, 0, 0, 0
FROM unified_audit u, cmp_period p
WHERE u.created_at >= p.since AND u.created_at < p.until
GROUP BY u.source_format
ORDER BY 1, 2
