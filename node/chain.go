package node

import (
	"context"
	"fmt"

	chainhash "github.com/btcsuite/btcd/chainhash/v2"
	wire "github.com/btcsuite/btcd/wire/v2"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// chainImpl is the node's interfaces.Chain: thin wrappers around Node.
type chainImpl struct{ n *Node }

var _ interfaces.Chain = (*chainImpl)(nil)

func notFound(desc string) error {
	return &Error{Kind: ErrBlockNotFound, Description: desc, Err: interfaces.ErrNotFound}
}

func (c *chainImpl) Network(ctx context.Context) (string, error) { return c.n.Network(), nil }

func (c *chainImpl) GetTip(ctx context.Context) (interfaces.BlockRef, error) {
	hash, height := c.n.Tip()
	return interfaces.BlockRef{Hash: hash, Height: height}, nil
}

func (c *chainImpl) GetBlockHash(ctx context.Context, height int32) (chainhash.Hash, error) {
	hash, ok := c.n.BlockHashAt(height)
	if !ok {
		return chainhash.Hash{}, notFound(fmt.Sprintf("no block at height %d in the active chain", height))
	}
	return hash, nil
}

func (c *chainImpl) FindBlock(ctx context.Context, hash chainhash.Hash) (interfaces.FoundBlock, error) {
	bi, err := c.n.LookupBlock(hash)
	if err != nil {
		return interfaces.FoundBlock{Hash: hash}, nil
	}
	return interfaces.FoundBlock{
		Found:      true,
		Hash:       hash,
		Height:     bi.Height,
		Time:       bi.Header.Timestamp.Unix(),
		MaxTime:    bi.MaxTime,
		InActive:   bi.InActiveChain,
		PrevHash:   bi.Header.PrevBlock,
		MedianTime: bi.MedianTime,
	}, nil
}

func (c *chainImpl) FindForkPoint(ctx context.Context, hash chainhash.Hash) (interfaces.BlockRef, error) {
	for {
		bi, err := c.n.LookupBlock(hash)
		if err != nil {
			return interfaces.BlockRef{}, notFound(fmt.Sprintf("block %s not found", hash))
		}
		if bi.InActiveChain {
			return interfaces.BlockRef{Hash: hash, Height: bi.Height}, nil
		}
		hash = bi.Header.PrevBlock
	}
}

func (c *chainImpl) GetBlock(ctx context.Context, hash chainhash.Hash) (*wire.MsgBlock, error) {
	b, err := c.n.Block(hash)
	if err != nil {
		return nil, notFound(fmt.Sprintf("block %s not found", hash))
	}
	return b, nil
}

func (c *chainImpl) IsInitialBlockDownload(ctx context.Context) (bool, error) {
	return c.n.IsInitialBlockDownload(), nil
}

func (c *chainImpl) BroadcastTransaction(ctx context.Context, tx *wire.MsgTx, maxFee int64) error {
	return c.n.BroadcastTransaction(ctx, tx, maxFee)
}

func (c *chainImpl) RelayMinFee(ctx context.Context) (int64, error) {
	return c.n.policy.minRelayFee, nil
}

func (c *chainImpl) EstimateSmartFee(ctx context.Context, target int32) (interfaces.FeeEstimate, error) {
	return c.n.EstimateSmartFee(target), nil
}

func (c *chainImpl) GetSetting(ctx context.Context, name string) ([]string, error) {
	if c.n.cfg.Settings == nil {
		return nil, nil
	}
	return c.n.cfg.Settings(name), nil
}

// UpdateWalletSetting edits the start-up wallet list through
// Config.EditWalletSetting; a failure is the false Core's updateRwSetting
// returns (the wallet turns it into its load_on_startup warning), logged
// here with its reason.
func (c *chainImpl) UpdateWalletSetting(ctx context.Context, name string, loadOnStartup bool) (bool, error) {
	if c.n.cfg.EditWalletSetting == nil {
		return false, nil
	}
	if err := c.n.cfg.EditWalletSetting(name, loadOnStartup); err != nil {
		c.n.log.Warn(fmt.Sprintf("Updating the wallet list of the settings file failed: %v", err))
		return false, nil
	}
	return true, nil
}

func (c *chainImpl) HandleNotifications(ctx context.Context, target interfaces.ChainNotifications) (interfaces.Handler, error) {
	if c.n.closed.Load() {
		return nil, newError(ErrClosed, "node: closed", nil)
	}
	return handler{c.n.notifier.subscribe(target)}, nil
}

// HandleRPC registers cmd with the node's RPC server (Config.RPC), its
// calls going to h.
func (c *chainImpl) HandleRPC(ctx context.Context, cmd interfaces.RPCCommand, h interfaces.RPCHandler) (interfaces.Handler, error) {
	if c.n.cfg.RPC == nil {
		return nil, newError(ErrConfig, "node: no RPC server to register with", nil)
	}
	unregister, err := c.n.cfg.RPC.RegisterForward(cmd, h)
	if err != nil {
		return nil, err
	}
	return rpcHandler{unregister}, nil
}

// rpcHandler unregisters a method on Disconnect.
type rpcHandler struct{ unregister func() }

func (h rpcHandler) Disconnect(ctx context.Context) error {
	h.unregister()
	return nil
}

// ClaimWallet accepts every name: a node serves the wallets of one process
// through its Chain. The routing of several wallet processes
// (init/nodeinit.WalletClients) enforces unique names.
func (c *chainImpl) ClaimWallet(context.Context, string) (interfaces.Handler, error) {
	return noClaim{}, nil
}

// noClaim is a claim with nothing to release.
type noClaim struct{}

func (noClaim) Disconnect(context.Context) error { return nil }
