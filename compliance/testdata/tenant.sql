-- A small tenant (contoso.com) for the compliance tests, period 2026-03-01 to 2026-03-08 (UTC).
-- Every figure the tests expect is counted by hand from these rows (see compliance_test.go).
--   alice  Graph: MFA (push approved), a non-interactive sign-in on the MFA claim, a single-factor
--          sign-in to SharePoint, an MFA push she denied; one more single-factor sign-in before the
--          period. CA001 was renamed after her first sign-in.
--   bob    Graph: IMAP twice (single factor; report-only CA002 would have blocked it), a failed SMTP
--          AUTH, a single-factor browser sign-in: never seen with MFA.
--   carol  the portal's CSV download: an MFA sign-in whose steps (the AuthDetails download) also
--          appear on the interrupted request of the same flow, and a non-interactive sign-in that
--          does not say how she authenticated. No policy details.
--   dave   Log Analytics, steps with PascalCase keys: no response, fraud, a denial, then approved,
--          within 20 minutes.
--   eve    Graph: a failed IMAP password, and a failed MFA whose record has no steps.
--   a service principal's sign-in, and Unified Audit Log sign-in records: not counted.
-- Directory changes: a Global Administrator assigned (flagged), Exchange Administrator removed,
-- a PIM activation and its request, a non-privileged role, a group, an app secret (flagged), a
-- failed SP credential, a consent, federation, Conditional Access, security info, and changes of
-- other kinds; one role assignment before the period.

INSERT INTO signins (id, created_at, category, user_principal_name, user_type, app_display_name, ip_address,
    error_code, additional_details, failure_reason, client_app, authentication_requirement, mfa_auth_method,
    conditional_access_status, authentication_details, applied_ca_policies, source_format, source_file, ingested_at, load_id) VALUES
