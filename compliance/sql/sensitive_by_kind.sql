-- Sensitive operations by kind, for the Summary (every kind, with zero where none).
WITH kinds(category, label, rank) AS (VALUES
    ('app_credentials', 'App and service principal credentials', 1),
    ('permissions_consents', 'Permissions and consents', 2),
    ('role_group_membership', 'Role and group membership', 3),
    ('federation_domains', 'Federation and domain settings', 4),
    ('conditional_access', 'Conditional Access policies', 5),
    ('authentication_methods', 'Authentication methods', 6))
SELECT k.label, count(s.id) AS changes, count(s.id) FILTER (WHERE s.rule_ids IS NOT NULL) AS flagged,
    count(DISTINCT s.actor) AS actors, count(s.id) FILTER (WHERE lower(s.result) = 'failure') AS failed
FROM kinds k LEFT JOIN cmp_sensitive s ON s.category = k.category
GROUP BY k.label, k.rank
ORDER BY k.rank
