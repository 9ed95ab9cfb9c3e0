package main

import (
	"context"
	"errors"

	"github.com/spf13/pflag"
)

func todo(name, summary string) command {
	return command{name: name, summary: summary, usage: name, flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
		return func(context.Context, *env, []string) error { return errors.New("not built yet") }
	}}
}

func runCommand() command      { return todo("run", "ingest + analyze + report in one go: the main job") }
func analyzeCommand() command  { return todo("analyze", "run every enabled rule over the store") }
func reportCommand() command   { return todo("report", "write the report set from the store") }
func scheduleCommand() command { return todo("schedule", "run the job on a cron spec") }
func triageCommand() command   { return todo("triage", "record an analyst decision") }
func rulesCommand() command    { return todo("rules", "list the rules") }