('s0', TIMESTAMP '2026-02-27 09:00:00', 'interactive', 'alice@contoso.com', 'member', 'Office 365 SharePoint Online', '131.107.0.10',
    0, NULL, NULL, 'Browser', 'singleFactorAuthentication', NULL, 'success', NULL, NULL,
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('s1', TIMESTAMP '2026-03-02 09:00:00', 'interactive', 'alice@contoso.com', 'member', 'OfficeHome', '131.107.0.10',
    0, NULL, NULL, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'success',
    '[{"authenticationStepDateTime":"2026-03-02T09:00:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"Correct password"},
      {"authenticationStepDateTime":"2026-03-02T09:00:10Z","authenticationMethod":"Mobile app notification","authenticationStepRequirement":"Multi-factor authentication","succeeded":true,"authenticationStepResultDetail":"MFA successfully completed"}]',
    '[{"id":"p1","displayName":"CA001: MFA for all (draft)","result":"success"},{"id":"p2","displayName":"CA002: Block legacy authentication","result":"reportOnlyNotApplied"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('s2', TIMESTAMP '2026-03-02 09:05:00', 'non_interactive', 'alice@contoso.com', 'member', 'Microsoft Teams', '131.107.0.10',
    0, NULL, NULL, 'Mobile Apps and Desktop clients', 'multiFactorAuthentication', NULL, 'success',
    '[{"authenticationStepDateTime":"2026-03-02T09:05:00Z","authenticationMethod":"Previously satisfied","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"First factor requirement satisfied by claim in the token"},
      {"authenticationStepDateTime":"2026-03-02T09:05:00Z","authenticationMethod":"Previously satisfied","authenticationStepRequirement":"Multi-factor authentication","succeeded":true,"authenticationStepResultDetail":"MFA requirement satisfied by claim in the token"}]',
    '[{"id":"p1","displayName":"CA001: Require multifactor authentication","result":"success"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('s3', TIMESTAMP '2026-03-03 10:00:00', 'interactive', 'alice@contoso.com', 'member', 'Office 365 SharePoint Online', '131.107.0.10',
    0, NULL, NULL, 'Browser', 'singleFactorAuthentication', NULL, 'success',
    '[{"authenticationStepDateTime":"2026-03-03T10:00:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"Correct password"}]',
    '[{"id":"p1","displayName":"CA001: Require multifactor authentication","result":"notApplied"},{"id":"p4","displayName":"CA004: Sign-in frequency","result":"success"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('s4', TIMESTAMP '2026-03-03 10:01:00', 'interactive', 'alice@contoso.com', 'member', 'OfficeHome', '131.107.0.10',
    500121, 'MFA denied; user declined the authentication', 'Authentication failed during strong authentication request.', 'Browser',
    'multiFactorAuthentication', 'Mobile app notification', 'failure',
    '[{"authenticationStepDateTime":"2026-03-03T10:01:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"Correct password"},
      {"authenticationStepDateTime":"2026-03-03T10:01:15Z","authenticationMethod":"Mobile app notification","authenticationStepRequirement":"Multi-factor authentication","succeeded":false,"authenticationStepResultDetail":"MFA denied; user declined the authentication"}]',
    '[{"id":"p1","displayName":"CA001: Require multifactor authentication","result":"failure"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('b1', TIMESTAMP '2026-03-02 06:30:00', 'interactive', 'bob@contoso.com', 'member', 'Office 365 Exchange Online', '203.0.113.50',
    0, NULL, NULL, 'IMAP4', 'singleFactorAuthentication', NULL, 'notApplied',
    '[{"authenticationStepDateTime":"2026-03-02T06:30:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"Correct password"}]',
    '[{"id":"p1","displayName":"CA001: Require multifactor authentication","result":"notApplied"},{"id":"p2","displayName":"CA002: Block legacy authentication","result":"reportOnlyFailure"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('b2', TIMESTAMP '2026-03-02 06:35:00', 'interactive', 'bob@contoso.com', 'member', 'Office 365 Exchange Online', '203.0.113.50',
    0, NULL, NULL, 'IMAP4', 'singleFactorAuthentication', NULL, 'notApplied',
    '[{"authenticationStepDateTime":"2026-03-02T06:35:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"Correct password"}]',
    '[{"id":"p1","displayName":"CA001: Require multifactor authentication","result":"notApplied"},{"id":"p2","displayName":"CA002: Block legacy authentication","result":"reportOnlyFailure"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('b3', TIMESTAMP '2026-03-04 07:00:00', 'interactive', 'bob@contoso.com', 'member', 'Office 365 Exchange Online', '203.0.113.51',
    50126, NULL, 'Invalid username or password.', 'Authenticated SMTP', 'singleFactorAuthentication', NULL, 'notApplied',
    '[{"authenticationStepDateTime":"2026-03-04T07:00:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":false,"authenticationStepResultDetail":"Invalid username or password"}]',
    NULL, 'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('b4', TIMESTAMP '2026-03-05 08:00:00', 'interactive', 'bob@contoso.com', 'member', 'OfficeHome', '203.0.113.50',
    0, NULL, NULL, 'Browser', 'singleFactorAuthentication', NULL, 'notApplied',
    '[{"authenticationStepDateTime":"2026-03-05T08:00:00Z","authenticationMethod":"Password","authenticationStepRequirement":"Primary authentication","succeeded":true,"authenticationStepResultDetail":"Correct password"}]',
    '[{"id":"p1","displayName":"CA001: Require multifactor authentication","result":"notApplied"},{"id":"p2","displayName":"CA002: Block legacy authentication","result":"reportOnlyNotApplied"}]',
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('e1', TIMESTAMP '2026-03-03 03:00:00', 'interactive', 'eve@contoso.com', 'member', 'Office 365 Exchange Online', '198.51.100.9',
    50126, NULL, 'Invalid username or password.', 'IMAP4', NULL, NULL, 'notApplied', NULL, NULL,
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('e2', TIMESTAMP '2026-03-03 03:10:00', 'interactive', 'eve@contoso.com', 'member', 'OfficeHome', '198.51.100.9',
    500121, 'MFA denied; user did not respond to mobile app notification', 'Authentication failed during strong authentication request.', 'Browser',
    'multiFactorAuthentication', NULL, 'failure', NULL, NULL,
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1),
('sp1', TIMESTAMP '2026-03-03 03:00:00', 'service_principal', NULL, NULL, 'HR Sync Connector', '20.190.128.5',
    0, NULL, NULL, NULL, 'singleFactorAuthentication', NULL, 'notApplied', NULL, NULL,
    'graph_signins', '/exports/signins.json', TIMESTAMP '2026-03-08 01:00:00', 1);

-- dave, from Log Analytics; the steps and policies with the PowerShell SDK's PascalCase keys.
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, app_display_name, ip_address,
    error_code, additional_details, failure_reason, client_app, authentication_requirement, mfa_auth_method,
    conditional_access_status, authentication_details, applied_ca_policies, source_format, source_file, ingested_at, load_id) VALUES
