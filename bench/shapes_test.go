package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
	"github.com/bulkhead-btc/bulkhead/internal/testenv"
)

var shapes = []string{"bitcoind", "bitcoin-node"}

func rounds() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 3
}

type figures map[string][]float64

func (f figures) add(name string, v float64) { f[name] = append(f[name], v) }

func (f figures) report(b *testing.B) {
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range f {
			if !yield(n) {
				return
			}
		}
	})
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-58s %12s   %s\n", "metric", "median", "min..max")
	for _, n := range names {
		v := slices.Sorted(slices.Values(f[n]))
		fmt.Fprintf(&sb, "%-58s %12.2f   %.2f..%.2f\n", n, v[len(v)/2], v[0], v[len(v)-1])
		b.ReportMetric(v[len(v)/2], strings.NewReplacer(" ", "_", "(", "", ")", "", ",", "").Replace(n))
	}
	fmt.Print(sb.String())
}

// BenchmarkWalletShapes runs, per round and shape: 200 × sendtoaddress +
// getbalances, and a -loadblock of the 100k-input chain with one wallet
// loaded. Run with -benchtime 1x.
func BenchmarkWalletShapes(b *testing.B) {
	chainFile := testenv.Shared(b, "testdata/chains/regtest-100k-inputs.dat")
	f := figures{}
	for range b.N {
		for round := range rounds() {
			for _, exe := range shapes {
				sends(b, f, exe)
				loadBlocks(b, f, exe, chainFile)
			}
			fmt.Fprintf(os.Stderr, "round %d done\n", round+1)
		}
	}
	f.report(b)
}

// sends times 200 sendtoaddress, each followed by getbalances, over
// JSON-RPC.
func sends(b *testing.B, f figures, exe string) {
	n := nodetest.StartNode(b, exe, "-fallbackfee=0.0002")
	n.MustCall("", "createwallet", "w")
	addr := unquote(n.MustCall("w", "getnewaddress"))
	n.MustCall("", "generatetoaddress", 300, addr)
	dest := unquote(n.MustCall("w", "getnewaddress"))
	start := time.Now()
	for range 200 {
		n.MustCall("w", "sendtoaddress", dest, 0.001)
		n.MustCall("w", "getbalances")
	}
	elapsed := time.Since(start)
	n.Stop()
	f.add(exe+": 200 sendtoaddress+getbalances, ms", float64(elapsed.Milliseconds()))
	f.add(exe+": per send+getbalances, ms", float64(elapsed.Microseconds())/200/1000)
}

var statsRe = regexp.MustCompile(`IPC connection to bitcoin-wallet-\d+ closed .*calls made (\d+), served (\d+); messages out \d+, in \d+; bytes out (\d+), in (\d+)`)

// loadBlocks times a -loadblock of the shared chain while one wallet
// follows it: from start until the node is at the tip and the wallet has
// processed it; then CPU (node and wallet process) and, in bitcoin-node, the
// IPC traffic per block.
func loadBlocks(b *testing.B, f figures, exe, chainFile string) {
	const tipHeight = 1700
	n := nodetest.StartNode(b, exe)
	n.MustCall("", "createwallet", "w")
	n.Stop()
	start := time.Now()
	n.Start("-loadblock="+chainFile, "-wallet=w")
	for {
		var info struct {
			LastProcessedBlock struct{ Height int } `json:"lastprocessedblock"`
		}
		res, err := n.Call("w", "getwalletinfo")
		if err == nil && json.Unmarshal(res, &info) == nil && info.LastProcessedBlock.Height >= tipHeight {
			break
		}
		if time.Since(start) > 10*time.Minute {
			b.Fatalf("%s: -loadblock not done after 10 minutes (getwalletinfo: %s %v)", exe, res, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	n.Stop()
	ru := n.Cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	f.add(exe+": -loadblock 100k inputs with a wallet, wall s", elapsed.Seconds())
	f.add(exe+": -loadblock 100k inputs with a wallet, CPU s", cpu.Seconds())
	if exe != "bitcoin-node" {
		return
	}
	log, _ := os.ReadFile(filepath.Join(n.Datadir, "regtest", "debug.log"))
	m := statsRe.FindAllSubmatch(log, -1)
	if len(m) == 0 {
		b.Fatalf("no IPC statistics for the wallet connection in debug.log")
	}
	last := m[len(m)-1]
	num := func(i int) float64 { v, _ := strconv.ParseFloat(string(last[i]), 64); return v }
	f.add("bitcoin-node: IPC calls per block (node→wallet and back)", (num(1)+num(2))/tipHeight)
	f.add("bitcoin-node: IPC bytes per block", (num(3)+num(4))/tipHeight)
}

func unquote(raw json.RawMessage) string {
	var s string
	json.Unmarshal(raw, &s)
	return s
}
