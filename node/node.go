package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/btcsuite/btcd/blockchain"
	btcutil "github.com/btcsuite/btcd/btcutil/v2"
	chaincfg "github.com/btcsuite/btcd/chaincfg/v2"
	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	"github.com/btcsuite/btcd/database"
	_ "github.com/btcsuite/btcd/database/ffldb" // registers the ffldb driver
	"github.com/btcsuite/btcd/mempool"
	txscript "github.com/btcsuite/btcd/txscript/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Defaults, as Core's.
const (
	defaultDBCacheMiB = 450 // -dbcache
	minDBCacheMiB     = 4
	sigCacheEntries   = 100_000
	hashCacheEntries  = 100_000
	flushInterval     = time.Hour
	defaultMaxTipAge  = 24 * time.Hour // -maxtipage
)

// Node is a running chain state: blocks, UTXO set, mempool and the
// subscribers to its notifications. Its methods are safe for concurrent
// use.
type Node struct {
	cfg    Config
	params *chaincfg.Params

	log        *slog.Logger // uncategorised lines (Core's LogPrintf)
	valLog     *slog.Logger // validation
	poolLog    *slog.Logger // mempool
	benchLog   *slog.Logger
	reindexLog *slog.Logger

	db        database.DB
	chain     *blockchain.BlockChain
	pool      *mempool.TxPool
	sigCache  *txscript.SigCache
	hashCache *txscript.HashCache
	interrupt chan struct{}

	// mu is Core's cs_main: it serialises block processing, mempool
	// changes and the queueing of notifications.
	mu sync.Mutex
	// Guarded by mu:
	disconnected []*btcutil.Block // blocks disconnected during the current chain update
	connected    []event          // BlockConnected events held back until the update's end
	// readdEachDisconnect: the mempool takes a disconnected block's
	// transactions back at once (invalidateblock), not at the update's end.
	readdEachDisconnect bool
	unbroadcast         map[chainhash.Hash]struct{}

	policy    policy
	notifier  notifier
	index     indexCache
	importing atomic.Bool
	// poolSeq is Core's mempool sequence number: one more for every
	// transaction added or removed.
	poolSeq   atomic.Uint64
	ibdDone   atomic.Bool
	maxTipAge time.Duration
	// mockTime is Core's mock time in Unix seconds (-mocktime,
	// setmocktime); 0 means the system clock.
	mockTime atomic.Int64

	chainImpl *chainImpl

	closeOnce sync.Once
	closed    atomic.Bool
	quit      chan struct{}
	wg        sync.WaitGroup
}

// New opens (or creates) the chain state under cfg.DataDir and loads it.
// The returned Node answers queries at once; Run does the background work.
func New(cfg *Config) (*Node, error) {
	if cfg == nil || cfg.Chain == nil || cfg.DataDir == "" {
		return nil, newError(ErrConfig, "node: Config needs Chain and DataDir", nil)
	}
	params, err := Params(cfg.Chain.Name)
	if err != nil {
		return nil, err
	}
	n := &Node{
		cfg:         *cfg,
		params:      params,
		log:         cfg.logger(""),
		valLog:      cfg.logger("validation"),
		poolLog:     cfg.logger("mempool"),
		benchLog:    cfg.logger("bench"),
		reindexLog:  cfg.logger("reindex"),
		sigCache:    txscript.NewSigCache(sigCacheEntries),
		hashCache:   txscript.NewHashCache(hashCacheEntries),
		interrupt:   make(chan struct{}),
		quit:        make(chan struct{}),
		unbroadcast: make(map[chainhash.Hash]struct{}),
		maxTipAge:   defaultMaxTipAge,
	}
	n.notifier.log = n.log
	n.index.init()
	n.poolSeq.Store(1)
	if err := n.readOptions(); err != nil {
		return nil, err
	}
	if err := n.openChain(); err != nil {
		return nil, err
	}
	n.pool = mempool.New(n.mempoolConfig())
	n.chain.Subscribe(n.onChainEvent)
	n.chainImpl = &chainImpl{n: n}
	tip := n.chain.BestSnapshot()
	n.log.Info(fmt.Sprintf("Loaded best chain: hashBestChain=%s height=%d date=%s progress=%f",
		tip.Hash, tip.Height, formatISO8601(n.tipTime()), 1.0))
	return n, nil
}

// readOptions reads the node options the chain state uses.
func (n *Node) readOptions() error {
	if s := n.cfg.setting("maxtipage"); s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return newError(ErrConfig, fmt.Sprintf("Invalid -maxtipage: '%s'", s), err)
		}
		n.maxTipAge = time.Duration(secs) * time.Second
	}
	if s := n.cfg.setting("mocktime"); s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return newError(ErrConfig, fmt.Sprintf("Invalid -mocktime: '%s'", s), err)
		}
		if err := n.setMockTime(secs); err != nil {
			return err
		}
	}
	p, err := readPolicy(&n.cfg, n.params)
	if err != nil {
		return err
	}
	n.policy = p
	return nil
}

