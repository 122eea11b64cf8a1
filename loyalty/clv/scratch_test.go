package clv_test

import (
	"context"
	"testing"
	"time"

	"github.com/cemkit/cem/loyalty/clv"
)

func TestScratch(t *testing.T) {
	ctx := context.Background()
	data := cdnow(t)
	syn := synthetic(t)
	for range 2 {
		t0 := time.Now()
		f, _ := clv.FitBGNBD(ctx, data, clv.FitOptions{})
		t.Logf("bg %v it %d ev %d ll %.6f", time.Since(t0), f.Iterations, f.Evaluations, f.LogLikelihood)
		t0 = time.Now()
		g, _ := clv.FitMBGNBD(ctx, data, clv.FitOptions{})
		t.Logf("mbg %v it %d ev %d ll %.6f", time.Since(t0), g.Iterations, g.Evaluations, g.LogLikelihood)
		t0 = time.Now()
		p, _ := clv.FitParetoNBD(ctx, data, clv.FitOptions{})
		t.Logf("pnbd %v it %d ev %d ll %.6f", time.Since(t0), p.Iterations, p.Evaluations, p.LogLikelihood)
		t0 = time.Now()
		q, _ := clv.FitGammaGamma(ctx, cdnowSpend(t), clv.FitOptions{})
		t.Logf("gg %v it %d ev %d ll %.6f", time.Since(t0), q.Iterations, q.Evaluations, q.LogLikelihood)
		t0 = time.Now()
		f, _ = clv.FitBGNBD(ctx, syn, clv.FitOptions{})
		t.Logf("syn %v it %d ev %d ll %.6f", time.Since(t0), f.Iterations, f.Evaluations, f.LogLikelihood)
	}
}