('d1', TIMESTAMP '2026-03-05 22:00:00', 'interactive', 'dave@contoso.com', 'member', 'OfficeHome', '91.132.147.20',
    500121, 'MFA denied; user did not respond to mobile app notification', NULL, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'failure',
    '[{"AuthenticationStepDateTime":"2026-03-05T22:00:20Z","AuthenticationMethod":"Mobile app notification","AuthenticationStepRequirement":"Multi-factor authentication","Succeeded":false,"AuthenticationStepResultDetail":"MFA denied; user did not respond to mobile app notification"}]',
    '[{"Id":"p1","DisplayName":"CA001: Require multifactor authentication","Result":"failure"},{"Id":"p3","DisplayName":"CA003: Compliant device for admins","Result":"reportOnlyInterrupted"}]',
    'log_analytics_signins', '/exports/SigninLogs.csv', TIMESTAMP '2026-03-08 01:00:00', 2),
('d2', TIMESTAMP '2026-03-05 22:05:00', 'interactive', 'dave@contoso.com', 'member', 'OfficeHome', '91.132.147.20',
    500121, 'MFA denied; user declared the authentication as fraudulent', NULL, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'failure',
    '[{"AuthenticationStepDateTime":"2026-03-05T22:05:20Z","AuthenticationMethod":"Mobile app notification","AuthenticationStepRequirement":"Multi-factor authentication","Succeeded":false,"AuthenticationStepResultDetail":"Fraud code entered"}]',
    '[{"Id":"p1","DisplayName":"CA001: Require multifactor authentication","Result":"failure"}]',
    'log_analytics_signins', '/exports/SigninLogs.csv', TIMESTAMP '2026-03-08 01:00:00', 2),
('d3', TIMESTAMP '2026-03-05 22:10:00', 'interactive', 'dave@contoso.com', 'member', 'OfficeHome', '91.132.147.20',
    500121, 'MFA denied; user declined the authentication', NULL, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'failure',
    '[{"AuthenticationStepDateTime":"2026-03-05T22:10:20Z","AuthenticationMethod":"Mobile app notification","AuthenticationStepRequirement":"Multi-factor authentication","Succeeded":false,"AuthenticationStepResultDetail":"MFA denied; user declined the authentication"}]',
    '[{"Id":"p1","DisplayName":"CA001: Require multifactor authentication","Result":"failure"}]',
    'log_analytics_signins', '/exports/SigninLogs.csv', TIMESTAMP '2026-03-08 01:00:00', 2),
