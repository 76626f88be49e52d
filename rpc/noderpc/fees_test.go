package noderpc

import (
	"strings"
	"testing"
)

// TestEstimateSmartFee: without a fee estimator the node answers as Core's
// estimator without data: an error entry, no fee rate, blocks 0; bad
// arguments get Core's errors.
func TestEstimateSmartFee(t *testing.T) {
	h := newHarness(t)
	const noData = `{"errors":["Insufficient data or no feerate found"],"blocks":0}`
	for _, params := range [][]any{{6}, {1}, {1008}, {2, "CONSERVATIVE"}, {25, "economical"}, {3, "unset"}} {
		if got := text(h.call("estimatesmartfee", params...)); got != noData {
			t.Errorf("estimatesmartfee %v = %s, want %s", params, got, noData)
		}
	}
	for _, target := range []int{0, -1, 1009} {
		h.wantError(-8, "Invalid conf_target, must be between 1 and 1008", "estimatesmartfee", target)
	}
	h.wantError(-8, `Invalid estimate_mode parameter, must be one of: "unset", "economical", "conservative"`, "estimatesmartfee", 6, "fast")
	if r := h.try("estimatesmartfee", "6"); r.Error == nil || r.Error.Code != -3 {
		t.Errorf("estimatesmartfee \"6\": %+v", r.Error)
	}
	if r := h.try("estimatesmartfee"); r.Error == nil || r.Error.Code != -1 {
		t.Errorf("estimatesmartfee without a target: %+v", r.Error)
	}
	help := text(h.call("help", "estimatesmartfee"))
	if !strings.HasPrefix(help, `"estimatesmartfee conf_target ( \"estimate_mode\" )`) {
		t.Errorf("help: %s", help)
	}
}
