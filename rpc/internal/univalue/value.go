package univalue

// Kind is the type of a Value.
type Kind uint8

// The kinds of JSON values, as UniValue's VType.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// TypeName is UniValue's uvTypeName: the word Core puts into type errors
// ("JSON value of type string is not of expected type number").
func (k Kind) TypeName() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "bool"
	case Object:
		return "object"
	case Array:
		return "array"
	case String:
		return "string"
	case Number:
		return "number"
	}
	return "unknown"
}

// Value is one JSON value. Str holds a string's text or a number's literal;
// Keys and Values hold an object's members in order, Values an array's
// elements.
type Value struct {
	Kind   Kind
	Str    string
	Bool   bool
	Keys   []string
	Values []Value
}

// NewString, NewNumber, NewBool, NewObject and NewArray build values.
func NewString(s string) Value { return Value{Kind: String, Str: s} }

// NewNumber makes a number from its literal text, which is not checked.
func NewNumber(text string) Value { return Value{Kind: Number, Str: text} }

// NewBool makes a boolean.
func NewBool(b bool) Value { return Value{Kind: Bool, Bool: b} }

// NewObject makes an empty object.
func NewObject() Value { return Value{Kind: Object} }

// NewArray makes an array of the given elements.
func NewArray(elems ...Value) Value { return Value{Kind: Array, Values: elems} }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.Kind == Null }

// Get returns the first member named key, or null (UniValue::find_value).
// It returns null when v is not an object.
func (v Value) Get(key string) Value {
	if v.Kind != Object {
		return Value{}
	}
	for i, k := range v.Keys {
		if k == key {
			return v.Values[i]
		}
	}
	return Value{}
}

// Has reports whether an object has a member named key.
func (v Value) Has(key string) bool {
	if v.Kind != Object {
		return false
	}
	for _, k := range v.Keys {
		if k == key {
			return true
		}
	}
	return false
}

// Index returns element i of an array or object, or null when out of range.
func (v Value) Index(i int) Value {
	if (v.Kind != Array && v.Kind != Object) || i < 0 || i >= len(v.Values) {
		return Value{}
	}
	return v.Values[i]
}

// Len is the number of elements or members (0 for scalars).
func (v Value) Len() int {
	if v.Kind != Array && v.Kind != Object {
		return 0
	}
	return len(v.Values)
}

// PushKV sets key to val: it replaces the value of an existing key in place,
// else it appends (UniValue::pushKV).
func (v *Value) PushKV(key string, val Value) {
	for i, k := range v.Keys {
		if k == key {
			v.Values[i] = val
			return
		}
	}
	v.PushKVEnd(key, val)
}

// PushKVEnd appends key and val without looking for an existing key
// (UniValue::pushKVEnd), so an object may end up with a key twice.
func (v *Value) PushKVEnd(key string, val Value) {
	v.Kind = Object
	v.Keys = append(v.Keys, key)
	v.Values = append(v.Values, val)
}

// Push appends an element to an array.
func (v *Value) Push(val Value) {
	v.Kind = Array
	v.Values = append(v.Values, val)
}

// ValStr is UniValue::getValStr: a string's or number's text, "" otherwise
// (booleans give "1" or "", as UniValue stores them).
func (v Value) ValStr() string {
	switch v.Kind {
	case String, Number:
		return v.Str
	case Bool:
		if v.Bool {
			return "1"
		}
	}
	return ""
}
