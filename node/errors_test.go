package node

import (
	"errors"
	"io"
	"testing"

	"github.com/bulkhead-btc/bulkhead/interfaces"
)

func TestErrorKinds(t *testing.T) {
	for _, kind := range []ErrorKind{ErrConfig, ErrDatabase, ErrBlockNotFound, ErrInvalidBlock, ErrClosed} {
		err := error(newError(kind, "described", io.EOF))
		if !errors.Is(err, kind) || !errors.Is(err, io.EOF) {
			t.Errorf("%s: errors.Is fails", kind)
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != kind || e.Error() != "described" {
			t.Errorf("%s: errors.As = %+v", kind, e)
		}
		for _, other := range []ErrorKind{ErrConfig, ErrClosed} {
			if other != kind && errors.Is(err, other) {
				t.Errorf("%s matches %s", kind, other)
			}
		}
	}
	if err := notFound("x"); !errors.Is(err, interfaces.ErrNotFound) || !errors.Is(err, ErrBlockNotFound) {
		t.Errorf("notFound: %v", err)
	}
	if e := newError(ErrClosed, "", io.EOF); e.Error() != io.EOF.Error() {
		t.Errorf("empty description: %q", e.Error())
	}
}
