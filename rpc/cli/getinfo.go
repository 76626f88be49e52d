package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/bulkhead-btc/bulkhead/rpc/internal/univalue"
)

// walletBalances is Core's GetWalletBalances: with more than one wallet
// loaded, -getinfo lists each wallet's trusted balance.
func (c *client) walletBalances(result *univalue.Value) error {
	h := c.defaultHandler()
	list, err := c.connectAndCall(h, "listwallets", nil, nil)
	if err != nil {
		return err
	}
	if !list.Get("error").IsNull() {
		return nil
	}
	wallets := list.Get("result")
	if wallets.Len() <= 1 {
		return nil
	}
	balances := univalue.NewObject()
	for _, w := range wallets.Values {
		if w.Kind != univalue.String {
			return typeErr(w.Kind, univalue.String)
		}
		name := w.Str
		b, err := c.connectAndCall(h, "getbalances", nil, &name)
		if err != nil {
			return err
		}
		balances.PushKV(name, b.Get("result").Get("mine").Get("trusted"))
	}
	result.PushKV("balances", balances)
	return nil
}

// progressBar is Core's GetProgressBar: 5% steps of ▒ then ░.
func progressBar(progress float64) string {
	if progress < 0 || progress > 1 {
		return ""
	}
	var b strings.Builder
	for i := 0; float64(i) < progress/0.05; i++ {
		b.WriteString("\u2592")
	}
	for i := 0; float64(i) < (1-progress)/0.05; i++ {
		b.WriteString("\u2591")
	}
	return b.String()
}

func (c *client) colorize() (bool, error) {
	color := c.env.Options.GetString("-color", "auto")
	switch color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		f, ok := c.env.Stdout.(*os.File)
		if !ok {
			return false, nil
		}
		st, err := f.Stat()
		return err == nil && st.Mode()&os.ModeCharDevice != 0, nil
	}
	return false, errors.New("Invalid value for -color option. Valid values: always, auto, never.")
}

// formatGetinfo is Core's ParseGetInfoResult: the human-readable -getinfo
// text, returned as a string value.
func (c *client) formatGetinfo(r univalue.Value) (univalue.Value, error) {
	if !r.Get("error").IsNull() {
		return r, nil
	}
	color, err := c.colorize()
	if err != nil {
		return univalue.Value{}, err
	}
	var reset, green, blue, yellow, magenta, cyan string
	if color {
		reset, green, blue, yellow, magenta, cyan = "\x1b[0m", "\x1b[32m", "\x1b[34m", "\x1b[33m", "\x1b[35m", "\x1b[36m"
	}
	s := fmt.Sprintf("%sChain: %s%s\n", blue, r.Get("chain").ValStr(), reset)
	s += fmt.Sprintf("Blocks: %s\n", r.Get("blocks").ValStr())
	s += fmt.Sprintf("Headers: %s\n", r.Get("headers").ValStr())
	vp := r.Get("verificationprogress")
	if vp.Kind != univalue.Number {
		return univalue.Value{}, typeErr(vp.Kind, univalue.Number)
	}
	progress, err := strconv.ParseFloat(vp.Str, 64)
	if err != nil {
		return univalue.Value{}, errors.New("JSON double out of range")
	}
	bar := ""
	if progress < 0.99 {
		bar = progressBar(progress) + " "
	}
	s += fmt.Sprintf("Verification progress: %s%.4f%%\n", bar, progress*100)
	s += fmt.Sprintf("Difficulty: %s\n\n", r.Get("difficulty").ValStr())
	conns := r.Get("connections")
	s += fmt.Sprintf("%sNetwork: in %s, out %s, total %s%s\n", green,
		conns.Get("in").ValStr(), conns.Get("out").ValStr(), conns.Get("total").ValStr(), reset)
	s += fmt.Sprintf("Version: %s\n", r.Get("version").ValStr())
	s += fmt.Sprintf("Time offset (s): %s\n", r.Get("timeoffset").ValStr())

	networks := r.Get("networks")
	if networks.Kind != univalue.Array && networks.Kind != univalue.Object {
		return univalue.Value{}, errors.New("JSON value is not an object or array as expected")
	}
	var order []string
	byProxy := map[string][]string{}
	for _, n := range networks.Values {
		proxy := n.Get("proxy").ValStr()
		if proxy == "" {
			continue
		}
		if _, seen := byProxy[proxy]; !seen {
			order = append(order, proxy)
		}
		byProxy[proxy] = append(byProxy[proxy], n.Get("name").ValStr())
	}
	proxies := "n/a"
	if len(order) > 0 {
		parts := make([]string, len(order))
		for i, p := range order {
			parts[i] = fmt.Sprintf("%s (%s)", p, strings.Join(byProxy[p], ", "))
		}
		proxies = strings.Join(parts, ", ")
	}
	s += fmt.Sprintf("Proxies: %s\n", proxies)
	s += fmt.Sprintf("Min tx relay fee rate (BTC/kvB): %s\n\n", r.Get("relayfee").ValStr())

	if !r.Get("has_wallet").IsNull() {
		name := r.Get("walletname").ValStr()
		if name == "" {
			name = `""`
		}
		s += fmt.Sprintf("%sWallet: %s%s\n", magenta, name, reset)
		s += fmt.Sprintf("Keypool size: %s\n", r.Get("keypoolsize").ValStr())
		if u := r.Get("unlocked_until"); !u.IsNull() {
			s += fmt.Sprintf("Unlocked until: %s\n", u.ValStr())
		}
	}
	if b := r.Get("balance"); !b.IsNull() {
		s += fmt.Sprintf("%sBalance:%s %s\n\n", cyan, reset, b.ValStr())
	}
	if bs := r.Get("balances"); !bs.IsNull() {
		s += fmt.Sprintf("%sBalances%s\n", cyan, reset)
		width := 10
		for _, v := range bs.Values {
			width = max(width, len(v.ValStr()))
		}
		for i, w := range bs.Keys {
			if w == "" {
				w = `""`
			}
			s += fmt.Sprintf("%*s %s\n", width, bs.Values[i].ValStr(), w)
		}
		s += "\n"
	}
	warnings := r.Get("warnings").ValStr()
	if warnings == "" {
		warnings = "(none)"
	}
	s += fmt.Sprintf("%sWarnings:%s %s", yellow, reset, warnings)
	return univalue.NewString(s), nil
}