// dbCacheBytes sizes btcd's UTXO cache from -dbcache (MiB, Core's default
// 450, at least 4): a quarter of it. btcd allocates its UTXO map for the
// full size at start-up (0.77 s and the memory for 450 MiB, 0.17 s for a
// quarter), where Core grows its cache as needed; a quarter of the default
// holds over a million outputs, far more than regtest needs.
func (n *Node) dbCacheBytes() (uint64, error) {
	mib := int64(defaultDBCacheMiB)
	if s := n.cfg.setting("dbcache"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, newError(ErrConfig, fmt.Sprintf("Invalid -dbcache: '%s'", s), err)
		}
		mib = max(v, minDBCacheMiB)
	}
	return uint64(max(mib/4, minDBCacheMiB)) << 20, nil
}

// openChain opens the ffldb database at <DataDir>/blocks (creating it on
// first start) and loads btcd's blockchain over it.
func (n *Node) openChain() error {
	cacheBytes, err := n.dbCacheBytes()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(n.cfg.DataDir, 0o700); err != nil {
		return newError(ErrDatabase, fmt.Sprintf("Error creating %s: %v", n.cfg.DataDir, err), err)
	}
	dbPath := filepath.Join(n.cfg.DataDir, "blocks")
	db, err := database.Open("ffldb", dbPath, n.params.Net)
	if err != nil {
		var dbErr database.Error
		if !errors.As(err, &dbErr) || dbErr.ErrorCode != database.ErrDbDoesNotExist {
			return newError(ErrDatabase, fmt.Sprintf("Error opening block database: %v", err), err)
		}
		if db, err = database.Create("ffldb", dbPath, n.params.Net); err != nil {
			return newError(ErrDatabase, fmt.Sprintf("Error creating block database: %v", err), err)
		}
	}
	n.log.Info(fmt.Sprintf("Opened block database in %s", dbPath))
	n.log.Info(fmt.Sprintf("Cache configuration: * Using %.1f MiB for in-memory UTXO set", float64(cacheBytes)/(1<<20)))
	start := time.Now()
	chain, err := blockchain.New(&blockchain.Config{
		DB:               db,
		UtxoCacheMaxSize: cacheBytes,
		Interrupt:        n.interrupt,
		ChainParams:      n.params,
		TimeSource:       blockchain.NewMedianTime(),
		SigCache:         n.sigCache,
		HashCache:        n.hashCache,
	})
	if err != nil {
		db.Close()
		return newError(ErrDatabase, fmt.Sprintf("Error loading block database: %v", err), err)
	}
	n.db, n.chain = db, chain
	n.benchLog.Debug(fmt.Sprintf("Loaded the chain state in %dms", time.Since(start).Milliseconds()))
	return nil
}

// Chain returns the node as an interfaces.Chain.
func (n *Node) Chain() interfaces.Chain { return n.chainImpl }

// ConsensusParams returns btcd's parameters of the node's chain.
func (n *Node) ConsensusParams() *chaincfg.Params { return n.params }

// Network returns the chain's name as -chain takes it.
func (n *Node) Network() string { return string(n.cfg.Chain.Name) }

// Run does the node's background work until ctx ends: the -loadblock import
// (while RPC already answers) and the hourly flush of the UTXO cache. It
// returns nil when ctx ends, or the error of a failed import.
func (n *Node) Run(ctx context.Context) error {
	if n.closed.Load() {
		return newError(ErrClosed, "node: closed", nil)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-n.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	importErr := make(chan error, 1)
	if len(n.cfg.LoadBlock) > 0 {
		n.importing.Store(true)
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			defer n.importing.Store(false)
			importErr <- n.importBlockFiles(ctx, n.cfg.LoadBlock)
		}()
	}
	ticker := time.NewTicker(flushInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-importErr:
			if err != nil {
				return err
			}
		case <-ticker.C:
			if err := n.flush(); err != nil {
				n.log.Error(fmt.Sprintf("Failed to flush the chain state: %v", err))
			}
		}
	}
}

// flush writes the UTXO cache to the database and tells subscribers
// (ChainStateFlushed).
func (n *Node) flush() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.chain.FlushUtxoCache(blockchain.FlushRequired); err != nil {
		return err
	}
	snap := n.chain.BestSnapshot()
	n.notifier.publish(event{kind: evFlushed, ref: interfaces.BlockRef{Hash: snap.Hash, Height: snap.Height}})
	return nil
}

// Close stops the background work, flushes the UTXO cache, delivers what
// the subscribers have queued (a few seconds at most), ends the
// subscriptions and closes the database.
func (n *Node) Close() error {
	var err error
	n.closeOnce.Do(func() {
		n.closed.Store(true)
		close(n.quit)
		close(n.interrupt)
		n.wg.Wait()
		if ferr := n.flush(); ferr != nil {
			err = newError(ErrDatabase, fmt.Sprintf("Failed to flush the chain state: %v", ferr), ferr)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		n.notifier.drain(ctx) // a subscriber that takes longer loses the rest
		cancel()
		n.notifier.closeAll()
		if cerr := n.db.Close(); cerr != nil && err == nil {
			err = newError(ErrDatabase, fmt.Sprintf("Error closing block database: %v", cerr), cerr)
		}
		n.log.Info("Shutdown: chain state flushed and closed")
	})
	return err
}
