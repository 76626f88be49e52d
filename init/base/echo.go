package base

import (
	"context"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

// Echo is the Echo every process's Init makes.
type Echo struct{}

var _ interfaces.Echo = Echo{}

// Echo returns msg.
func (Echo) Echo(_ context.Context, msg string) (string, error) { return msg, nil }
