package args

import (
	"fmt"

	"github.com/bulkhead-btc/bulkhead/common/chainparams"
)

// chainFromSettings works out the chain from -regtest, -testnet, -testnet4,
// -signet and -chain as Core's GetChainArg does: at most one may be given;
// chain switches are read from the command line and the top level of the
// config file only (the last value wins there too), and a negated switch
// (-noregtest) is ignored rather than applied. Caller holds mu.
func (a *Args) chainFromSettings() (chainparams.ChainName, error) {
	flag := func(name string) bool {
		v, ok := a.st.get("", name, false, true)
		if !ok {
			return false
		}
		switch v.kind {
		case kindFalse:
			return false
		case kindTrue:
			return true
		}
		return InterpretBool(v.s)
	}
	regtest, signet, testnet, testnet4 := flag("regtest"), flag("signet"), flag("testnet"), flag("testnet4")
	chainVal, chainSet := a.st.get("", "chain", false, false)

	n := 0
	for _, b := range []bool{chainSet, regtest, signet, testnet, testnet4} {
		if b {
			n++
		}
	}
	if n > 1 {
		return "", newError(ErrChain, "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.")
	}
	switch {
	case chainSet:
		name := chainVal.text()
		if c, ok := chainparams.Parse(name); ok {
			return c, nil
		}
		return "", newError(ErrChain, fmt.Sprintf("Unknown chain %s.", name))
	case regtest:
		return chainparams.Regtest, nil
	case signet:
		return chainparams.Signet, nil
	case testnet:
		return chainparams.Testnet, nil
	case testnet4:
		return chainparams.Testnet4, nil
	}
	return chainparams.Main, nil
}

// Chain returns the selected chain: the one ReadConfigFiles selected, or,
// before that, the one the command line names (main if it names none or
// names conflicting ones; ReadConfigFiles reports the conflict).
func (a *Args) Chain() chainparams.ChainName {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.network != "" {
		return chainparams.ChainName(a.network)
	}
	c, err := a.chainFromSettings()
	if err != nil {
		return chainparams.Main
	}
	return c
}

// ChainArg works out the chain from the options read so far and returns
// Core's error for conflicting chain options or an unknown -chain.
func (a *Args) ChainArg() (chainparams.ChainName, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.chainFromSettings()
}
