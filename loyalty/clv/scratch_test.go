package clv_test

import (
	"context"
	"testing"
	"time"

	"github.com/cemkit/cem/loyalty/clv"
)

func TestScratch(t *testing.T) {
	data := cdnow(t)
	ctx := context.Background()
	t0 := time.Now()
	f, err := clv.FitParetoNBD(ctx, data, clv.FitOptions{})
	t.Logf("%v %+v %v", time.Since(t0), f, err)
	tb := readTable(t, "cdnow_lifetimes_vectors.csv")
	var sp []clv.Spend
	for i := range tb.n {
		sp = append(sp, clv.Spend{Frequency: tb.cols["frequency"][i], MeanValue: tb.cols["monetary_value"][i]})
	}
	t0 = time.Now()
	g, err := clv.FitGammaGamma(ctx, sp, clv.FitOptions{})
	t.Logf("%v %+v %v", time.Since(t0), g, err)
	d := readTable(t, "donations.csv")
	var ps []clv.Pattern
	for i := range d.n {
		ps = append(ps, clv.Pattern{int(d.cols["frequency"][i]), int(d.cols["recency"][i]), int(d.cols["periods"][i]), d.cols["weights"][i]})
	}
	t0 = time.Now()
	h, err := clv.FitBGBB(ctx, ps, clv.FitOptions{})
	t.Logf("%v %+v %v", time.Since(t0), h, err)
}
