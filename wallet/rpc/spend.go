package walletrpc

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
	"github.com/bulkhead-btc/bulkhead/wallet"
)

// maxConfTarget is Core's fee estimator horizon (estimateMaxBlocks).
const maxConfTarget = 1008

const feeModesHelp = "The fee estimate mode, must be one of (case insensitive):\n\"unset\"\n\"economical\"\n\"conservative\""

var sendtoaddressArgs = []rpc.Arg{
	{Name: "address", Type: rpc.ArgStr, Description: "The bitcoin address to send to."},
	{Name: "amount", Type: rpc.ArgAmount, Description: "The amount in BTC to send. eg 0.1"},
	{Name: "comment", Type: rpc.ArgStr, Optional: true, Description: "A comment used to store what the transaction is for.\nThis is not part of the transaction, just kept in your wallet."},
	{Name: "comment_to", Type: rpc.ArgStr, Optional: true, Description: "A comment to store the name of the person or organization\nto which you're sending the transaction. This is not part of the \ntransaction, just kept in your wallet."},
	{Name: "subtractfeefromamount", Type: rpc.ArgBool, Default: "false", Description: "The fee will be deducted from the amount being sent.\nThe recipient will receive less bitcoins than you enter in the amount field."},
	{Name: "replaceable", Type: rpc.ArgBool, Default: "wallet default", Description: "Signal that this transaction can be replaced by a transaction (BIP 125)"},
	{Name: "conf_target", Type: rpc.ArgNum, Default: "wallet -txconfirmtarget", Description: "Confirmation target in blocks"},
	{Name: "estimate_mode", Type: rpc.ArgStr, Default: `"unset"`, Description: feeModesHelp},
	{Name: "avoid_reuse", Type: rpc.ArgBool, Default: "true", Description: "(only available if avoid_reuse wallet flag is set) Avoid spending from dirty addresses; addresses are considered\ndirty if they have previously been used in a transaction. If true, this also activates avoidpartialspends, grouping outputs by their addresses."},
	{Name: "fee_rate", Type: rpc.ArgAmount, Default: "not set, falls back to wallet fee estimation", Description: "Specify a fee rate in sat/vB."},
	{Name: "verbose", Type: rpc.ArgBool, Default: "false", Description: "If true, return extra information about the transaction."},
}

var sendmanyArgs = []rpc.Arg{
	{Name: "dummy", Type: rpc.ArgStr, Default: `""`, Description: `Must be set to "" for backwards compatibility.`},
	{Name: "amounts", Type: rpc.ArgObjUserKeys, Description: "The addresses and amounts",
		Inner: []rpc.Arg{{Name: "address", Type: rpc.ArgAmount, Description: "The bitcoin address is the key, the numeric amount (can be string) in BTC is the value"}}},
	{Name: "minconf", Type: rpc.ArgNum, Optional: true, Description: "Ignored dummy value"},
	{Name: "comment", Type: rpc.ArgStr, Optional: true, Description: "A comment"},
	{Name: "subtractfeefrom", Type: rpc.ArgArr, Optional: true, Description: "The addresses.\nThe fee will be equally deducted from the amount of each selected address.\nThose recipients will receive less bitcoins than you enter in their corresponding amount field.\nIf no addresses are specified here, the sender pays the fee.",
		Inner: []rpc.Arg{{Name: "address", Type: rpc.ArgStr, Optional: true, Description: "Subtract fee from this address"}}},
	{Name: "replaceable", Type: rpc.ArgBool, Default: "wallet default", Description: "Signal that this transaction can be replaced by a transaction (BIP 125)"},
	{Name: "conf_target", Type: rpc.ArgNum, Default: "wallet -txconfirmtarget", Description: "Confirmation target in blocks"},
	{Name: "estimate_mode", Type: rpc.ArgStr, Default: `"unset"`, Description: feeModesHelp},
	{Name: "fee_rate", Type: rpc.ArgAmount, Default: "not set, falls back to wallet fee estimation", Description: "Specify a fee rate in sat/vB."},
	{Name: "verbose", Type: rpc.ArgBool, Default: "false", Description: "If true, return extra information about the transaction."},
}

