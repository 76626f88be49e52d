package nodeinit

import (
	"fmt"
	"io"
	"strings"

	"github.com/bulkhead-btc/bulkhead/common/args"
	"github.com/bulkhead-btc/bulkhead/ipc"
)

// IPCServerOptions are the -ipcbind options bitcoind and bitcoin-node
// implement beside -ipcbind itself.
var IPCServerOptions = []string{"ipcnewclient", "ipcrevokeclient", "ipcmaxclientconnections", "ipcmaxpendingcalls", "ipctimeout"}

// ManagesClients says whether the command line asks to add or remove an
// IPC client (-ipcnewclient, -ipcrevokeclient) rather than run the node.
func ManagesClients(a *args.Args) bool {
	return a.IsSet("ipcnewclient") || a.IsSet("ipcrevokeclient")
}

// ManageClients is -ipcnewclient=NAME[:ROLE,…], which authorises a client
// to connect over TCP and writes its credentials file to out, and
// -ipcrevokeclient=NAME, which removes one; neither starts the node.
func ManageClients(a *args.Args, out io.Writer) error {
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
	if name := a.GetString("ipcrevokeclient", ""); a.IsSet("ipcrevokeclient") {
		if err := ipc.RevokeClient(netDir, name); err != nil {
			return fmt.Errorf("-ipcrevokeclient: %w", err)
		}
		_, err := fmt.Fprintf(out, "Client %s removed: its new IPC connections are refused.\n", name)
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
