-- The files the period's rows came from (each record is stored once, from the first file
-- that held it), with their sha256 as ingest recorded it, and how many of the period's rows
-- each gave.
WITH rows AS (
    SELECT s.source_file, s.load_id, count(*) AS n FROM signins s, cmp_period p
        WHERE s.created_at >= p.since AND s.created_at < p.until GROUP BY ALL
    UNION ALL
    SELECT a.source_file, a.load_id, count(*) FROM directory_audits a, cmp_period p
        WHERE a.activity_at >= p.since AND a.activity_at < p.until GROUP BY ALL
    UNION ALL
    SELECT u.source_file, u.load_id, count(*) FROM unified_audit u, cmp_period p
        WHERE u.created_at >= p.since AND u.created_at < p.until GROUP BY ALL
    UNION ALL
    SELECT d.source_file, d.load_id, count(*) FROM signin_auth_details d JOIN cmp_signins s ON s.id = d.request_id GROUP BY ALL
    UNION ALL
    SELECT r.source_file, r.load_id, count(*) FROM risk_detections r, cmp_period p
        WHERE r.detected_at >= p.since AND r.detected_at < p.until GROUP BY ALL
),
per_file AS (
    SELECT source_file, load_id, sum(n)::BIGINT AS n FROM rows GROUP BY ALL
)
SELECT r.source_file AS path, coalesce(f.format, '') AS format, coalesce(f.target_table, '') AS target_table,
    r.n AS rows_in_period, coalesce(f.rows_added, 0) AS rows_added, coalesce(f.size, 0) AS size,
    coalesce(f.sha256, '') AS sha256, f.ingested_at
FROM per_file r
LEFT JOIN ingest_files f ON f.path = r.source_file AND f.load_id = r.load_id AND f.status = 'loaded'
ORDER BY r.source_file, f.ingested_at, f.sha256
