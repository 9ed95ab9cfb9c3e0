// Command entrarisk turns exported Microsoft Entra ID sign-in and audit logs into risk
// reports. See README.md for the commands and ../shared/CONTRACT.md for what they promise.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
