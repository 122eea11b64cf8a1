package memstore_test

import (
	"testing"

	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/store/storetest"
)

func FuzzAppend(f *testing.F) { storetest.FuzzAppend(f, memstore.New()) }
