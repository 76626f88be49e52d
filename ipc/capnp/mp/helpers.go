package mp

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Nop is the handler of Core's destroy methods: a Go object is released with
// its last reference, so there is nothing to do.
func Nop(context.Context, Dispatcher, *ServerCall) error { return nil }

// takeData copies Data out of a received message, whose buffer is reused
// once the call is done. (Handing large values out in place and giving up
// the buffer measured slower: the next message then lands in fresh memory.)
func takeData(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}

// TakeData returns Data read from the params that stays valid after the
// handler returns.
func (s *ServerCall) TakeData(b []byte) []byte { return takeData(b) }

// TakeData returns Data read from the results that stays valid after the
// result is released.
func (r Result) TakeData(b []byte) []byte { return takeData(b) }

// Formatter renders a payload for -loglevel=ipc:trace, Core style:
// (name = value, ...).
type Formatter struct {
	b strings.Builder
	n int
}

const maxLogged = 160

func (f *Formatter) field(name string) {
	if f.n == 0 {
		f.b.WriteByte('(')
	} else {
		f.b.WriteString(", ")
	}
	f.n++
	f.b.WriteString(name)
	f.b.WriteString(" = ")
}

// Value logs a scalar.
func (f *Formatter) Value(name string, v any) {
	f.field(name)
	fmt.Fprint(&f.b, v)
}

// Text logs a Text value, shortened.
func (f *Formatter) Text(name string) func(string, error) {
	return func(s string, err error) {
		f.field(name)
		if err != nil {
			f.b.WriteString("<" + err.Error() + ">")
			return
		}
		if len(s) > maxLogged {
			f.b.WriteString(strconv.Quote(s[:maxLogged]) + "…(" + strconv.Itoa(len(s)) + " bytes)")
			return
		}
		f.b.WriteString(strconv.Quote(s))
	}
}

// Data logs a Data value as hex, shortened.
func (f *Formatter) Data(name string) func([]byte, error) {
	return func(b []byte, err error) {
		f.field(name)
		if err != nil {
			f.b.WriteString("<" + err.Error() + ">")
			return
		}
		if len(b) > maxLogged/2 {
			f.b.WriteString(hex.EncodeToString(b[:maxLogged/2]) + "…(" + strconv.Itoa(len(b)) + " bytes)")
			return
		}
		f.b.WriteString(hex.EncodeToString(b))
	}
}

// Secret logs that a value is there without showing it.
func (f *Formatter) Secret(name string) {
	f.field(name)
	f.b.WriteString("***")
}

// Cap logs a capability.
func (f *Formatter) Cap(name string, present bool) {
	f.field(name)
	if present {
		f.b.WriteString("<capability>")
	} else {
		f.b.WriteString("null")
	}
}

// Ptr logs a struct or list without its contents.
func (f *Formatter) Ptr(name string, present bool) {
	f.field(name)
	if present {
		f.b.WriteString("{…}")
	} else {
		f.b.WriteString("null")
	}
}

// String returns the rendering.
func (f *Formatter) String() string {
	if f.n == 0 {
		return "()"
	}
	return f.b.String() + ")"
}

// DataTaker is what generated readers use to keep received Data.
type DataTaker interface {
	TakeData([]byte) []byte
}