func sendResultHelp(txidHelp string) string {
	return "\nResult (if verbose is not set or set to false):\n" + sections(rpc.Section{Left: `"hex"`, Right: "(string) " + txidHelp}) +
		"\nResult (if verbose is set to true):\n" + sections(
		rpc.Section{Left: "{", Right: "(json object)"},
		rpc.Section{Left: `  "txid" : "hex",`, Right: "(string) " + txidHelp},
		rpc.Section{Left: `  "fee_reason" : "str"`, Right: "(string) The transaction fee reason."},
		rpc.Section{Left: "}", Right: ""})
}

func (s *server) spendMethods() []rpc.Method {
	const sendmanyTxid = "The transaction id for the send. Only 1 transaction is created regardless of\nthe number of addresses."
	return []rpc.Method{
		{Name: "sendtoaddress", Args: sendtoaddressArgs, Handler: s.sendtoaddress,
			Help: rpc.FormatHelp("sendtoaddress", "Send an amount to a given address."+helpRequiringPassphrase, sendtoaddressArgs,
				sendResultHelp("The transaction id."),
				"\nSend 0.1 BTC\n"+rpc.HelpExampleCli("sendtoaddress", `"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl" 0.1`)+
					"\nSend 0.5 BTC with a fee rate of 25 sat/vB using named arguments\n"+
					rpc.HelpExampleCli("-named sendtoaddress", `address="bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl" amount=0.5 fee_rate=25`))},
		{Name: "sendmany", Args: sendmanyArgs, Handler: s.sendmany,
			Help: rpc.FormatHelp("sendmany", "Send multiple times. Amounts are double-precision floating point numbers."+helpRequiringPassphrase, sendmanyArgs,
				sendResultHelp(sendmanyTxid),
				"\nSend two amounts to two different addresses:\n"+
					rpc.HelpExampleCli("sendmany", `"" "{\"bc1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl\":0.01,\"bc1q02ad21edsxd23d32dfgqqsz4vv4nmtfzuklhy3\":0.02}"`))},
	}
}

// feeOptions is Core's SetFeeEstimateMode.
func feeOptions(req *rpc.Request, confIdx, modeIdx, rateIdx int, o *wallet.SendOptions) error {
	if req.Has(rateIdx) {
		if req.Has(confIdx) {
			return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.")
		}
		if req.Has(modeIdx) {
			m, err := req.String(modeIdx)
			if err != nil {
				return err
			}
			if m != "unset" {
				return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Cannot specify both estimate_mode and fee_rate")
			}
		}
		rate, err := rpc.AmountFromValueDecimals(req.Param(rateIdx), 3)
		if err != nil {
			return err
		}
		r := int64(rate)
		o.FeeRate = &r
		return nil
	}
	if req.Has(modeIdx) {
		m, err := req.String(modeIdx)
		if err != nil {
			return err
		}
		switch strings.ToLower(m) {
		case "unset", "economical", "conservative":
		default:
			return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, `Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"`)
		}
	}
	if req.Has(confIdx) {
		t, err := req.Int(confIdx)
		if err != nil {
			return err
		}
		if t < 1 || t > maxConfTarget {
			return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("Invalid conf_target, must be between %d and %d", 1, maxConfTarget))
		}
		c := int32(t)
		o.ConfTarget = &c
	}
	return nil
}

// parseOutputs is Core's ParseOutputs for {address: amount} members.
func parseOutputs(w *wallet.Wallet, members []rpc.Member) ([]wallet.Recipient, error) {
	seen := map[string]bool{}
	var out []wallet.Recipient
	for _, m := range members {
		script, err := parseAddress(w, m.Key)
		if err != nil {
			return nil, err
		}
		if seen[string(script)] {
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: "+m.Key)
		}
		seen[string(script)] = true
		a, err := rpc.AmountFromValue(m.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, wallet.Recipient{Address: m.Key, Script: script, Amount: int64(a)})
	}
	return out, nil
}

