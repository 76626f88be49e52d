package bench

import (
	"os"
	"testing"

	"github.com/bulkhead-btc/bulkhead/internal/nodetest"
)

func TestMain(m *testing.M) { os.Exit(nodetest.Main(m)) }
