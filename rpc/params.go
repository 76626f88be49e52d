package rpc

import (
	"encoding/json"
	"strconv"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
	"github.com/bulkhead-btc/bulkhead/rpc/rpcerr"
)

// Param helpers. Each reads one JSON parameter with the checks Core's
// UniValue getters make and fails with Core's errors, so handlers stay short:
// a wrong JSON type is rpcerr.RPC_TYPE_ERROR "JSON value of type string is not of
// expected type number"; an integer that does not fit is rpcerr.RPC_MISC_ERROR
// "JSON integer out of range" (Core's std::runtime_error).

// parseRaw parses a parameter; nil or empty is null.
func parseRaw(raw json.RawMessage) (univalue.Value, error) {
	if len(raw) == 0 {
		return univalue.Value{}, nil
	}
	v, err := univalue.Parse(raw)
	if err != nil {
		return univalue.Value{}, rpcerr.NewError(rpcerr.RPC_PARSE_ERROR, "Parse error")
	}
	return v, nil
}

func typeError(got, want univalue.Kind) *rpcerr.Error {
	return rpcerr.Errorf(rpcerr.RPC_TYPE_ERROR, "JSON value of type %s is not of expected type %s", got.TypeName(), want.TypeName())
}

func expect(raw json.RawMessage, want univalue.Kind) (univalue.Value, error) {
	v, err := parseRaw(raw)
	if err != nil {
		return v, err
	}
	if v.Kind != want {
		return v, typeError(v.Kind, want)
	}
	return v, nil
}

// IsNull reports whether raw is absent or JSON null.
func IsNull(raw json.RawMessage) bool {
	v, err := parseRaw(raw)
	return err == nil && v.Kind == univalue.Null
}

// GetString is UniValue::get_str.
func GetString(raw json.RawMessage) (string, error) {
	v, err := expect(raw, univalue.String)
	return v.Str, err
}

// GetBool is UniValue::get_bool.
func GetBool(raw json.RawMessage) (bool, error) {
	v, err := expect(raw, univalue.Bool)
	return v.Bool, err
}

// GetInt64 is UniValue::getInt<int64_t>: the number must be an integer
// literal that fits.
func GetInt64(raw json.RawMessage) (int64, error) {
	return getInt(raw, 64)
}

// GetInt is UniValue::getInt<int> (32 bits, as Core's int).
func GetInt(raw json.RawMessage) (int, error) {
	n, err := getInt(raw, 32)
	return int(n), err
}

// GetUint64 is UniValue::getInt<uint64_t>.
func GetUint64(raw json.RawMessage) (uint64, error) {
	v, err := expect(raw, univalue.Number)
	if err != nil {
		return 0, err
	}
	n, perr := strconv.ParseUint(v.Str, 10, 64)
	if perr != nil {
		return 0, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "JSON integer out of range")
	}
	return n, nil
}

func getInt(raw json.RawMessage, bits int) (int64, error) {
	v, err := expect(raw, univalue.Number)
	if err != nil {
		return 0, err
	}
	s := v.Str
	if len(s) > 0 && s[0] == '+' { // from_chars takes no plus sign
		return 0, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "JSON integer out of range")
	}
	n, perr := strconv.ParseInt(s, 10, bits)
	if perr != nil {
		return 0, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "JSON integer out of range")
	}
	return n, nil
}

// GetFloat64 is UniValue::get_real.
func GetFloat64(raw json.RawMessage) (float64, error) {
	v, err := expect(raw, univalue.Number)
	if err != nil {
		return 0, err
	}
	f, perr := strconv.ParseFloat(v.Str, 64)
	if perr != nil {
		return 0, rpcerr.NewError(rpcerr.RPC_MISC_ERROR, "JSON double out of range")
	}
	return f, nil
}

// GetArray is UniValue::get_array: the elements as raw JSON.
func GetArray(raw json.RawMessage) ([]json.RawMessage, error) {
	v, err := expect(raw, univalue.Array)
	if err != nil {
		return nil, err
	}
	out := make([]json.RawMessage, len(v.Values))
	for i, e := range v.Values {
		out[i] = json.RawMessage(e.Write(0))
	}
	return out, nil
}

// Member is one key of a JSON object, in request order.
type Member struct {
	Key   string
	Value json.RawMessage
}

// GetObject is UniValue::get_obj: the members in order, duplicates kept.
func GetObject(raw json.RawMessage) ([]Member, error) {
	v, err := expect(raw, univalue.Object)
	if err != nil {
		return nil, err
	}
	out := make([]Member, len(v.Keys))
	for i, k := range v.Keys {
		out[i] = Member{Key: k, Value: json.RawMessage(v.Values[i].Write(0))}
	}
	return out, nil
}

// Param returns positional parameter i, or nil when it was not given.
func (r *Request) Param(i int) json.RawMessage {
	if i < 0 || i >= len(r.Params) {
		return nil
	}
	return r.Params[i]
}

// Has reports whether parameter i was given and is not null.
func (r *Request) Has(i int) bool { return !IsNull(r.Param(i)) }

// String returns parameter i as a string (required).
func (r *Request) String(i int) (string, error) { return GetString(r.Param(i)) }

// Int returns parameter i as an int (required).
func (r *Request) Int(i int) (int, error) { return GetInt(r.Param(i)) }

// Int64 returns parameter i as an int64 (required).
func (r *Request) Int64(i int) (int64, error) { return GetInt64(r.Param(i)) }

// Bool returns parameter i as a bool (required).
func (r *Request) Bool(i int) (bool, error) { return GetBool(r.Param(i)) }

// Float64 returns parameter i as a float64 (required).
func (r *Request) Float64(i int) (float64, error) { return GetFloat64(r.Param(i)) }

// Amount returns parameter i with AmountFromValue.
func (r *Request) Amount(i int) (Amount, error) { return AmountFromValue(r.Param(i)) }

// StringOr returns parameter i as a string, or def when absent or null.
func (r *Request) StringOr(i int, def string) (string, error) {
	if !r.Has(i) {
		return def, nil
	}
	return r.String(i)
}

// IntOr returns parameter i as an int, or def when absent or null.
func (r *Request) IntOr(i int, def int) (int, error) {
	if !r.Has(i) {
		return def, nil
	}
	return r.Int(i)
}

// Int64Or returns parameter i as an int64, or def when absent or null.
func (r *Request) Int64Or(i int, def int64) (int64, error) {
	if !r.Has(i) {
		return def, nil
	}
	return r.Int64(i)
}

// BoolOr returns parameter i as a bool, or def when absent or null.
func (r *Request) BoolOr(i int, def bool) (bool, error) {
	if !r.Has(i) {
		return def, nil
	}
	return r.Bool(i)
}

// Unmarshal decodes parameter i into v with encoding/json; a decoding
// failure is rpcerr.RPC_TYPE_ERROR with json's message.
func (r *Request) Unmarshal(i int, v any) error {
	raw := r.Param(i)
	if raw == nil {
		raw = json.RawMessage("null")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return rpcerr.Errorf(rpcerr.RPC_TYPE_ERROR, "%v", err)
	}
	return nil
}
