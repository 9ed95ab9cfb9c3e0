-- legacy_auth.csv: one row per user and legacy client app: who would be cut off when
-- legacy authentication is blocked. Those still succeeding come first.
SELECT upn AS user_principal_name, client_app,
    count(*) AS attempts,
    count(*) FILTER (WHERE ok) AS successes,
    min(created_at) AS first_seen,
    max(created_at) AS last_seen,
    coalesce(string_agg(DISTINCT ip_address, ', ' ORDER BY ip_address), '') AS ip_addresses,
    string_agg(DISTINCT app, '; ' ORDER BY app) AS apps,
    count(DISTINCT ip_address) AS distinct_ip_addresses
FROM cmp_signins
WHERE legacy
GROUP BY upn, client_app
ORDER BY successes DESC, attempts DESC, user_principal_name, client_app
