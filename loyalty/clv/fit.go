package clv

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// FitOptions tunes a maximum-likelihood fit. The zero value is ready to
// use.
type FitOptions struct {
	// Progress, when not nil, is called after every major iteration of the
	// optimiser with the iteration number (from 1) and the current total
	// log-likelihood. It is called on the fitting goroutine.
	Progress func(iter int, ll float64)
	// MaxIterations bounds the optimiser's major iterations; 0 means 1000.
	MaxIterations int
}

// Fit is the result of a maximum-likelihood fit of a model M.
type Fit[M any] struct {
	// Model holds the estimated parameters.
	Model M
	// StdErr holds the asymptotic standard error of each parameter in the
	// matching field: the square root of the diagonal of the inverse of
	// the observed information (the negative Hessian of the
	// log-likelihood, computed by central differences of the analytic
	// gradient) at the optimum. It is the zero M when that matrix is not
	// positive definite, for instance when the optimum is on a boundary.
	StdErr M
	// LogLikelihood is the total log-likelihood at Model.
	LogLikelihood float64
	// Customers is the number of customers (total weight) fitted.
	Customers float64
	// Rows is the number of distinct rows the data compressed to.
	Rows int
	// Iterations and Evaluations count the optimiser's major iterations
	// and log-likelihood evaluations.
	Iterations, Evaluations int
}

// objective is a log-likelihood over compressed data: eval returns the
// total (weighted) log-likelihood at natural, positive parameters p and,
// when grad is not nil, stores its gradient with respect to p.
type objective struct {
	eval  func(p, grad []float64) float64
	total float64 // total weight, to scale the objective to O(1)
}

type fitResult struct {
	params, stdErr []float64
	ll             float64
	iters, evals   int
	rows           int
	total          float64
}

// recorder forwards major iterations to FitOptions.Progress and stops the
// optimiser when the context is done.
type recorder struct {
	ctx      context.Context
	progress func(int, float64)
	total    float64
}

func (r *recorder) Init() error { return nil }

func (r *recorder) Record(loc *optimize.Location, op optimize.Operation, st *optimize.Stats) error {
	if op&optimize.MajorIteration != 0 && r.progress != nil {
		r.progress(st.MajorIterations, -loc.F*r.total)
	}
	return r.ctx.Err()
}

// maximize finds the maximum-likelihood parameters by BFGS on the log of
// the parameters (so they stay positive), with the analytic gradient.
func maximize(ctx context.Context, obj objective, start []float64, opts FitOptions) (fitResult, error) {
	n := len(start)
	p := make([]float64, n)
	g := make([]float64, n)
	lastX := make([]float64, n)
	var lastF float64
	lastG := make([]float64, n)
	have := false
	evals := 0
	at := func(x []float64) {
		if have && slices.Equal(x, lastX) {
			return
		}
		evals++
		for i, v := range x {
			p[i] = math.Exp(v)
		}
		ll := obj.eval(p, g)
		copy(lastX, x)
		have = true
		if !isFinite(ll) || slices.ContainsFunc(g, func(v float64) bool { return !isFinite(v) }) {
			lastF = math.Inf(1)
			clear(lastG)
			return
		}
		lastF = -ll / obj.total
		for i := range g {
			lastG[i] = -g[i] * p[i] / obj.total
		}
	}
	prob := optimize.Problem{
		Func: func(x []float64) float64 { at(x); return lastF },
		Grad: func(grad, x []float64) { at(x); copy(grad, lastG) },
	}
	maxIter := opts.MaxIterations
	if maxIter <= 0 {
		maxIter = 1000
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-9,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-13, Relative: 1e-13, Iterations: 10},
		MajorIterations:   maxIter,
		Recorder:          &recorder{ctx: ctx, progress: opts.Progress, total: obj.total},
	}
	x0 := make([]float64, n)
	for i, v := range start {
		x0[i] = math.Log(v)
	}
	res, err := optimize.Minimize(prob, x0, settings, &optimize.BFGS{})
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fitResult{}, fmt.Errorf("clv: fit cancelled: %w", ctxErr)
		}
		if res == nil || !isFinite(res.F) {
			return fitResult{}, fmt.Errorf("%w: %v", ErrNoConvergence, err)
		}
	}
	if !isFinite(res.F) {
		return fitResult{}, fmt.Errorf("%w: log-likelihood not finite", ErrNoConvergence)
	}
	if res.Status == optimize.IterationLimit {
		return fitResult{}, fmt.Errorf("%w: iteration limit %d reached", ErrNoConvergence, maxIter)
	}
	out := fitResult{params: make([]float64, n), iters: res.Stats.MajorIterations, evals: evals}
	for i, v := range res.X {
		out.params[i] = math.Exp(v)
	}
	return out, nil
}

