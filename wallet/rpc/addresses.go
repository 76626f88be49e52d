package walletrpc

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/rpc"
)

var getnewaddressArgs = []rpc.Arg{
	{Name: "label", Type: rpc.ArgStr, Default: `""`, Description: `The label name for the address to be linked to. It can also be set to the empty string "" to represent the default label. The label does not need to exist, it will be created if there is no label by the given name.`},
	{Name: "address_type", Type: rpc.ArgStr, Default: "set by -addresstype", Description: `The address type to use. Options are "legacy", "p2sh-segwit", "bech32", and "bech32m".`},
}

var getrawchangeaddressArgs = []rpc.Arg{
	{Name: "address_type", Type: rpc.ArgStr, Default: "set by -changetype", Description: `The address type to use. Options are "legacy", "p2sh-segwit", "bech32", and "bech32m".`},
}

func (s *server) addressMethods() []rpc.Method {
	return []rpc.Method{
		{Name: "getnewaddress", Args: getnewaddressArgs, Handler: s.getnewaddress,
			Help: rpc.FormatHelp("getnewaddress", "Returns a new Bitcoin address for receiving payments.\nIf 'label' is specified, it is added to the address book \nso payments received with the address will be associated with 'label'.",
				getnewaddressArgs, "\nResult:\n"+sections(rpc.Section{Left: `"str"`, Right: "(string) The new bitcoin address"}),
				examples("getnewaddress", ""))},
		{Name: "getrawchangeaddress", Args: getrawchangeaddressArgs, Handler: s.getrawchangeaddress,
			Help: rpc.FormatHelp("getrawchangeaddress", "Returns a new Bitcoin address, for receiving change.\nThis is for use with raw transactions, NOT normal use.",
				getrawchangeaddressArgs, "\nResult:\n"+sections(rpc.Section{Left: `"str"`, Right: "(string) The address"}),
				examples("getrawchangeaddress", ""))},
	}
}

func (s *server) getnewaddress(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	label, err := labelFromValue(req.Param(0))
	if err != nil {
		return nil, err
	}
	typ, err := req.StringOr(1, "")
	if err != nil {
		return nil, err
	}
	return w.NewAddress(ctx, label, typ)
}

func (s *server) getrawchangeaddress(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.walletFor(req)
	if err != nil {
		return nil, err
	}
	typ, err := req.StringOr(0, "")
	if err != nil {
		return nil, err
	}
	return w.ChangeAddress(ctx, typ)
}
