package interfaces

import "context"

// Handler is returned by every subscription. Disconnect ends the
// subscription; no notification is delivered after it returns.
type Handler interface {
	Disconnect(ctx context.Context) error
}
