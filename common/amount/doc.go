// Package amount owns Bitcoin Core's money arithmetic (consensus/amount.h
// and util/strencodings' ParseFixedPoint): COIN, MaxMoney, MoneyRange and
// the parsing of decimal amounts ("0.0002", "1e-4") into satoshis, with
// Core's rules, for option values and RPC arguments alike.
//
// It is a leaf: it imports only the standard library, so rpc/, node/ and
// wallet/ all use it without depending on one another.
package amount
