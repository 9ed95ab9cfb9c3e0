package reports

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// psLexed is a script split the way PowerShell's tokenizer splits it for what matters
// here: code, single-quoted string literals (decoded), line comments and block comments.
type psLexed struct {
	code     strings.Builder
	literals []string
	comments []string
	blocks   []string
	errs     []string
}

func isPSQuote(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B'
}

// lexPS reads a script. Double-quoted strings (which expand $variables and $(...)) and
// here-strings are reported as errors: the script must not use them.
func lexPS(src string) *psLexed {
	l := &psLexed{}
	rs := []rune(src)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '<' && i+1 < len(rs) && rs[i+1] == '#':
			j := i + 2
			for j+1 < len(rs) && !(rs[j] == '#' && rs[j+1] == '>') {
				j++
			}
			if j+1 >= len(rs) {
				l.errs = append(l.errs, "unterminated block comment")
				return l
			}
			l.blocks = append(l.blocks, string(rs[i+2:j]))
			i = j + 1
		case r == '#':
			j := i
			for j < len(rs) && rs[j] != '\n' && rs[j] != '\r' {
				j++
			}
			l.comments = append(l.comments, string(rs[i+1:j]))
			i = j - 1
		case isPSQuote(r):
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(rs) {
					l.errs = append(l.errs, "unterminated string literal")
					return l
				}
				if isPSQuote(rs[j]) {
					if j+1 < len(rs) && isPSQuote(rs[j+1]) {
						b.WriteRune(rs[j])
						j += 2
						continue
					}
					break
				}
				b.WriteRune(rs[j])
				j++
			}
			l.literals = append(l.literals, b.String())
			l.code.WriteString("'…'")
			i = j
		case r == '"' || r == '\u201C' || r == '\u201D' || r == '\u201E':
			l.errs = append(l.errs, "double-quoted string at rune "+string(rs[max(0, i-30):i+1]))
			l.code.WriteRune(r)
		default:
			l.code.WriteRune(r)
		}
	}
	return l
}

func TestPSQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"alice@contoso.com", "'alice@contoso.com'"},
		{"o'brien", "'o''brien'"},
		{"x'; Remove-Item -Recurse C:\\; '", "'x''; Remove-Item -Recurse C:\\; '''"},
		{"curly\u2019; calc; \u2018", "'curly\u2019\u2019; calc; \u2018\u2018'"},
		{"low\u201A and high\u201B", "'low\u201A\u201A and high\u201B\u201B'"},
		{"$(calc) and $env:PATH and `n", "'$(calc) and $env:PATH and `n'"},
		{"nul\x00byte", "'nulbyte'"},
		{"", "''"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := psQuote(tt.in)
			if got != tt.want {
				t.Errorf("psQuote(%q) = %q; want %q", tt.in, got, tt.want)
			}
			l := lexPS("$v = " + got + "\r\n")
			if len(l.errs) > 0 || len(l.literals) != 1 || l.literals[0] != strings.ReplaceAll(tt.in, "\x00", "") {
				t.Errorf("PowerShell reads %s as %q (errors %q); want the one literal %q", got, l.literals, l.errs, tt.in)
			}
			if strings.TrimSpace(l.code.String()) != "$v = '…'" {
				t.Errorf("code around the literal = %q; want only the assignment", l.code.String())
			}
		})
	}
}

func TestPSCommentStaysOnItsLine(t *testing.T) {
	got := psComment("evil\r\nRemove-Item C:\\ -Recurse\u2028\u0085x")
	if strings.ContainsAny(got, "\r\n\u2028\u0085") {
		t.Errorf("psComment kept a line break: %q", got)
	}
	l := lexPS("# " + got + "\r\n")
	if len(l.comments) != 1 || strings.TrimSpace(l.code.String()) != "" {
		t.Errorf("the comment split into code %q", l.code.String())
	}
}

