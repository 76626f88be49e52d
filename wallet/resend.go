package wallet

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Core's resend timing (wallet.cpp GetDefaultNextResend,
// ResubmitWalletTransactions; wallet/load.cpp schedules
// MaybeResendWalletTxs every minute).
const (
	defaultResendCheck    = time.Minute
	defaultResendMinDelay = 12 * time.Hour
	defaultResendMaxDelay = 36 * time.Hour
	defaultResendMinAge   = 5 * time.Minute
)

// withDefaults fills the zero fields with Core's values.
func (r ResendTiming) withDefaults() ResendTiming {
	if r.Check <= 0 {
		r.Check = defaultResendCheck
	}
	if r.MinDelay <= 0 {
		r.MinDelay = defaultResendMinDelay
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = defaultResendMaxDelay
	}
	r.MaxDelay = max(r.MaxDelay, r.MinDelay)
	if r.MinAge <= 0 {
		r.MinAge = defaultResendMinAge
	}
	return r
}

// nextResend is a wallet's next resubmission time, a random MinDelay to
// MaxDelay from now (Core's GetDefaultNextResend).
func (r ResendTiming) nextResend() time.Time {
	return time.Now().Add(r.MinDelay + rand.N(r.MaxDelay-r.MinDelay+1))
}

// nodeVerdict reports whether a broadcast error is the node's answer about
// the transaction (an error with Core's RPC code: rejected by policy or
// consensus, already confirmed, fee above -maxtxfee), as opposed to a call
// that failed with its outcome unknown (the connection to the node broke,
// the call timed out) — the node may have taken the transaction then.
func nodeVerdict(err error) bool {
	var c interface{ RPCCode() int }
	return errors.As(err, &c) && c.RPCCode() != 0
}

// submitTx is Core's SubmitTxMemoryPoolAndRelay: it hands an unconfirmed
// wallet transaction to the node and, when the node takes it, marks it in
// the mempool (in memory: whether a transaction is in the mempool is not
// durable anyway, every unconfirmed one is submitted again at load, and
// this saves an fsync). A failure changes nothing: the transaction stays in
// the wallet, its coins spent, until it confirms or conflicts, and is
// submitted again.
func (w *Wallet) submitTx(ctx context.Context, t *walletTx) error {
	w.log.Debug(fmt.Sprintf("Submitting wtx %s to mempool for relay", t.txid))
	err := w.chain.BroadcastTransaction(ctx, t.tx, w.opts.maxTxFee)
	if err == nil {
		w.mu.Lock()
		if t.state == stateInactive && !w.closed {
			t.state = stateMempool
		}
		w.mu.Unlock()
	}
	return err
}

// logSubmitFailure logs why a submission failed: the node's rejection in
// Core's words, or an outcome the wallet cannot know.
func (w *Wallet) logSubmitFailure(caller string, t *walletTx, err error) {
	if nodeVerdict(err) {
		w.log.Info(fmt.Sprintf("%s: Transaction cannot be broadcast immediately, %s", caller, err))
		return
	}
	w.log.Warn(fmt.Sprintf("%s: Transaction %s was sent to the node, outcome unknown (%v); it stays in the wallet, unconfirmed, and is submitted again", caller, t.txid, err))
}

// resubmit is Core's ResubmitWalletTransactions: it submits the wallet's
// unconfirmed transactions in wallet order — all of them when force (at
// load), else those received at least minAge seconds before the last new
// tip (the periodic round) — and logs how many the node took. It does
// nothing without -walletbroadcast.
func (w *Wallet) resubmit(ctx context.Context, minAge int64, force bool) {
	if !w.opts.broadcast {
		return
	}
	w.mu.Lock()
	var pending []*walletTx
	for _, t := range w.ordered {
		if t.state != stateInactive && t.state != stateMempool || t.isCoinbase() {
			continue
		}
		if !force && t.timeReceived > w.bestBlockTime-minAge {
			continue
		}
		pending = append(pending, t)
	}
	w.mu.Unlock()
	submitted := 0
	for _, t := range pending {
		w.mu.Lock()
		unconfirmed := !w.closed && (t.state == stateInactive || t.state == stateMempool)
		w.mu.Unlock()
		if !unconfirmed {
			continue
		}
		if err := w.submitTx(ctx, t); err != nil {
			w.log.Debug(fmt.Sprintf("resubmitting %s failed: %v", t.txid, err))
			continue
		}
		submitted++
	}
	if submitted > 0 {
		w.log.Info(fmt.Sprintf("ResubmitWalletTransactions: resubmit %d unconfirmed transactions", submitted))
	}
}

// updatedBlockTip notes when the last new tip came (Core's
// m_best_block_time), which the periodic resubmission measures a
// transaction's age against.
func (w *Wallet) updatedBlockTip() {
	w.mu.Lock()
	w.bestBlockTime = now()
	w.mu.Unlock()
}

// resendDue is Core's ShouldResend, but for the node's readiness: the
// wallet broadcasts and its next round is due at.
func (w *Wallet) resendDue(at time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.closed && w.opts.broadcast && !at.Before(w.nextResend)
}

// setNextResend is Core's SetNextResend.
func (w *Wallet) setNextResend(timing ResendTiming) {
	w.mu.Lock()
	w.nextResend = timing.nextResend()
	w.mu.Unlock()
}

// resendLoop is Core's MaybeResendWalletTxs on its scheduler: every Check
// it resubmits the unconfirmed transactions of each wallet whose time has
// come (a random MinDelay to MaxDelay after its load or last round); while
// the node is in initial block download it waits for the next check. It
// returns when ctx ends.
func (l *Loader) resendLoop(ctx context.Context, timing ResendTiming) {
	ticker := time.NewTicker(timing.Check)
	defer ticker.Stop()
	minAge := int64(timing.MinAge / time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case at := <-ticker.C:
			var due []*Wallet
			for _, w := range l.Wallets() {
				if w.resendDue(at) {
					due = append(due, w)
				}
			}
			if len(due) == 0 {
				continue
			}
			if ibd, err := l.chain.IsInitialBlockDownload(ctx); err != nil || ibd {
				continue
			}
			for _, w := range due {
				w.resubmit(ctx, minAge, false)
				w.setNextResend(timing)
			}
		}
	}
}