// warmRows is the number of compressed rows above which a fit first runs
// on a stratified subsample: most BFGS iterations are spent crossing the
// parameter space, which a subsample does as well at a fraction of the
// cost, and the full data then need only a few polishing iterations.
const warmRows = 16384

// fitRows fits the objective that build makes of rows: a warm-up fit on
// every k-th row (weights scaled by k) when there are many rows, then the
// full fit, the log-likelihood at the optimum and the standard errors.
func fitRows(ctx context.Context, rows []wrow, build func([]wrow) objective, start []float64, opts FitOptions) (fitResult, error) {
	if len(rows) > warmRows {
		k := len(rows) / (warmRows / 4)
		sub := make([]wrow, 0, len(rows)/k+1)
		for i := 0; i < len(rows); i += k {
			r := rows[i]
			r.w *= float64(k)
			sub = append(sub, r)
		}
		if warm, err := maximize(ctx, build(sub), start, FitOptions{MaxIterations: opts.MaxIterations}); err == nil {
			start = warm.params
		} else if ctx.Err() != nil {
			return fitResult{}, err
		}
	}
	obj := build(rows)
	res, err := maximize(ctx, obj, start, opts)
	if err != nil {
		return fitResult{}, err
	}
	res.ll = obj.eval(res.params, nil)
	res.stdErr = stdErrors(obj, res.params)
	res.rows, res.total = len(rows), obj.total
	return res, nil
}

// stdErrors inverts the observed information, the negative Hessian of the
// log-likelihood, built from forward differences of the analytic gradient
// (relative step 1e-6, so the standard errors are good to about six
// digits). It returns nil when the matrix is not positive definite.
func stdErrors(obj objective, p []float64) []float64 {
	n := len(p)
	h := mat.NewSymDense(n, nil)
	cols := make([][]float64, n)
	q := slices.Clone(p)
	g0, gp := make([]float64, n), make([]float64, n)
	obj.eval(p, g0)
	for j := range n {
		step := 1e-6 * p[j]
		q[j] = p[j] + step
		obj.eval(q, gp)
		q[j] = p[j]
		cols[j] = make([]float64, n)
		for i := range n {
			cols[j][i] = -(gp[i] - g0[i]) / step
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			h.SetSym(i, j, (cols[i][j]+cols[j][i])/2)
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(h) {
		return nil
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil
	}
	se := make([]float64, n)
	for i := range n {
		v := inv.At(i, i)
		if !(v > 0) || !isFinite(v) {
			return nil
		}
		se[i] = math.Sqrt(v)
	}
	return se
}

// parallelRows splits n rows into chunks, one per CPU when there are
// enough rows to pay for the goroutines, and sums what work returns: the
// log-likelihood in acc[0] and the gradient in acc[1:].
func parallelRows(n, nParams int, work func(lo, hi int, acc []float64)) []float64 {
	workers := 1
	if n >= 8192 {
		workers = min(runtime.GOMAXPROCS(0), 8)
	}
	accs := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		accs[w] = make([]float64, nParams+1)
		lo, hi := n*w/workers, n*(w+1)/workers
		if w == workers-1 {
			work(lo, hi, accs[w])
			continue
		}
		wg.Go(func() { work(lo, hi, accs[w]) })
	}
	wg.Wait()
	for _, a := range accs[1:] {
		for i, v := range a {
			accs[0][i] += v
		}
	}
	return accs[0]
}

// positive checks that every model parameter is finite and positive.
func positive(names []string, vals ...float64) error {
	for i, v := range vals {
		if !isFinite(v) || v <= 0 {
			return argError(names[i], v, "must be a positive, finite parameter")
		}
	}
	return nil
}
