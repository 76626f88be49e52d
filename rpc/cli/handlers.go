package cli

import (
	"errors"
	"fmt"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// requestHandler turns the command line into a request and the server's
// reply into the reply to print (Core's BaseRequestHandler).
type requestHandler interface {
	prepare(method string, args []string) (univalue.Value, error)
	process(reply univalue.Value) (univalue.Value, error)
}

func num(n int) univalue.Value { return univalue.NewNumber(fmt.Sprint(n)) }

// replyObj builds a JSON-RPC 2.0 success reply around result (Core's
// JSONRPCReplyObj as the handlers use it).
func replyObj(result univalue.Value) univalue.Value {
	r := univalue.NewObject()
	r.PushKV("jsonrpc", univalue.NewString("2.0"))
	r.PushKV("result", result)
	r.PushKV("id", num(1))
	return r
}

// typeErr is UniValue's type_error text.
func typeErr(got, want univalue.Kind) error {
	return fmt.Errorf("JSON value of type %s is not of expected type %s", got.TypeName(), want.TypeName())
}

// getInt is UniValue::getInt<int>.
func getInt(v univalue.Value) (int, error) {
	if v.Kind != univalue.Number {
		return 0, typeErr(v.Kind, univalue.Number)
	}
	n, err := rpc.GetInt([]byte(v.Str))
	if err != nil {
		return 0, errors.New("JSON integer out of range")
	}
	return n, nil
}

// defaultHandler sends the command as one request.
type defaultHandler struct {
	named bool
	id    string
}

func (h defaultHandler) prepare(method string, args []string) (univalue.Value, error) {
	var params univalue.Value
	var err error
	if h.named {
		params, err = convertNamedValues(method, args)
	} else {
		params, err = convertValues(method, args)
	}
	if err != nil {
		return univalue.Value{}, err
	}
	return requestObj(method, params, univalue.NewString(h.id)), nil
}

func (defaultHandler) process(reply univalue.Value) (univalue.Value, error) {
	if reply.Kind != univalue.Object {
		return univalue.Value{}, typeErr(reply.Kind, univalue.Object)
	}
	return reply, nil
}

// getinfoHandler is -getinfo: a batch of getnetworkinfo, getblockchaininfo,
// getwalletinfo and getbalances, combined into one object.
type getinfoHandler struct{}

const (
	idNetworkInfo = iota
	idBlockchainInfo
	idWalletInfo
	idBalances
)

func (getinfoHandler) prepare(method string, args []string) (univalue.Value, error) {
	if len(args) > 0 {
		return univalue.Value{}, errors.New("-getinfo takes no arguments")
	}
	return univalue.NewArray(
		requestObj("getnetworkinfo", univalue.Value{}, num(idNetworkInfo)),
		requestObj("getblockchaininfo", univalue.Value{}, num(idBlockchainInfo)),
		requestObj("getwalletinfo", univalue.Value{}, num(idWalletInfo)),
		requestObj("getbalances", univalue.Value{}, num(idBalances)),
	), nil
}

// processBatchReply is Core's JSONRPCProcessBatchReply: replies in id order.
func processBatchReply(in univalue.Value) ([]univalue.Value, error) {
	if in.Kind != univalue.Array {
		return nil, errors.New("Batch must be an array")
	}
	out := make([]univalue.Value, len(in.Values))
	for _, rec := range in.Values {
		if rec.Kind != univalue.Object {
			return nil, errors.New("Batch member must be an object")
		}
		id, err := getInt(rec.Get("id"))
		if err != nil {
			return nil, err
		}
		if id < 0 || id >= len(out) {
			return nil, errors.New("Batch member id is larger than batch size")
		}
		out[id] = rec
	}
	return out, nil
}

func (getinfoHandler) process(in univalue.Value) (univalue.Value, error) {
	batch, err := processBatchReply(in)
	if err != nil {
		return univalue.Value{}, err
	}
	at := func(i int) univalue.Value {
		if i < len(batch) {
			return batch[i]
		}
		return univalue.Value{}
	}
	if !at(idNetworkInfo).Get("error").IsNull() {
		return at(idNetworkInfo), nil
	}
	if !at(idBlockchainInfo).Get("error").IsNull() {
		return at(idBlockchainInfo), nil
	}
	net := at(idNetworkInfo).Get("result")
	chain := at(idBlockchainInfo).Get("result")
	wallet := at(idWalletInfo).Get("result")
	balances := at(idBalances).Get("result")
	r := univalue.NewObject()
	r.PushKV("version", net.Get("version"))
	r.PushKV("blocks", chain.Get("blocks"))
	r.PushKV("headers", chain.Get("headers"))
	r.PushKV("verificationprogress", chain.Get("verificationprogress"))
	r.PushKV("timeoffset", net.Get("timeoffset"))
	conns := univalue.NewObject()
	conns.PushKV("in", net.Get("connections_in"))
	conns.PushKV("out", net.Get("connections_out"))
	conns.PushKV("total", net.Get("connections"))
	r.PushKV("connections", conns)
	r.PushKV("networks", net.Get("networks"))
	r.PushKV("difficulty", chain.Get("difficulty"))
	r.PushKV("chain", chain.Get("chain"))
	if !wallet.IsNull() {
		r.PushKV("has_wallet", univalue.NewBool(true))
		r.PushKV("keypoolsize", wallet.Get("keypoolsize"))
		r.PushKV("walletname", wallet.Get("walletname"))
		if u := wallet.Get("unlocked_until"); !u.IsNull() {
			r.PushKV("unlocked_until", u)
		}
	}
	if !balances.IsNull() {
		r.PushKV("balance", balances.Get("mine").Get("trusted"))
	}
	r.PushKV("relayfee", net.Get("relayfee"))
	r.PushKV("warnings", net.Get("warnings"))
	return replyObj(r), nil
}

// addrinfoHandler is -addrinfo: getaddrmaninfo's totals per network.
type addrinfoHandler struct{}

func (addrinfoHandler) prepare(method string, args []string) (univalue.Value, error) {
	if len(args) > 0 {
		return univalue.Value{}, errors.New("-addrinfo takes no arguments")
	}
	return requestObj("getaddrmaninfo", univalue.Value{}, num(1)), nil
}

func (addrinfoHandler) process(reply univalue.Value) (univalue.Value, error) {
	if e := reply.Get("error"); !e.IsNull() {
		code, err := getInt(e.Get("code"))
		if err != nil {
			return univalue.Value{}, err
		}
		if code == rpcerr.RPC_METHOD_NOT_FOUND {
			return univalue.Value{}, errors.New("-addrinfo requires bitcoind v26.0 or later which supports getaddrmaninfo RPC. Please upgrade your node or use bitcoin-cli from the same version.")
		}
		return reply, nil
	}
	res := reply.Get("result")
	if res.Kind != univalue.Object {
		return univalue.Value{}, typeErr(res.Kind, univalue.Object)
	}
	addresses := univalue.NewObject()
	for i, network := range res.Keys {
		n, err := getInt(res.Values[i].Get("total"))
		if err != nil {
			return univalue.Value{}, err
		}
		if network == "all_networks" {
			addresses.PushKV("total", num(n))
		} else {
			addresses.PushKV(network, num(n))
		}
	}
	result := univalue.NewObject()
	result.PushKV("addresses_known", addresses)
	return replyObj(result), nil
}

// generateHandler is -generate's generatetoaddress call.
type generateHandler struct{ address string }

func (h *generateHandler) prepare(method string, args []string) (univalue.Value, error) {
	h.address = args[1]
	params, err := convertValues("generatetoaddress", args)
	if err != nil {
		return univalue.Value{}, err
	}
	return requestObj("generatetoaddress", params, num(1)), nil
}

func (h *generateHandler) process(reply univalue.Value) (univalue.Value, error) {
	if reply.Kind != univalue.Object {
		return univalue.Value{}, typeErr(reply.Kind, univalue.Object)
	}
	result := univalue.NewObject()
	result.PushKV("address", univalue.NewString(h.address))
	result.PushKV("blocks", reply.Get("result"))
	return replyObj(result), nil
}