// sendMoney is Core's SendMoney.
func sendMoney(ctx context.Context, w *wallet.Wallet, recipients []wallet.Recipient, o wallet.SendOptions, verbose bool) (any, error) {
	if err := ensureUnlocked(ctx, w); err != nil {
		return nil, err
	}
	res, err := w.Send(ctx, recipients, o)
	if err != nil {
		return nil, err
	}
	if verbose {
		return obj{{"txid", res.Txid.String()}, {"fee_reason", res.FeeReason}}, nil
	}
	return res.Txid.String(), nil
}

func optString(req *rpc.Request, i int) (string, error) { return req.StringOr(i, "") }

func (s *server) sendtoaddress(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	var o wallet.SendOptions
	if o.Comment, err = optString(req, 2); err != nil {
		return nil, err
	}
	if o.CommentTo, err = optString(req, 3); err != nil {
		return nil, err
	}
	if req.Has(5) {
		r, err := req.Bool(5)
		if err != nil {
			return nil, err
		}
		o.Replaceable = &r
	}
	if _, err := avoidReuseFlag(w.HasFlag(wallet.FlagAvoidReuse), req, 8); err != nil {
		return nil, err
	}
	if err := feeOptions(req, 6, 7, 9, &o); err != nil {
		return nil, err
	}
	if err := ensureUnlocked(ctx, w); err != nil {
		return nil, err
	}
	address, err := req.String(0)
	if err != nil {
		return nil, err
	}
	recipients, err := parseOutputs(w, []rpc.Member{{Key: address, Value: req.Param(1)}})
	if err != nil {
		return nil, err
	}
	if recipients[0].SubtractFee, err = req.BoolOr(4, false); err != nil {
		return nil, err
	}
	verbose, err := req.BoolOr(10, false)
	if err != nil {
		return nil, err
	}
	return sendMoney(ctx, w, recipients, o, verbose)
}

// subtractFeeFrom is Core's InterpretSubtractFeeFromOutputInstructions.
func subtractFeeFrom(raw json.RawMessage, recipients []wallet.Recipient) error {
	if rpc.IsNull(raw) {
		return nil
	}
	items, err := rpc.GetArray(raw)
	if err != nil {
		return err
	}
	set := map[int]bool{}
	for _, it := range items {
		if a, err := rpc.GetString(it); err == nil {
			for i := range recipients {
				if recipients[i].Address == a {
					set[i] = true
					break
				}
			}
			continue
		}
		pos, err := rpc.GetInt(it)
		if err != nil {
			continue
		}
		switch {
		case set[pos]:
			return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("Invalid parameter, duplicated position: %d", pos))
		case pos < 0:
			return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("Invalid parameter, negative position: %d", pos))
		case pos >= len(recipients):
			return rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, fmt.Sprintf("Invalid parameter, position too large: %d", pos))
		}
		set[pos] = true
	}
	for i := range set {
		recipients[i].SubtractFee = true
	}
	return nil
}

func (s *server) sendmany(ctx context.Context, req *rpc.Request) (any, error) {
	w, err := s.syncedWallet(ctx, req)
	if err != nil {
		return nil, err
	}
	if req.Has(0) {
		d, err := req.String(0)
		if err != nil {
			return nil, err
		}
		if d != "" {
			return nil, rpcerr.NewError(rpcerr.RPC_INVALID_PARAMETER, `Dummy value must be set to ""`)
		}
	}
	members, err := rpc.GetObject(req.Param(1))
	if err != nil {
		return nil, err
	}
	var o wallet.SendOptions
	if o.Comment, err = optString(req, 3); err != nil {
		return nil, err
	}
	if req.Has(5) {
		r, err := req.Bool(5)
		if err != nil {
			return nil, err
		}
		o.Replaceable = &r
	}
	if err := feeOptions(req, 6, 7, 8, &o); err != nil {
		return nil, err
	}
	recipients, err := parseOutputs(w, members)
	if err != nil {
		return nil, err
	}
	if err := subtractFeeFrom(req.Param(4), recipients); err != nil {
		return nil, err
	}
	verbose, err := req.BoolOr(9, false)
	if err != nil {
		return nil, err
	}
	return sendMoney(ctx, w, recipients, o, verbose)
}
