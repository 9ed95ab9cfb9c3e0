-- The last analyze run: the flags of the sensitive-operations and privileged-roles sheets are its findings.
SELECT run_id, started_at, finished_at, len(rules) AS rules, detections
FROM analyze_runs
ORDER BY finished_at DESC, started_at DESC, run_id
LIMIT 1
