package walletrpc

import (
	"encoding/json"
	"testing"
	"time"
)

// TestGetwalletinfoScanning: getwalletinfo during a catch-up answers at
// once with Core's scanning object (it used to wait for the scan to end
// and then say false); afterwards scanning is false.
func TestGetwalletinfoScanning(t *testing.T) {
	e := newEnv(t)
	e.must("", "createwallet", "w")
	addr := e.mustString("/wallet/w", "getnewaddress")
	if info := decode[map[string]any](t, e.must("/wallet/w", "getwalletinfo")); info["scanning"] != false {
		t.Fatalf("scanning = %v before any scan", info["scanning"])
	}
	e.must("", "unloadwallet", "w")
	e.generate(30, addr)
	hold, _ := e.chain.GetBlockHash(e.ctx, 20)
	reached, release := e.chain.HoldBlock(hold)
	defer release()
	loaded := make(chan error, 1)
	go func() {
		_, err := e.call("", "loadwallet", "w")
		loaded <- err
	}()
	select {
	case <-reached:
	case err := <-loaded:
		t.Fatalf("loadwallet finished without reading block 20: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the catch-up never reached block 20")
	}
	answer := make(chan json.RawMessage, 1)
	go func() {
		res, _ := e.call("/wallet/w", "getwalletinfo")
		answer <- res
	}()
	type walletInfo struct {
		Scanning json.RawMessage `json:"scanning"`
		Last     struct {
			Height int32 `json:"height"`
		} `json:"lastprocessedblock"`
	}
	var info walletInfo
	select {
	case res := <-answer:
		info = decode[walletInfo](t, res)
	case <-time.After(3 * time.Second):
		t.Fatal("getwalletinfo waited for the scan to end")
	}
	// The wallet was at the genesis block; 19 of the 30 missed blocks are
	// done.
	if string(info.Scanning) != `{"duration":0,"progress":0.6333333333333333}` || info.Last.Height != 19 {
		t.Fatalf("during the scan: scanning %s, last processed block %d", info.Scanning, info.Last.Height)
	}
	release()
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if got := decode[map[string]any](t, e.must("/wallet/w", "getwalletinfo")); got["scanning"] != false {
		t.Fatalf("scanning = %v after the scan", got["scanning"])
	}
}
