package analyze

// Macros is the SQL that makes the helper macros the rules share (sql/macros.sql) on a
// connection: temporary, so they must be made on the connection that uses them. Other
// packages that read directory audits the way the rules do (entrarisk compliance) run it
// too, so that a role, a modified property or a target user means the same there.
func Macros() string { return macrosSQL }
