package args

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestLogLines(t *testing.T) {
	a, dir := setup(t, "rpcpassword=secret\ndbcache=4\n[regtest]\nrpcport=1\nnotxindex=1\n", "-regtest", "-rpcuser=alice", "-uacomment=a<b")
	want := []string{
		`Config file arg: dbcache="4"`,
		`Config file arg: rpcpassword=****`,
		`Config file arg: [regtest] rpcport="1"`,
		`Config file arg: [regtest] txindex=false`,
		`Command-line arg: datadir="` + dir + `"`,
		`Command-line arg: regtest=""`,
		`Command-line arg: rpcuser=****`,
		`Command-line arg: uacomment="a<b"`,
	}
	if got := a.LogLines(); !reflect.DeepEqual(got, want) {
		t.Errorf("LogLines =\n%q\nwant\n%q", got, want)
	}
}

// TestLogLinesSettingsFile: every settings.json entry is logged, known or
// not, with its JSON compacted, between the config and command-line lines.
func TestLogLinesSettingsFile(t *testing.T) {
	a, dir := setup(t, "", "-regtest")
	writeFile(t, filepath.Join(dir, "regtest", "settings.json"), `{"string": "string", "num": 5, "bool": true, "null": null, "list": [6, 7], "wallet": ["a"]}`)
	if err := a.InitSettings(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Setting file arg: bool = true`,
		`Setting file arg: list = [6,7]`,
		`Setting file arg: null = null`,
		`Setting file arg: num = 5`,
		`Setting file arg: string = "string"`,
		`Setting file arg: wallet = ["a"]`,
		`Command-line arg: datadir="` + dir + `"`,
		`Command-line arg: regtest=""`,
	}
	if got := a.LogLines(); !reflect.DeepEqual(got, want) {
		t.Errorf("LogLines =\n%q\nwant\n%q", got, want)
	}
}
