-- sensitive_operations.csv: one row per directory change of the kinds the
-- sensitive-operations workbook lists (and authentication methods), newest first; flagged
-- says whether a rule's detection points at it (empty when no analyze run is recorded).
SELECT activity_at AS activity_time, category, activity, actor, actor_ip,
    -- A PIM record names the role first and the user after it: the user is the target.
    coalesce(lower(target_upn), er_target_user(target_resources), target_name, target_id) AS target,
    CASE WHEN target_upn IS NULL AND er_target_user(target_resources) IS NOT NULL THEN 'User' ELSE target_type END AS target_type,
    result,
    left(concat_ws('; ',
        CASE WHEN lower(target_type) = 'role' THEN 'Role: ' || target_name END,
        nullif(array_to_string(list_transform(
            list_filter(er_props(target_resources), p -> lower(p.displayname) NOT IN ('included updated properties')),
            p -> p.displayname || ': ' || CASE
                WHEN coalesce(er_text(trim(p.oldvalue, '"[] ')), '') = '' THEN left(coalesce(trim(p.newvalue, '"[] '), ''), 300)
                WHEN coalesce(er_text(trim(p.newvalue, '"[] ')), '') = '' THEN left(trim(p.oldvalue, '"[] '), 300) || ' (removed)'
                ELSE left(trim(p.oldvalue, '"[] '), 300) || ' -> ' || left(trim(p.newvalue, '"[] '), 300) END), '; '), ''),
        nullif(result_reason, '')), 2000) AS details,
    CASE WHEN EXISTS (SELECT 1 FROM analyze_runs) THEN rule_ids IS NOT NULL END AS flagged,
    coalesce(rule_ids, '') AS rule_ids,
    CASE category
        WHEN 'app_credentials' THEN 'App and service principal credentials'
        WHEN 'permissions_consents' THEN 'Permissions and consents'
        WHEN 'role_group_membership' THEN 'Role and group membership'
        WHEN 'federation_domains' THEN 'Federation and domain settings'
        WHEN 'conditional_access' THEN 'Conditional Access policies'
        WHEN 'authentication_methods' THEN 'Authentication methods'
    END AS kind,
    id AS record_id
FROM cmp_sensitive
ORDER BY activity_time DESC, id