func TestRemediationScript(t *testing.T) {
	_, dir := writeFixture(t, openFixture(t), nil)
	b, err := os.ReadFile(filepath.Join(dir, FileRemediation))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	if !strings.HasPrefix(src, "\uFEFF") {
		t.Errorf("remediation.ps1 has no UTF-8 BOM (Windows PowerShell 5.1 would misread it)")
	}
	l := lexPS(strings.TrimPrefix(src, "\uFEFF"))
	for _, e := range l.errs {
		t.Errorf("script: %s", e)
	}
	code := l.code.String()
	// Attacker text from the logs must never be code.
	for _, bad := range []string{"start-process calc", "Remove-Mailbox -Identity *", "contoso.com", "HYPERLINK", "protonmail"} {
		if strings.Contains(code, bad) {
			t.Errorf("script code (outside string literals and comments) contains %q", bad)
		}
	}
	for _, block := range l.blocks {
		if strings.Contains(block, "contoso") || strings.Contains(block, "'") {
			t.Errorf("the block comment holds a value from the logs: %q", block)
		}
	}
	literals := map[string]int{}
	for _, s := range l.literals {
		literals[s]++
	}
	// One block per flagged user, each binding $upn to the exact name.
	users := []string{"alice@contoso.com", "frank@contoso.com", "mallory'; start-process calc; '@contoso.com", "carol@contoso.com",
		"dave@contoso.com", "svc-backup@contoso.com", "bob@contoso.com", "eve@contoso.com"}
	if n := strings.Count(code, "$upn = '…'"); n != len(users) {
		t.Errorf("$upn is set %d times; want one block per flagged user (%d)", n, len(users))
	}
	for _, u := range users {
		if literals[u] == 0 {
			t.Errorf("no string literal holds the user %q exactly", u)
		}
	}
	// The steps act on the ids and names from the logs, as literals.
	for _, want := range []string{
		"principalId eq '5b0e1c7a-3f61-4a8c-9a53-2f0d6f6b9a10' and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'",
		"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",               // the secret the attacker added
		"7c9d2e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f",               // Payroll Sync
		"'; Remove-Mailbox -Identity * ; '",                  // the inbox rule's name
		"clientId eq 'c3b2a190-8f7e-4d6c-b5a4-93827160f5e4'", // Mail Reader Pro
	} {
		if literals[want] == 0 {
			t.Errorf("no string literal holds %q", want)
		}
	}
	if literals["11111111-2222-3333-4444-555555555555"] != 0 {
		t.Errorf("the script removes the app's old secret, which the attacker did not add")
	}
	for _, cmd := range []string{"Revoke-MgUserSignInSession", "ForceChangePasswordNextSignIn = $true", "Confirm-MgRiskyUserCompromised",
		"Remove-MgRoleManagementDirectoryRoleAssignment", "Remove-MgApplicationPassword", "Remove-InboxRule", "Remove-MgOauth2PermissionGrant",
		"SupportsShouldProcess = $true", "Set-CASMailbox"} {
		if !strings.Contains(code, cmd) {
			t.Errorf("script has no %q", cmd)
		}
	}
	// Every change asks first: each command that changes something sits in a ShouldProcess block.
	var inBlock bool
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "if ($PSCmdlet.ShouldProcess(") {
			inBlock = true
			continue
		}
		if line == "}" {
			inBlock = false
		}
		for _, verb := range []string{"Revoke-", "Update-Mg", "Remove-", "Confirm-Mg", "Set-Mailbox", "Set-CASMailbox"} {
			if strings.HasPrefix(line, verb) && !inBlock {
				t.Errorf("%q runs without ShouldProcess", line)
			}
		}
	}
}

// A rule that fired without an audit finding (no record, so no ids) still gets its steps,
// as words, and the script says to do them by hand.
func TestScriptStepsWithoutRecords(t *testing.T) {
	r := &run{opts: Options{}, loc: time.UTC}
	u := &flaggedUser{upn: "zoe@contoso.com", level: "high", state: "atRisk", score: 70,
		rules: []string{"privileged_role_assigned", "app_credential_added", "consent_grant_risky", "inbox_forwarding_external",
			"mailbox_forwarding_external", "mailbox_delegate_added", "federation_changed"}}
	u.steps = r.checklist(u)
	r.flagged = []*flaggedUser{u}
	var got []string
	for _, s := range u.steps {
		got = append(got, s.action())
	}
	want := []string{
		"Reset the password and revoke all sessions",
		"Confirm the user compromised in Entra ID Protection",
		"Remove the privileged role the attacker granted",
		"Remove the app credential the attacker added",
		"Revoke the app consent grant the attacker added",
		"Remove the inbox rule that sends mail outside",
		"Remove mailbox forwarding to the external address",
		"Remove the mailbox delegate the attacker added",
		"Require MFA re-registration",
		"Make sure mailbox auditing is on",
		"Review and revert the domain federation change",
		"Dismiss the risk if the activity is benign",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checklist:\n got %q\nwant %q", got, want)
	}
	p := &psWriter{}
	r.scriptUser(p, 1, u)
	l := lexPS(p.b.String())
	if len(l.errs) > 0 {
		t.Errorf("script: %q", l.errs)
	}
	code := l.code.String()
	for _, cmd := range []string{"Get-InboxRule -Mailbox", "Set-Mailbox -Identity '…' -ForwardingSmtpAddress $null", "Get-MailboxPermission"} {
		if !strings.Contains(code, cmd) {
			t.Errorf("script has no %q for a rule without a record:\n%s", cmd, code)
		}
	}
	if strings.Contains(code, "Remove-MgRoleManagementDirectoryRoleAssignment") || strings.Contains(code, "Remove-MgApplicationPassword") {
		t.Errorf("script removes a role or credential it has no id for")
	}
}
