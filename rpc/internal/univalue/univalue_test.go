package univalue

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestParseWrite(t *testing.T) {
	for _, c := range []struct{ in, compact string }{
		{`50.00000000`, `50.00000000`},
		{` {"b":1,"a":[true,false,null],"b":"x"} `, `{"b":1,"a":[true,false,null],"b":"x"}`},
		{`"\u00e9\ud834\udd1e\/\b"`, "\"é\U0001D11E/\\b\""},
		{`"a\u0000\u001f\u007f"`, `"a\u0000\u001f\u007f"`},
		{`-`, `-`},
		{`1e5`, `1e5`},
		{`[]`, `[]`},
	} {
		v, err := Parse([]byte(c.in))
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := v.Write(0); got != c.compact {
			t.Errorf("Write(%q) = %q, want %q", c.in, got, c.compact)
		}
	}
	for _, bad := range []string{``, ` `, `01`, `1.`, `.5`, `[1,]`, `{"a"}`, `{"a":1,}`, `"\ud834"`, `"\udd1e"`, "\"\x01\"", "\"\xff\"", `nul`, `[1]x`, `"\x"`, `[-]`, `+1`, `1e`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	deep := make([]byte, 0, 2000)
	for range 512 {
		deep = append(deep, '[')
	}
	for range 512 {
		deep = append(deep, ']')
	}
	if !Valid(deep) {
		t.Error("512 levels rejected")
	}
	if Valid(append(append([]byte{'['}, deep...), ']')) {
		t.Error("513 levels accepted")
	}
}

func TestWriteIndent(t *testing.T) {
	v, _ := Parse([]byte(`{"a":1,"b":[],"c":{},"d":[1,{"e":"f"}]}`))
	want := "{\n  \"a\": 1,\n  \"b\": [\n  ],\n  \"c\": {\n  },\n  \"d\": [\n    1,\n    {\n      \"e\": \"f\"\n    }\n  ]\n}"
	if got := v.Write(2); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := NewArray().Write(2); got != "[\n]" {
		t.Errorf("empty array: %q", got)
	}
}

func TestPushKV(t *testing.T) {
	o := NewObject()
	o.PushKV("a", NewNumber("1"))
	o.PushKV("b", NewNumber("2"))
	o.PushKV("a", NewNumber("3"))
	o.PushKVEnd("b", NewNumber("4"))
	if got := o.Write(0); got != `{"a":3,"b":2,"b":4}` {
		t.Errorf("got %s", got)
	}
	if o.Get("b").Str != "2" || !o.Get("zz").IsNull() {
		t.Error("Get")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,"x\u00e9"]}`, `"\ud834\udd1e"`, `[[[]]]`, `-`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			return
		}
		out := v.Write(0)
		v2, err := Parse([]byte(out))
		if err != nil {
			t.Fatalf("re-parse of %q: %v", out, err)
		}
		if v2.Write(0) != out {
			t.Fatalf("not stable: %q", out)
		}
		if v.Kind != Number && !json.Valid([]byte(out)) && utf8.ValidString(out) {
			t.Fatalf("writer made invalid JSON %q", out)
		}
		_ = v.Write(2)
	})
}
