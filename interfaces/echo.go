package interfaces

import "context"

// Echo returns what it is given. It exists to prove the IPC plumbing: the
// echoipc RPC spawns a child process and echoes through it.
type Echo interface {
	Echo(ctx context.Context, msg string) (string, error)
}
