package clv_test

import (
	"context"
	"testing"

	"github.com/cemkit/cem/loyalty/clv"
)

func TestScratch2(t *testing.T) {
	f, _ := clv.FitBGNBD(context.Background(), synthetic(t), clv.FitOptions{Progress: func(i int, ll float64) { t.Logf("%d %.8f", i, ll) }})
	t.Log(f.Evaluations)
}
