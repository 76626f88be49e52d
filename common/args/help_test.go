package args

import (
	"strings"
	"testing"
)

func TestFormatParagraph(t *testing.T) {
	tests := []struct {
		in            string
		width, indent int
		want          string
	}{
		{"", 79, 0, ""},
		{"test", 79, 0, "test"},
		{" test", 79, 0, " test"},
		{"test test", 79, 0, "test test"},
		{"test test", 4, 0, "test\ntest"},
		{"testerde test", 4, 0, "testerde\ntest"},
		{"test test", 4, 4, "test\n    test"},
		{"This is a very long test string. This is a second sentence in the very long test string.", 79, 0,
			"This is a very long test string. This is a second sentence in the very long\ntest string."},
		{"This is a very long test string.\nThis is a second sentence in the very long test string. This is a third sentence in the very long test string.", 79, 0,
			"This is a very long test string.\nThis is a second sentence in the very long test string. This is a third\nsentence in the very long test string."},
		{"This is a very long test string.\n\nThis is a second sentence in the very long test string. This is a third sentence in the very long test string.", 79, 0,
			"This is a very long test string.\n\nThis is a second sentence in the very long test string. This is a third\nsentence in the very long test string."},
		{"Testing that normal newlines do not get indented.\nLike here.", 79, 0,
			"Testing that normal newlines do not get indented.\nLike here."},
	}
	for _, tc := range tests {
		if got := formatParagraph(tc.in, tc.width, tc.indent); got != tc.want {
			t.Errorf("formatParagraph(%q, %d, %d) =\n%q\nwant\n%q", tc.in, tc.width, tc.indent, got, tc.want)
		}
	}
}

func TestHelpMessage(t *testing.T) {
	a := New([]Option{
		{Name: "zeta", Category: CatOptions, Help: "Last option"},
		{Name: "alpha", Param: "<n>", Category: CatOptions, Help: "First option"},
		{Name: "secret", Category: CatOptions, Debug: true, Help: "Debug only"},
		{Name: "peer", Category: CatConnection, Help: strings.Repeat("word ", 20) + "end"},
		{Name: "h", Category: CatHidden},
		{Name: "wdebug", Category: CatWalletDebug, Debug: true, Help: "Wallet debug"},
		{Name: "custom", Category: "Bulkhead options", Help: "Ours"},
	})
	want := "Options:\n\n" +
		"  -alpha=<n>\n       First option\n\n" +
		"  -zeta\n       Last option\n\n" +
		"Connection options:\n\n" +
		"  -peer\n       word word word word word word word word word word word word word word\n" +
		"       word word word word word word end\n\n" +
		"Bulkhead options:\n\n" +
		"  -custom\n       Ours\n\n"
	if got := a.HelpMessage(false); got != want {
		t.Errorf("HelpMessage(false) =\n%s\nwant\n%s", got, want)
	}
	debug := a.HelpMessage(true)
	for _, s := range []string{"  -secret\n       Debug only\n\n", "Wallet debugging/testing options:\n\n  -wdebug\n"} {
		if !strings.Contains(debug, s) {
			t.Errorf("HelpMessage(true) lacks %q:\n%s", s, debug)
		}
	}
	if strings.Contains(debug, "-h\n") {
		t.Errorf("hidden option listed")
	}
}

func TestHelpMessageCoreServer(t *testing.T) {
	a := New(Common, CoreServer)
	h := a.HelpMessage(false)
	// Groups in Core's order.
	last := -1
	for _, g := range []string{"Options:", "Connection options:", "Wallet options:", "ZeroMQ notification options:", "Debugging/Testing options:", "Chain selection options:", "Node relay options:", "Block creation options:", "RPC server options:", "IPC interprocess connection options:"} {
		i := strings.Index(h, "\n"+g+"\n")
		if g == "Options:" {
			i = strings.Index(h, g)
		}
		if i < 0 || i < last {
			t.Errorf("group %q missing or out of order", g)
		}
		last = i
	}
	for _, s := range []string{"  -help\n       Print this help message and exit (also -h or -?)\n", "  -datadir=<dir>\n", "  -rpcport=<port>\n"} {
		if !strings.Contains(h, s) {
			t.Errorf("help lacks %q", s)
		}
	}
	for _, s := range []string{"  -regtest\n", "  -loglevel=", "  -ipcfd", "  -?\n", "Wallet debugging/testing options:"} {
		if strings.Contains(h, s) {
			t.Errorf("help (no debug) has %q", s)
		}
	}
	hd := a.HelpMessage(true)
	for _, s := range []string{"  -regtest\n", "  -loglevel=<level>|<category>:<level>\n", "Wallet debugging/testing options:"} {
		if !strings.Contains(hd, s) {
			t.Errorf("help-debug lacks %q", s)
		}
	}
	// No line is wider than Core's 79 columns unless it is one long word.
	for _, line := range strings.Split(hd, "\n") {
		if len(line) > 79 && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("line too long: %q", line)
		}
	}
}
