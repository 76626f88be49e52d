package mp

import (
	"encoding/json"
	"errors"

	rpccp "capnproto.org/go/capnp/v3/std/capnp/rpc"

	"github.com/bulkhead-btc/bulkhead/ipc"
)

// errorDetailID tags the exception detail that carries an error's kinds and
// JSON-RPC code, so that errors.Is and RPC codes survive the trip.
const errorDetailID = 0xe3266ba39d8df469

type errorDetail struct {
	Kinds []string `json:"kinds,omitempty"`
	Code  int      `json:"code,omitempty"`
}

// encodeException writes err into exc: its message as the reason, and its
// kinds and RPC code as a detail.
func encodeException(exc rpccp.Exception, err error) {
	exc.SetReason(err.Error())
	switch {
	case errors.Is(err, ipc.ErrUnimplemented):
		exc.SetType(rpccp.Exception_Type_unimplemented)
	case errors.Is(err, ipc.ErrOverloaded):
		exc.SetType(rpccp.Exception_Type_overloaded)
	default:
		exc.SetType(rpccp.Exception_Type_failed)
	}
	d := errorDetail{Kinds: ipc.Kinds(err), Code: ipc.RPCCode(err)}
	if len(d.Kinds) == 0 && d.Code == 0 {
		return
	}
	data, jerr := json.Marshal(d)
	if jerr != nil {
		return
	}
	list, lerr := exc.NewDetails(1)
	if lerr != nil {
		return
	}
	list.At(0).SetDetailId(errorDetailID)
	list.At(0).SetData(data)
}

// decodeException turns a received exception into a Go error.
func decodeException(exc rpccp.Exception) error {
	reason, _ := exc.Reason()
	re := &ipc.RemoteError{Message: reason}
	if exc.HasDetails() {
		list, _ := exc.Details()
		for i := 0; i < list.Len(); i++ {
			det := list.At(i)
			if det.DetailId() != errorDetailID {
				continue
			}
			data, _ := det.Data()
			var d errorDetail
			if json.Unmarshal(data, &d) == nil {
				re.Kinds, re.Code = d.Kinds, d.Code
			}
		}
	}
	switch exc.Type() {
	case rpccp.Exception_Type_unimplemented:
		re.Kinds = append(re.Kinds, ipc.KindKey(ipc.ErrUnimplemented))
	case rpccp.Exception_Type_disconnected:
		re.Kinds = append(re.Kinds, ipc.KindKey(ipc.ErrDisconnected))
	case rpccp.Exception_Type_overloaded:
		re.Kinds = append(re.Kinds, ipc.KindKey(ipc.ErrOverloaded))
	}
	return re
}

func unimplemented(what string) error {
	return &ipc.Error{Kind: ipc.ErrUnimplemented, Description: what + " is not implemented"}
}
