-- format: portal_auth_details_csv
-- table: signin_auth_details
-- ordered: true
-- title: The Entra portal's sign-in authentication details CSV (…_AuthDetails_….csv), joined to sign-ins on Request ID
-- column: date "Date (UTC)" Date "Authentication step date"
-- column: requestid "Request ID"
-- column: method "Authentication method"
-- column: methoddetail "Authentication method detail"
-- column: succeeded Succeeded
-- column: resultdetail "Result detail" "Authentication step result detail"
-- column: requirement Requirement "Authentication step requirement"
SELECT
    er_text(requestid) || ':' || CAST(row_number() OVER (PARTITION BY requestid ORDER BY _line) AS VARCHAR) AS id,
    er_text(requestid) AS request_id,
    er_ts(date) AS step_at,
    er_text(method) AS method,
    er_text(methoddetail) AS method_detail,
    er_bool(succeeded) AS succeeded,
    er_text(resultdetail) AS result_detail,
    er_text(requirement) AS requirement,
    _line,
    _file,
    CASE
        WHEN er_text(requestid) IS NULL THEN 'no Request ID'
        WHEN er_text(date) IS NOT NULL AND er_ts(date) IS NULL THEN 'Date (UTC) ' || left(date, 60) || ' is not a time'
    END AS _reject
FROM src
