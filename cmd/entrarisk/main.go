// Command entrarisk turns exported Microsoft Entra ID sign-in and audit logs into risk
// reports. See README.md for the commands and ../shared/CONTRACT.md for what they promise.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// ENTRARISK_CPUPROFILE names a file for a CPU profile of the run (for make bench).
	if p := os.Getenv("ENTRARISK_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			pprof.StartCPUProfile(f)
			defer f.Close()
		}
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
}
