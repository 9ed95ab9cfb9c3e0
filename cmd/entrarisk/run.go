package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/store"
)

// Exit codes (CONTRACT.md).
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitRejected    = 3
	exitInterrupted = 130
)

// usageError is a mistake in the command line or the configuration.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errRejected means the work was done but some inputs were rejected (each already named).
var errRejected = errors.New("some inputs were rejected")

// env is what every command gets: where to write, and how to log.
type env struct {
	stdout, stderr io.Writer
	logger         *slog.Logger
	isTerminal     bool
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string
	flags   func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		runCommand(),
		ingestCommand(),
		analyzeCommand(),
		reportCommand(),
		scheduleCommand(),
		triageCommand(),
		rulesCommand(),
		queryCommand(),
		exportCommand(),
		complianceCommand(),
		generateCommand(),
		versionCommand(),
	}
}

// run is the whole program: it parses args, runs one command and maps its error to an
// exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			for _, c := range cmds {
				if c.name == args[1] {
					fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
					c.flags(fs)
					fmt.Fprintf(stdout, "usage: entrarisk %s\n\n%s\n\nflags:\n%s", c.usage, c.summary, fs.FlagUsages())
					return exitOK
				}
			}
		}
		printUsage(stdout, cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	var cmd *command
	for i := range cmds {
		if cmds[i].name == args[0] {
			cmd = &cmds[i]
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "entrarisk: unknown command %q\n\n", args[0])
		printUsage(stderr, cmds)
		return exitUsage
	}
	fs := pflag.NewFlagSet("entrarisk "+cmd.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	logFormat := fs.String("log-format", "text", "log format: text or json")
	verbose := fs.BoolP("verbose", "v", false, "log debug detail")
	exec := cmd.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprintf(stdout, "usage: entrarisk %s\n\n%s\n\nflags:\n%s", cmd.usage, cmd.summary, fs.FlagUsages())
			return exitOK
		}
		fmt.Fprintf(stderr, "entrarisk %s: %v\nusage: entrarisk %s\n", cmd.name, err, cmd.usage)
		return exitUsage
	}
	e := &env{stdout: stdout, stderr: stderr, isTerminal: isTerminal(stderr)}
	level := slog.LevelInfo
	if q := fs.Lookup("quiet"); q != nil && q.Value.String() == "true" {
		level = slog.LevelWarn
	}
	if *verbose {
		level = slog.LevelDebug
	}
	switch *logFormat {
	case "json":
		e.logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	case "text":
		e.logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	default:
		fmt.Fprintf(stderr, "entrarisk %s: --log-format must be text or json, not %q\n", cmd.name, *logFormat)
		return exitUsage
	}
	err := exec(ctx, e, fs.Args())
	return exitCode(ctx, cmd.name, err, stderr)
}

// exitCode is the one place errors become exit codes.
func exitCode(ctx context.Context, name string, err error, stderr io.Writer) int {
	var ue *usageError
	var se silentError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &se):
		// Already logged (a scheduled job's run line).
		if errors.Is(err, context.Canceled) {
			return exitInterrupted
		}
		return se.code
	case errors.Is(err, errRejected):
		return exitRejected
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "entrarisk %s: %s\n", name, ue.msg)
		return exitUsage
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "entrarisk %s: interrupted\n", name)
		return exitInterrupted
	case errors.Is(err, store.ErrLocked):
		fmt.Fprintf(stderr, "entrarisk %s: %v\n", name, err)
		return exitFailure
	default:
		fmt.Fprintf(stderr, "entrarisk %s: %s\n", name, sanitize(err.Error()))
		return exitFailure
	}
}

func printUsage(w io.Writer, cmds []command) {
	fmt.Fprintf(w, "entrarisk turns exported Microsoft Entra ID sign-in and audit logs into risk reports.\n\nusage: entrarisk COMMAND [flags] [args]\n\ncommands:\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nentrarisk help COMMAND (or COMMAND --help) describes a command's flags.\n")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// sanitize makes text from logs safe to print on a terminal: control characters (escape
// sequences among them) are shown escaped.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || r == '\u202e':
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
