package store

// Macros is the SQL of the helper macros every connection gets (macros.sql): the rules'
// dialect layer reads it to inline them for engines other than DuckDB.
func Macros() string { return macrosSQL }
