package interfaces

import "context"

// Rpc executes JSON-RPC requests as the node's HTTP server would. request is a
// JSON-RPC request object or batch, uri the HTTP path ("/" or "/wallet/NAME"),
// user the authenticated user name; the result is the JSON reply body.
type Rpc interface {
	ExecuteRpc(ctx context.Context, request, uri, user string) (string, error)
}
