package zmq

import (
	"fmt"
	"net"
	"os"
	"strings"
)

// Endpoint prefixes libzmq uses.
const (
	tcpPrefix = "tcp://"
	ipcPrefix = "ipc://"
)

// parseEndpoint splits a libzmq endpoint into the network and address
// net.Listen takes: "tcp://host:port" ("*" for every IPv4 interface,
// "[v6]:port" for IPv6, port "*" or 0 for a free one) or "ipc://path".
func parseEndpoint(endpoint string) (network, address string, err error) {
	switch {
	case strings.HasPrefix(endpoint, tcpPrefix):
		hostport := endpoint[len(tcpPrefix):]
		host, port, serr := net.SplitHostPort(hostport)
		if serr != nil || host == "" {
			return "", "", newError(ErrEndpoint, fmt.Sprintf("invalid TCP endpoint %q", endpoint), serr)
		}
		if host == "*" {
			host = "0.0.0.0"
		}
		if port == "*" {
			port = "0"
		}
		return "tcp", net.JoinHostPort(host, port), nil
	case strings.HasPrefix(endpoint, ipcPrefix):
		path := endpoint[len(ipcPrefix):]
		if path == "" || path == "*" {
			return "", "", newError(ErrEndpoint, fmt.Sprintf("invalid IPC endpoint %q", endpoint), nil)
		}
		return "unix", path, nil
	case strings.Contains(endpoint, "://"):
		return "", "", newError(ErrEndpoint, fmt.Sprintf("protocol not supported: %q", endpoint), nil)
	}
	return "", "", newError(ErrEndpoint, fmt.Sprintf("invalid endpoint %q", endpoint), nil)
}

// listen binds an endpoint. As libzmq, a Unix socket path left behind by
// an earlier run is removed first.
func listen(endpoint string) (net.Listener, error) {
	network, address, err := parseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if network == "unix" {
		if st, serr := os.Lstat(address); serr == nil && st.Mode()&os.ModeSocket != 0 {
			os.Remove(address)
		}
	}
	ln, err := net.Listen(network, address)
	if err != nil {
		return nil, newError(ErrBind, fmt.Sprintf("cannot bind %s", endpoint), err)
	}
	if ul, ok := ln.(*net.UnixListener); ok {
		ul.SetUnlinkOnClose(true)
	}
	return ln, nil
}
