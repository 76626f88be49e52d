package e2e

import (
	"os"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

func TestMain(m *testing.M) { os.Exit(nodetest.Main(m)) }

type node = nodetest.Node

func startNode(t *testing.T, exe string, extra ...string) *node {
	return nodetest.StartNode(t, exe, extra...)
}
