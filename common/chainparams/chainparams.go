package chainparams

import "fmt"

// ChainName is a chain's name as Bitcoin Core spells it in -chain=NAME and in
// bitcoin.conf section headers.
type ChainName string

// The chains Bitcoin Core knows.
const (
	Main     ChainName = "main"
	Testnet  ChainName = "test" // testnet3
	Testnet4 ChainName = "testnet4"
	Signet   ChainName = "signet"
	Regtest  ChainName = "regtest"
)

// Params holds the chain basics an executable needs before it loads any
// consensus code.
type Params struct {
	// Name is the chain's name.
	Name ChainName
	// DataSubdir is the subdirectory of the data directory that holds this
	// chain's files; empty for main.
	DataSubdir string
	// RPCPort is the default JSON-RPC port (-rpcport).
	RPCPort int
	// P2PPort is the default peer-to-peer port (-port).
	P2PPort int
	// OnionPort is the default port for incoming Tor connections
	// (-bind=...=onion).
	OnionPort int
}

// chains lists every chain in Core's order of precedence for help texts.
var chains = [...]Params{
	{Name: Main, DataSubdir: "", RPCPort: 8332, P2PPort: 8333, OnionPort: 8334},
	{Name: Testnet, DataSubdir: "testnet3", RPCPort: 18332, P2PPort: 18333, OnionPort: 18334},
	{Name: Testnet4, DataSubdir: "testnet4", RPCPort: 48332, P2PPort: 48333, OnionPort: 48334},
	{Name: Signet, DataSubdir: "signet", RPCPort: 38332, P2PPort: 38333, OnionPort: 38334},
	{Name: Regtest, DataSubdir: "regtest", RPCPort: 18443, P2PPort: 18444, OnionPort: 18445},
}

// For returns a copy of the parameters of the named chain. An unknown name
// gives an error of kind ErrUnknownChain with Core's text
// ("Unknown chain NAME.").
func For(name ChainName) (*Params, error) {
	for i := range chains {
		if chains[i].Name == name {
			p := chains[i]
			return &p, nil
		}
	}
	return nil, &Error{Kind: ErrUnknownChain, Description: fmt.Sprintf("Unknown chain %s.", name)}
}

// Parse reports whether s names a known chain, and which.
func Parse(s string) (ChainName, bool) {
	for i := range chains {
		if string(chains[i].Name) == s {
			return chains[i].Name, true
		}
	}
	return "", false
}

// Names returns all chain names in Core's order: main, test, testnet4,
// signet, regtest.
func Names() []ChainName {
	out := make([]ChainName, len(chains))
	for i := range chains {
		out[i] = chains[i].Name
	}
	return out
}

// String returns the name.
func (n ChainName) String() string { return string(n) }