('d4', TIMESTAMP '2026-03-05 22:20:00', 'interactive', 'dave@contoso.com', 'member', 'OfficeHome', '91.132.147.20',
    0, NULL, NULL, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'success',
    '[{"AuthenticationStepDateTime":"2026-03-05T22:20:00Z","AuthenticationMethod":"Password","AuthenticationStepRequirement":"Primary authentication","Succeeded":true,"AuthenticationStepResultDetail":"Correct password"},
      {"AuthenticationStepDateTime":"2026-03-05T22:20:20Z","AuthenticationMethod":"Mobile app notification","AuthenticationStepRequirement":"Multi-factor authentication","Succeeded":true,"AuthenticationStepResultDetail":"MFA successfully completed"}]',
    '[{"Id":"p1","DisplayName":"CA001: Require multifactor authentication","Result":"success"},{"Id":"p3","DisplayName":"CA003: Compliant device for admins","Result":"reportOnlyFailure"}]',
    'log_analytics_signins', '/exports/SigninLogs.csv', TIMESTAMP '2026-03-08 01:00:00', 2);

-- carol, from the portal's CSV download (the portal's words for the status; no policies), and
-- its AuthDetails download.
INSERT INTO signins (id, created_at, category, user_principal_name, user_type, app_display_name, ip_address,
    error_code, client_app, authentication_requirement, mfa_auth_method, conditional_access_status,
    source_format, source_file, ingested_at, load_id) VALUES
('c1', TIMESTAMP '2026-03-03 12:00:00', 'interactive', 'carol@contoso.com', 'member', 'One Outlook Web', '177.71.207.9',
    0, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'Success', 'portal_signins_csv', '/exports/InteractiveSignIns.csv', TIMESTAMP '2026-03-08 01:00:00', 3),
('c1b', TIMESTAMP '2026-03-03 12:00:40', 'interactive', 'carol@contoso.com', 'member', 'One Outlook Web', '177.71.207.9',
    50140, 'Browser', 'multiFactorAuthentication', 'Mobile app notification', 'Not Applied', 'portal_signins_csv', '/exports/InteractiveSignIns.csv', TIMESTAMP '2026-03-08 01:00:00', 3),
('c3', TIMESTAMP '2026-03-06 13:00:00', 'non_interactive', 'carol@contoso.com', 'member', 'Microsoft Teams', '177.71.207.9',
    0, 'Mobile Apps and Desktop clients', NULL, NULL, 'Not Applied', 'portal_signins_csv', '/exports/InteractiveSignIns.csv', TIMESTAMP '2026-03-08 01:00:00', 3);

INSERT INTO signin_auth_details (id, request_id, step_at, method, method_detail, succeeded, result_detail, requirement,
    source_format, source_file, ingested_at, load_id) VALUES
('c1:1', 'c1', TIMESTAMP '2026-03-03 12:00:00', 'Password', 'Password in the cloud', true, 'Correct password', 'Primary authentication',
    'portal_auth_details_csv', '/exports/InteractiveSignIns_AuthDetails.csv', TIMESTAMP '2026-03-08 01:00:00', 4),
('c1:2', 'c1', TIMESTAMP '2026-03-03 12:00:20', 'Mobile app notification', NULL, true, 'MFA successfully completed', 'Multi-factor authentication',
    'portal_auth_details_csv', '/exports/InteractiveSignIns_AuthDetails.csv', TIMESTAMP '2026-03-08 01:00:00', 4),
('c1b:1', 'c1b', TIMESTAMP '2026-03-03 12:00:20', 'Mobile app notification', NULL, true, 'MFA successfully completed', 'Multi-factor authentication',
    'portal_auth_details_csv', '/exports/InteractiveSignIns_AuthDetails.csv', TIMESTAMP '2026-03-08 01:00:00', 4);

-- The Unified Audit Log's sign-in records: not sign-in logs.
INSERT INTO unified_audit (id, created_at, record_type, operation, workload, user_id, client_ip, result_status, audit_data,
    source_format, source_file, ingested_at, load_id) VALUES
('u1', TIMESTAMP '2026-03-02 09:00:01', 'AzureActiveDirectoryStsLogon', 'UserLoggedIn', 'AzureActiveDirectory', 'alice@contoso.com', '131.107.0.10', 'Success', '{}',
    'unified_audit_log', '/exports/AuditLog.csv', TIMESTAMP '2026-03-08 01:00:00', 6),
