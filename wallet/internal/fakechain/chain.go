package fakechain

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// CoinbaseMaturity is Core's COINBASE_MATURITY.
const CoinbaseMaturity = 100

type blockEntry struct {
	block  *wire.MsgBlock
	hash   chainhash.Hash
	height int32
	time   int64
	undo   []spent // outputs the block spent, in order
}

type spent struct {
	op   wire.OutPoint
	coin coin
}

type coin struct {
	out      wire.TxOut
	height   int32
	coinbase bool
}

// hold is a HoldBlock in place.
type hold struct{ reached, release chan struct{} }

// Chain is an in-memory regtest chain. The zero value is not usable; call
// New.
type Chain struct {
	mu         sync.Mutex
	params     *chaincfg.Params
	active     []*blockEntry
	index      map[chainhash.Hash]*blockEntry
	utxo       map[wire.OutPoint]coin
	mempool    []*wire.MsgTx
	inPool     map[chainhash.Hash]*wire.MsgTx
	poolSpnd   map[wire.OutPoint]chainhash.Hash
	settings   map[string][]string
	estimate   interfaces.FeeEstimate
	minRelay   int64
	rpcs       map[string]*rpcEntry
	claims     map[string]bool // wallet names claimed (ClaimWallet)
	held       map[chainhash.Hash]*hold
	settingsRO bool
	subs       map[*sub]bool
	clock      int64
	extraNonce uint32
	broadcasts int
	lost       struct {
		n        int
		accepted bool
		err      error
	}

	// Counters tests may read (under no lock; read after Sync).
	statsMu    sync.Mutex
	blocksSent int
}

// New returns a chain holding only the regtest genesis block.
func New() *Chain {
	params := &chaincfg.RegressionNetParams
	g := params.GenesisBlock
	e := &blockEntry{block: g, hash: g.BlockHash(), height: 0, time: g.Header.Timestamp.Unix()}
	c := &Chain{
		params:   params,
		active:   []*blockEntry{e},
		index:    map[chainhash.Hash]*blockEntry{e.hash: e},
		utxo:     map[wire.OutPoint]coin{},
		inPool:   map[chainhash.Hash]*wire.MsgTx{},
		poolSpnd: map[wire.OutPoint]chainhash.Hash{},
		settings: map[string][]string{},
		held:     map[chainhash.Hash]*hold{},
		minRelay: 1000,
		rpcs:     map[string]*rpcEntry{},
		subs:     map[*sub]bool{},
		clock:    time.Now().Unix() - 3600,
	}
	return c
}

var _ interfaces.Chain = (*Chain)(nil)

// Params returns the chain parameters (regtest).
func (c *Chain) Params() *chaincfg.Params { return c.params }

// SetSetting sets a node option as GetSetting returns it.
func (c *Chain) SetSetting(name string, values ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.settings[name] = values
}

// SetFeeEstimate sets what EstimateSmartFee returns: a rate in sat/kvB,
// or with found false no estimate (the default).
func (c *Chain) SetFeeEstimate(satPerKvB int64, found bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.estimate = interfaces.FeeEstimate{Found: found, Rate: satPerKvB}
}

func (c *Chain) tip() *blockEntry { return c.active[len(c.active)-1] }

// Network returns "regtest".
func (c *Chain) Network(context.Context) (string, error) { return "regtest", nil }

// GetTip returns the active tip.
func (c *Chain) GetTip(context.Context) (interfaces.BlockRef, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.tip()
	return interfaces.BlockRef{Hash: t.hash, Height: t.height}, nil
}

// Height returns the tip height.
func (c *Chain) Height() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tip().height
}

// GetBlockHash returns the active block at height.
func (c *Chain) GetBlockHash(_ context.Context, height int32) (chainhash.Hash, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if height < 0 || int(height) >= len(c.active) {
		return chainhash.Hash{}, fmt.Errorf("block height %d out of range: %w", height, interfaces.ErrNotFound)
	}
	return c.active[height].hash, nil
}

