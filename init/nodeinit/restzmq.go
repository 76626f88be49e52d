package nodeinit

import (
	"context"
	"fmt"
	"strings"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/node/zmqnotify"
	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rest"
)

// RESTZMQOptions are the REST and ZMQ options bitcoind and bitcoin-node
// implement.
var RESTZMQOptions = func() []string {
	out := []string{"rest"}
	for _, typ := range zmqnotify.Types {
		out = append(out, "zmq"+typ, "zmq"+typ+"hwm")
	}
	return out
}()

// checkZMQAddresses is Core's check of the -zmqpub* values at start-up: a
// value with a port must have a valid one, unless it is a "unix:" path.
func checkZMQAddresses(a *args.Args) error {
	for _, typ := range zmqnotify.Types {
		for _, v := range a.GetAll("zmq" + typ) {
			if _, _, ok := rpc.SplitHostPort(v, 0); !ok && !strings.HasPrefix(v, "unix:") {
				return fmt.Errorf("Invalid port specified in -zmq%s: '%s'", typ, v)
			}
		}
	}
	return nil
}

// startZMQ binds the -zmqpub* notifiers and subscribes them to the node
// (Core's CZMQNotificationInterface::Create). A notifier that cannot bind
// turns ZMQ off, and the node runs on, as Core's.
func (n *Node) startZMQ(ctx context.Context) {
	a := n.D.Args
	notifiers := zmqnotify.Notifiers(a.GetAll, a.GetInt)
	z, err := zmqnotify.New(&zmqnotify.Config{Node: n.Node, Notifiers: notifiers, Logger: n.D.Logging.Logger("zmq")})
	if err != nil {
		n.D.Log.Warn(fmt.Sprintf("ZMQ notifications are off: %v", err))
		return
	}
	if z == nil {
		return
	}
	if err := z.Start(ctx); err != nil {
		n.D.Log.Warn(fmt.Sprintf("ZMQ notifications are off: %v", err))
		z.Close()
		return
	}
	n.ZMQ = z
}

// startREST serves the REST interface with -rest (Core's StartREST).
func (n *Node) startREST() {
	if !n.D.Args.GetBool("rest", false) {
		return
	}
	rest.Register(n.RPC, &rest.Config{Node: n.Node, Warmup: n.RPC.Warmup, Logger: n.D.Logging.Logger("http")})
}
