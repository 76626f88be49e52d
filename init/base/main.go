package base

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Version is Bulkhead's version, printed by -version.
const Version = "v0.1.0"

// ExitError ends a program with a given exit code and no message of its own
// (the program printed what it had to say).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit code %d", e.Code) }

// Main runs an executable: run gets a context that ends on SIGINT or SIGTERM
// and the arguments without the program name. A returned error is printed as
// Core does ("Error: …") and exits 1.
//
// Every executable of ours goes through Main, which first sets the umask to
// 077, as Core's SetupEnvironment: whatever the process writes (wallet
// files, their journals, backups, logs, the data directory) is its user's
// only, whatever umask it was started with.
func Main(run func(ctx context.Context, args []string) error) {
	syscall.Umask(0o077)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	var exit *ExitError
	switch {
	case err == nil:
		os.Exit(0)
	case errors.As(err, &exit):
		os.Exit(exit.Code)
	default:
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