func (c *Chain) inActive(e *blockEntry) bool {
	return int(e.height) < len(c.active) && c.active[e.height] == e
}

// FindBlock looks a block up by hash.
func (c *Chain) FindBlock(_ context.Context, hash chainhash.Hash) (interfaces.FoundBlock, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[hash]
	if !ok {
		return interfaces.FoundBlock{}, nil
	}
	return interfaces.FoundBlock{Found: true, Hash: e.hash, Height: e.height, Time: e.time, MaxTime: e.time,
		InActive: c.inActive(e), PrevHash: e.block.Header.PrevBlock, MedianTime: e.time}, nil
}

// FindForkPoint returns the highest active ancestor of hash.
func (c *Chain) FindForkPoint(_ context.Context, hash chainhash.Hash) (interfaces.BlockRef, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[hash]
	if !ok {
		return interfaces.BlockRef{}, fmt.Errorf("block %s: %w", hash, interfaces.ErrNotFound)
	}
	for !c.inActive(e) {
		e = c.index[e.block.Header.PrevBlock]
	}
	return interfaces.BlockRef{Hash: e.hash, Height: e.height}, nil
}

// HoldBlock makes GetBlock of hash wait until release is called (once, at
// most; later calls do nothing); reached is closed when such a GetBlock
// starts waiting.
func (c *Chain) HoldBlock(hash chainhash.Hash) (reached <-chan struct{}, release func()) {
	h := &hold{reached: make(chan struct{}), release: make(chan struct{})}
	c.mu.Lock()
	c.held[hash] = h
	c.mu.Unlock()
	var once sync.Once
	return h.reached, func() { once.Do(func() { close(h.release) }) }
}

// GetBlock returns a known block (after a HoldBlock is released).
func (c *Chain) GetBlock(_ context.Context, hash chainhash.Hash) (*wire.MsgBlock, error) {
	c.mu.Lock()
	if h, ok := c.held[hash]; ok {
		delete(c.held, hash)
		c.mu.Unlock()
		close(h.reached)
		<-h.release
		c.mu.Lock()
	}
	defer c.mu.Unlock()
	e, ok := c.index[hash]
	if !ok {
		return nil, fmt.Errorf("block %s: %w", hash, interfaces.ErrNotFound)
	}
	c.statsMu.Lock()
	c.blocksSent++
	c.statsMu.Unlock()
	return e.block, nil
}

// BlocksFetched counts GetBlock calls.
func (c *Chain) BlocksFetched() int {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	return c.blocksSent
}

// IsInitialBlockDownload is false.
func (c *Chain) IsInitialBlockDownload(context.Context) (bool, error) { return false, nil }

// RelayMinFee is 1000 sat/kvB.
func (c *Chain) RelayMinFee(context.Context) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.minRelay, nil
}

// EstimateSmartFee returns what SetFeeEstimate set, for any target.
func (c *Chain) EstimateSmartFee(_ context.Context, target int32) (interfaces.FeeEstimate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	est := c.estimate
	if est.Found {
		est.Blocks = target
	}
	return est, nil
}

// GetSetting returns a setting's values.
func (c *Chain) GetSetting(_ context.Context, name string) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.settings[name]...), nil
}

// SetSettingsReadOnly makes UpdateWalletSetting fail (false), as a node
// whose settings file cannot be written.
func (c *Chain) SetSettingsReadOnly(ro bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.settingsRO = ro
}

// UpdateWalletSetting adds name to, or removes it from, the "wallet"
// setting.
func (c *Chain) UpdateWalletSetting(_ context.Context, name string, loadOnStartup bool) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.settingsRO {
		return false, nil
	}
	list := c.settings["wallet"]
	switch {
	case !loadOnStartup:
		list = slices.DeleteFunc(list, func(s string) bool { return s == name })
	case !slices.Contains(list, name):
		list = append(list, name)
	}
	c.settings["wallet"] = list
	return true, nil
}
