package noderpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/node/zmqnotify"
	"github.com/bulkhead-btc/bulkhead/rpc"
)

// getzmqnotifications, as Core's src/zmq/zmqrpc.cpp.

var getzmqnotificationsHelp = rpc.FormatHelp("getzmqnotifications",
	"Returns information about the active ZeroMQ notifications.", nil,
	result(res{typ: rArr, inner: []res{{typ: rObj, inner: []res{
		{typ: rStr, key: "type", desc: "Type of notification"},
		{typ: rStr, key: "address", desc: "Address of the publisher"},
		{typ: rNum, key: "hwm", desc: "Outbound message high water mark"},
	}}}}),
	examples("getzmqnotifications", "", ""))

// ZMQMethods returns getzmqnotifications listing z's active notifiers (none
// when z is nil: ZMQ is off).
func ZMQMethods(z *zmqnotify.Interface) []rpc.Method {
	return []rpc.Method{{
		Name: "getzmqnotifications", Category: "zmq", Help: getzmqnotificationsHelp,
		Handler: func(ctx context.Context, req *rpc.Request) (any, error) {
			out := []object{}
			for _, n := range z.Active() {
				out = append(out, object{{"type", n.Type}, {"address", n.Address}, {"hwm", n.HWM}})
			}
			return out, nil
		},
	}}
}
