-- The tenant's name when none is given: the UPN domain most of its members sign in with.
SELECT split_part(user_principal_name, '@', 2) AS domain
FROM signins
WHERE user_principal_name LIKE '%_@_%' AND user_principal_name NOT LIKE '%#ext#%'
    AND coalesce(lower(user_type), 'member') = 'member'
GROUP BY domain
ORDER BY count(*) DESC, domain
LIMIT 1