('u2', TIMESTAMP '2026-03-03 03:00:01', 'AzureActiveDirectoryStsLogon', 'UserLoginFailed', 'AzureActiveDirectory', 'eve@contoso.com', '198.51.100.9', 'Failed', '{}',
    'unified_audit_log', '/exports/AuditLog.csv', TIMESTAMP '2026-03-08 01:00:00', 6),
('u3', TIMESTAMP '2026-03-03 04:00:00', 'ExchangeItem', 'Send', 'Exchange', 'alice@contoso.com', '131.107.0.10', 'Succeeded', '{}',
    'unified_audit_log', '/exports/AuditLog.csv', TIMESTAMP '2026-03-08 01:00:00', 6);

INSERT INTO directory_audits (id, activity_at, category, activity, logged_by_service, result, result_reason, actor_upn, actor_app_name, actor_ip,
    target_id, target_name, target_type, target_upn, target_resources, source_format, source_file, ingested_at, load_id) VALUES
('a0', TIMESTAMP '2026-02-20 10:00:00', 'RoleManagement', 'Add member to role', 'Core Directory', 'success', NULL, 'alice@contoso.com', NULL, '131.107.0.10',
    'u-henry', 'Henry Hill', 'User', 'henry@contoso.com',
    '[{"id":"u-henry","displayname":"Henry Hill","type":"User","userprincipalname":"henry@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":"","newvalue":"\"Global Administrator\""}]}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a1', TIMESTAMP '2026-03-03 11:00:00', 'RoleManagement', 'Add member to role', 'Core Directory', 'success', NULL, 'alice@contoso.com', NULL, '185.220.101.34',
    'u-svc', 'Backup Service', 'User', 'svc-backup@contoso.com',
    '[{"id":"u-svc","displayname":"Backup Service","type":"User","userprincipalname":"svc-backup@contoso.com","modifiedproperties":[{"displayname":"Role.ObjectID","oldvalue":"","newvalue":"\"r-ga\""},{"displayname":"Role.DisplayName","oldvalue":"","newvalue":"\"Global Administrator\""}]},{"id":"r-ga","displayname":"Global Administrator","type":"Role"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a2', TIMESTAMP '2026-03-04 09:00:00', 'RoleManagement', 'Remove member from role', 'Core Directory', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'u-henry', 'Henry Hill', 'User', 'henry@contoso.com',
    '[{"id":"u-henry","displayname":"Henry Hill","type":"User","userprincipalname":"henry@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":"\"Exchange Administrator\"","newvalue":""}]},{"id":"r-ex","displayname":"Exchange Administrator","type":"Role"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a3', TIMESTAMP '2026-03-04 09:30:00', 'RoleManagement', 'Add member to role completed (PIM activation)', 'PIM', 'success', 'Patching window', 'grace@contoso.com', NULL, '131.107.0.16',
    'r-sa', 'Security Administrator', 'Role', NULL,
    '[{"id":"r-sa","displayname":"Security Administrator","type":"Role"},{"id":"q1","displayname":"Request","type":"Request"},{"id":"u-grace","displayname":"Grace Green","type":"User","userprincipalname":"grace@contoso.com"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a4', TIMESTAMP '2026-03-04 09:29:00', 'RoleManagement', 'Add member to role requested (PIM activation)', 'PIM', 'success', 'Patching window', 'grace@contoso.com', NULL, '131.107.0.16',
    'r-sa', 'Security Administrator', 'Role', NULL,
    '[{"id":"r-sa","displayname":"Security Administrator","type":"Role"},{"id":"q1","displayname":"Request","type":"Request"},{"id":"u-grace","displayname":"Grace Green","type":"User","userprincipalname":"grace@contoso.com"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a5', TIMESTAMP '2026-03-05 14:00:00', 'RoleManagement', 'Add member to role', 'Core Directory', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'u-ivan', 'Ivan Ito', 'User', 'ivan@contoso.com',
    '[{"id":"u-ivan","displayname":"Ivan Ito","type":"User","userprincipalname":"ivan@contoso.com","modifiedproperties":[{"displayname":"Role.DisplayName","oldvalue":"","newvalue":"\"Reports Reader\""}]}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a6', TIMESTAMP '2026-03-05 15:00:00', 'GroupManagement', 'Add member to group', 'Core Directory', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'u-ivan', 'Ivan Ito', 'User', 'ivan@contoso.com',
    '[{"id":"u-ivan","displayname":"Ivan Ito","type":"User","userprincipalname":"ivan@contoso.com","modifiedproperties":[{"displayname":"Group.DisplayName","oldvalue":"","newvalue":"\"Finance\""}]}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a7', TIMESTAMP '2026-03-03 11:30:00', 'ApplicationManagement', 'Update application – Certificates and secrets management ', 'Core Directory', 'success', NULL, 'alice@contoso.com', NULL, '185.220.101.34',
    'app-hr', '=HYPERLINK("http://evil")', 'Application', NULL,
    '[{"id":"app-hr","displayname":"=HYPERLINK(\"http://evil\")","type":"Application","modifiedproperties":[{"displayname":"KeyDescription","oldvalue":"[]","newvalue":"[\"[KeyIdentifier=k1,KeyType=Password]\"]"},{"displayname":"Included Updated Properties","oldvalue":"","newvalue":"\"KeyDescription\""}]}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a14', TIMESTAMP '2026-03-03 11:31:00', 'ApplicationManagement', 'Add service principal credentials', 'Core Directory', 'failure', 'Insufficient privileges', 'eve@contoso.com', NULL, '198.51.100.9',
    'sp-hr', 'HR Sync Connector', 'ServicePrincipal', NULL,
    '[{"id":"sp-hr","displayname":"HR Sync Connector","type":"ServicePrincipal"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a8', TIMESTAMP '2026-03-04 16:00:00', 'ApplicationManagement', 'Consent to application', 'Core Directory', 'success', NULL, 'carol@contoso.com', NULL, '177.71.207.9',
    'sp-zoom', 'Zoom', 'ServicePrincipal', NULL,
    '[{"id":"sp-zoom","displayname":"Zoom","type":"ServicePrincipal","modifiedproperties":[{"displayname":"ConsentContext.IsAdminConsent","oldvalue":"","newvalue":"\"False\""}]}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a9', TIMESTAMP '2026-03-06 10:00:00', 'DirectoryManagement', 'Set domain authentication', 'Core Directory', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'd1', 'contoso.com', 'Other', NULL,
    '[{"id":"d1","displayname":"contoso.com","type":"Other","modifiedproperties":[{"displayname":"LiveType","oldvalue":"\"Managed\"","newvalue":"\"Federated\""}]}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a10', TIMESTAMP '2026-03-06 10:10:00', 'Policy', 'Update conditional access policy', 'Conditional Access', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'p1', 'CA001: Require multifactor authentication', 'Policy', NULL,
    '[{"id":"p1","displayname":"CA001: Require multifactor authentication","type":"Policy"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a11', TIMESTAMP '2026-03-06 11:00:00', 'UserManagement', 'User registered security info', 'Authentication Methods', 'success', 'User registered Authenticator App with Notification and Code', 'ivan@contoso.com', NULL, '131.107.0.18',
    'u-ivan', 'Ivan Ito', 'User', 'ivan@contoso.com',
    '[{"id":"u-ivan","displayname":"Ivan Ito","type":"User","userprincipalname":"ivan@contoso.com"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a12', TIMESTAMP '2026-03-06 12:00:00', 'UserManagement', 'Update user', 'Core Directory', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'u-ivan', 'Ivan Ito', 'User', 'ivan@contoso.com', '[{"id":"u-ivan","displayname":"Ivan Ito","type":"User"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5),
('a13', TIMESTAMP '2026-03-06 12:30:00', 'UserManagement', 'Reset user password', 'Core Directory', 'success', NULL, 'frank@contoso.com', NULL, '131.107.0.15',
    'u-ivan', 'Ivan Ito', 'User', 'ivan@contoso.com', '[{"id":"u-ivan","displayname":"Ivan Ito","type":"User"}]',
    'graph_directory_audits', '/exports/audits.json', TIMESTAMP '2026-03-08 01:00:00', 5);

-- What analyze found: the Global Administrator and the app secret.
INSERT INTO analyze_runs VALUES ('run-1', TIMESTAMP '2026-03-08 02:00:00', TIMESTAMP '2026-03-08 02:00:03',
    ['privileged_role_assigned', 'app_credential_added'], 2, '{}');
INSERT INTO detections (detection_id, rule_id, rule_name, severity, user_principal_name, ip_address, first_seen, last_seen,
    event_count, state, evidence, source_table, analyzed_at) VALUES
('det-1', 'privileged_role_assigned', 'Privileged directory role assigned', 'medium', 'alice@contoso.com', '185.220.101.34',
    TIMESTAMP '2026-03-03 11:00:00', TIMESTAMP '2026-03-03 11:00:00', 1, 'atRisk', 'alice gave svc-backup Global Administrator', 'directory_audits', TIMESTAMP '2026-03-08 02:00:03'),
('det-2', 'app_credential_added', 'Credential added to an application', 'medium', 'alice@contoso.com', '185.220.101.34',
    TIMESTAMP '2026-03-03 11:30:00', TIMESTAMP '2026-03-03 11:30:00', 1, 'atRisk', 'a secret on an app', 'directory_audits', TIMESTAMP '2026-03-08 02:00:03');
INSERT INTO detection_events VALUES
('det-1', 'directory_audits', 'a1', TIMESTAMP '2026-03-03 11:00:00'),
('det-2', 'directory_audits', 'a7', TIMESTAMP '2026-03-03 11:30:00');

-- The files, as ingest recorded them (and one that was rejected).
INSERT INTO ingest_files (path, sha256, size, format, target_table, status, rows_read, rows_added, min_time, max_time, load_id, run_id, ingested_at) VALUES
('/exports/signins.json', 'aa11', 9000, 'graph_signins', 'signins', 'loaded', 12, 12, TIMESTAMP '2026-02-27 09:00:00', TIMESTAMP '2026-03-05 08:00:00', 1, 'r1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/SigninLogs.csv', 'bb22', 4000, 'log_analytics_signins', 'signins', 'loaded', 4, 4, TIMESTAMP '2026-03-05 22:00:00', TIMESTAMP '2026-03-05 22:20:00', 2, 'r1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/InteractiveSignIns.csv', 'cc33', 3000, 'portal_signins_csv', 'signins', 'loaded', 3, 3, TIMESTAMP '2026-03-03 12:00:00', TIMESTAMP '2026-03-06 13:00:00', 3, 'r1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/InteractiveSignIns_AuthDetails.csv', 'dd44', 500, 'portal_auth_details_csv', 'signin_auth_details', 'loaded', 3, 3, NULL, NULL, 4, 'r1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/audits.json', 'ee55', 7000, 'graph_directory_audits', 'directory_audits', 'loaded', 14, 14, TIMESTAMP '2026-02-20 10:00:00', TIMESTAMP '2026-03-06 12:30:00', 5, 'r1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/AuditLog.csv', 'ff66', 2000, 'unified_audit_log', 'unified_audit', 'loaded', 3, 3, TIMESTAMP '2026-03-02 09:00:01', TIMESTAMP '2026-03-03 04:00:00', 6, 'r1', TIMESTAMP '2026-03-08 01:00:00'),
('/exports/broken.json', '0000', 10, NULL, NULL, 'rejected', 0, 0, NULL, NULL, NULL, 'r1', TIMESTAMP '2026-03-08 01:00:00');
