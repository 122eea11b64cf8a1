package memstore_test

import (
	"testing"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Backend { return memstore.New() })
}
