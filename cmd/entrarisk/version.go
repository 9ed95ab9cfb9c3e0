package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/spf13/pflag"

	"github.com/entrarisk/entrarisk/store"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise the module's.
var version = ""

func versionCommand() command {
	return command{
		name:    "version",
		summary: "version, DuckDB version",
		usage:   "version",
		flags: func(fs *pflag.FlagSet) func(context.Context, *env, []string) error {
			return func(ctx context.Context, e *env, args []string) error {
				v := versionString()
				duck, err := store.EngineVersion(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "entrarisk %s\nDuckDB %s\n", v, duck)
				return nil
			}
		},
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
