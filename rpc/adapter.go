package rpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// RpcAdapter implements interfaces.Rpc on a Server, as Core's RpcImpl:
// bitcoin-cli -ipcconnect sends the request it would POST and gets the reply
// body back.
type RpcAdapter struct{ Server *Server }

var _ interfaces.Rpc = RpcAdapter{}

// ExecuteRpc runs request for uri and user through Server.Execute.
func (a RpcAdapter) ExecuteRpc(ctx context.Context, request, uri, user string) (string, error) {
	return string(a.Server.Execute(ctx, []byte(request), uri, user)), nil
}

// AsRpc returns the server as an interfaces.Rpc.
func (s *Server) AsRpc() interfaces.Rpc { return RpcAdapter{Server: s} }
