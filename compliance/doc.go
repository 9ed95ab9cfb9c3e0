// Package compliance writes the compliance export set of CONTRACT.md for an auditor's
// period: the questions Entra's own Azure Monitor workbooks answer (Sign-ins analysis and
// Multifactor Authentication Gaps, Sign-ins using legacy authentication, Conditional Access
// insights and reporting, Sensitive operations report, Authentication prompts analysis),
// answered from the exports in the store alone.
//
//	store ──prepare──▶ the period's records (temporary tables) ──survey──▶ which exports they came from, what they carry
//	                                                          ──measure──▶ the Summary's figures
//	                                                          ──tables───▶ mfa_coverage.csv … mfa_prompts.csv and their sheets
//	      ──summary──▶ compliance.xlsx ──manifest──▶ manifest.json (inputs and outputs with sha256)
//
// Each stage has its file; the queries are embedded SQL files under sql/. prepare.sql
// reads the period's sign-ins, authentication steps, Conditional Access policies and
// directory changes once into temporary tables on one connection; every figure and file
// reads those. An export that lacks a field (the portal's CSV has no policy details; the
// Unified Audit Log no sign-in method) is named on the Summary with what it leaves out,
// instead of being counted as zero.
//
// The files are written as the report set is (reports.Book): owner-only, whole or not at
// all, the same store giving the same CSV bytes, and no cell a formula made from log text.
package compliance
