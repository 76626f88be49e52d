package rpc

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// InvalidAllowIPError is returned by New for an -rpcallowip value that is not
// a subnet; its message is Core's.
type InvalidAllowIPError struct{ Value string }

func (e *InvalidAllowIPError) Error() string {
	return fmt.Sprintf("Invalid -rpcallowip subnet specification: %s. Valid values are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), or all ipv6 (::/0). RFC4193 is allowed only if -cjdnsreachable=0.", e.Value)
}

// parseHost reads a literal IP address, optionally in brackets.
func parseHost(s string) (netip.Addr, bool) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// ParseSubnet reads a subnet as Core's LookupSubNet: a single address, an
// address with a CIDR prefix length, or an address with a full netmask.
func ParseSubnet(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return netip.Prefix{}, false
	}
	addrStr, maskStr, hasMask := s, "", false
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		addrStr, maskStr, hasMask = s[:i], s[i+1:], true
	}
	addr, ok := parseHost(addrStr)
	if !ok {
		return netip.Prefix{}, false
	}
	if !hasMask {
		return netip.PrefixFrom(addr, addr.BitLen()), true
	}
	if n, err := strconv.ParseUint(maskStr, 10, 8); err == nil && maskStr[0] != '+' {
		if int(n) > addr.BitLen() {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(addr, int(n)).Masked(), true
	}
	mask, ok := parseHost(maskStr)
	if !ok || mask.BitLen() != addr.BitLen() {
		return netip.Prefix{}, false
	}
	ones, bits := net.IPMask(mask.AsSlice()).Size()
	if bits == 0 {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(addr, ones).Masked(), true
}

// allowList is the -rpcallowip filter: 127.0.0.0/8 and ::1 always, plus the
// configured subnets.
type allowList []netip.Prefix

func newAllowList(values []string) (allowList, error) {
	l := allowList{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, v := range values {
		p, ok := ParseSubnet(v)
		if !ok {
			return nil, &InvalidAllowIPError{Value: v}
		}
		l = append(l, p)
	}
	return l, nil
}

// allowed reports whether a peer ("host:port") may use the server.
func (l allowList) allowed(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, ok := parseHost(host)
	if !ok {
		return false
	}
	for _, p := range l {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// SplitHostPort splits "host", "host:port", "[v6]:port" or a bare IPv6
// address as Core's SplitHostPort: ok is false when a port is given that is
// not a number from 1 to 65535; the port stays defPort when none is given.
func SplitHostPort(in string, defPort int) (host string, port int, ok bool) {
	port = defPort
	colon := strings.LastIndexByte(in, ':')
	haveColon := colon >= 0
	bracketed := haveColon && colon > 0 && in[0] == '[' && in[colon-1] == ']'
	multiColon := haveColon && colon != 0 && strings.LastIndexByte(in[:colon], ':') >= 0
	if haveColon && (colon == 0 || bracketed || !multiColon) {
		if n, err := strconv.ParseUint(in[colon+1:], 10, 16); err == nil && in[colon+1] != '+' {
			in = in[:colon]
			port = int(n)
			ok = n != 0
		}
	} else {
		ok = true
	}
	if len(in) > 0 && in[0] == '[' && in[len(in)-1] == ']' {
		host = in[1 : len(in)-1]
	} else {
		host = in
	}
	return host, port, ok
}
