package nodeinit

import (
	"fmt"
	"io"
	"strings"
	"syscall"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/ipc"
)

// IPCServerOptions are the -ipcbind options bitcoind and bitcoin-node
// implement beside -ipcbind itself.
var IPCServerOptions = []string{"ipcnewclient", "ipcmaxclientconnections", "ipcmaxpendingcalls", "ipctimeout"}

// NewClient is -ipcnewclient=NAME[:ROLE,…]: it authorises a client to
// connect over TCP and writes its credentials file to out, without starting
// the node.
func NewClient(a *args.Args, out io.Writer) error {
	syscall.Umask(0o077)
	if err := a.ReadConfigFiles(); err != nil {
		return err
	}
	if err := a.CreateDataDirs(); err != nil {
		return err
	}
	netDir, err := a.NetDataDir()
	if err != nil {
		return err
	}
	name, roles, err := ipc.ParseClientSpec(a.GetString("ipcnewclient", ""))
	if err != nil {
		return err
	}
	var hint string
	for _, addr := range a.GetAll("ipcbind") {
		if strings.HasPrefix(addr, "tcp:") {
			hint = addr
		}
	}
	creds, err := ipc.NewClient(netDir, name, roles, hint)
	if err != nil {
		return fmt.Errorf("-ipcnewclient: %w", err)
	}
	_, err = out.Write(creds)
	return err
}
