package args

import (
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
