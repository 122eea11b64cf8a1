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
	// optimiser on the full data with the iteration number (from 1) and
	// the current total log-likelihood. The warm-up on a subsample that
	// precedes it for large inputs (see the package documentation) is not
	// reported. It is called on the fitting goroutine.
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
	// log-likelihood, computed by forward differences of the analytic
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
	// and log-likelihood evaluations, on the subsample and the full data
	// together.
	Iterations, Evaluations int
}

// newFit converts a fitResult, whose parameter vectors model turns into
// an M, into a Fit[M].
func newFit[M any](res fitResult, model func([]float64) M) *Fit[M] {
	f := &Fit[M]{
		Model:         model(res.params),
		LogLikelihood: res.ll,
		Customers:     res.total,
		Rows:          res.rows,
		Iterations:    res.iters,
		Evaluations:   res.evals,
	}
	if res.stdErr != nil {
		f.StdErr = model(res.stdErr)
	}
	return f
}

// objective is a log-likelihood over compressed data: eval returns the
// total (weighted) log-likelihood at natural, positive parameters p and,
// when grad is not nil, stores its gradient with respect to p.
type objective struct {
	eval  func(p, grad []float64) float64
	total float64 // total weight, to scale the objective to O(1)
}

// fitResult is what fitRows returns, before it becomes a Fit[M].
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

// Init implements optimize.Recorder.
func (r *recorder) Init() error { return nil }

// Record implements optimize.Recorder.
func (r *recorder) Record(loc *optimize.Location, op optimize.Operation, st *optimize.Stats) error {
	if op&optimize.MajorIteration != 0 && r.progress != nil {
		r.progress(st.MajorIterations, -loc.F*r.total)
	}
	return r.ctx.Err()
}

// logObjective is the objective the optimiser sees: the negative
// log-likelihood per customer as a function of the log-parameters θ, so
// parameters stay positive and its scale does not depend on the data size.
type logObjective struct {
	obj  objective
	p, g []float64
	// the last point evaluated, its value and gradient
	lastTheta, lastGrad []float64
	lastF               float64
}

func newLogObjective(obj objective, n int) *logObjective {
	return &logObjective{obj: obj, p: make([]float64, n), g: make([]float64, n),
		lastGrad: make([]float64, n)}
}

// eval returns f(θ) and stores ∇f in grad; f is +Inf (and grad 0) where
// the log-likelihood is not finite, which line searches treat as too
// long a step. A repeated θ is answered from the last evaluation.
func (lo *logObjective) eval(theta, grad []float64) float64 {
	if lo.lastTheta != nil && slices.Equal(theta, lo.lastTheta) {
		copy(grad, lo.lastGrad)
		return lo.lastF
	}
	for i, v := range theta {
		lo.p[i] = math.Exp(v)
	}
	ll := lo.obj.eval(lo.p, lo.g)
	f := -ll / lo.obj.total
	if !isFinite(ll) || slices.ContainsFunc(lo.g, func(v float64) bool { return !isFinite(v) }) {
		f = math.Inf(1)
		clear(lo.lastGrad)
	} else {
		for i := range lo.lastGrad {
			lo.lastGrad[i] = -lo.g[i] * lo.p[i] / lo.obj.total
		}
	}
	lo.lastTheta = append(lo.lastTheta[:0], theta...)
	lo.lastF = f
	copy(grad, lo.lastGrad)
	return f
}

// hessian returns the Hessian of f at θ by forward differences of the
// gradient.
func (lo *logObjective) hessian(theta []float64) *mat.SymDense {
	n := len(theta)
	g0, g1 := make([]float64, n), make([]float64, n)
	lo.eval(theta, g0)
	t := slices.Clone(theta)
	cols := make([][]float64, n)
	const step = 1e-6
	for j := range n {
		t[j] = theta[j] + step
		lo.eval(t, g1)
		t[j] = theta[j]
		cols[j] = make([]float64, n)
		for i := range n {
			cols[j][i] = (g1[i] - g0[i]) / step
		}
	}
	h := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			h.SetSym(i, j, (cols[i][j]+cols[j][i])/2)
		}
	}
	return h
}

// affine maps the optimiser's coordinates y to log-parameters
// θ = θ₀ + M y. With M = c L⁻ᵀ, where L Lᵀ is an approximate Hessian, the
// problem in y is well conditioned, so BFGS needs few iterations; c
// makes BFGS's first step, which has length 1, a Newton step.
type affine struct {
	theta0 []float64
	m      *mat.Dense // nil for the identity
}

func (a affine) theta(y, theta []float64) {
	if a.m == nil {
		copy(theta, y)
		return
	}
	mat.NewVecDense(len(theta), theta).MulVec(a.m, mat.NewVecDense(len(y), y))
	for i := range theta {
		theta[i] += a.theta0[i]
	}
}

// gradY maps ∇θ to ∇y = Mᵀ ∇θ.
func (a affine) gradY(gTheta, gy []float64) {
	if a.m == nil {
		copy(gy, gTheta)
		return
	}
	mat.NewVecDense(len(gy), gy).MulVec(a.m.T(), mat.NewVecDense(len(gTheta), gTheta))
}

// preconditioner returns the affine map for a Newton-like start at θ₀
// from a Hessian estimate h, or the identity map when h is not positive
// definite.
func preconditioner(lo *logObjective, theta0 []float64, h *mat.SymDense) affine {
	n := len(theta0)
	var chol mat.Cholesky
	if !chol.Factorize(h) {
		return affine{}
	}
	var l mat.TriDense
	chol.LTo(&l)
	if err := l.InverseTri(&l); err != nil {
		return affine{}
	}
	m := mat.DenseCopyOf(l.T())
	g := make([]float64, n)
	if f := lo.eval(theta0, g); !isFinite(f) {
		return affine{}
	}
	gy := make([]float64, n)
	a := affine{theta0: slices.Clone(theta0), m: m}
	a.gradY(g, gy)
	c := floatsNorm(gy)
	if !(c > 1e-12) || !isFinite(c) {
		return affine{}
	}
	m.Scale(c, m)
	return a
}

func floatsNorm(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// minimize runs gonum's BFGS on f∘a from y = 0 (or from θ₀ itself for
// the identity map) and returns the best log-parameters found, the
// iterations and evaluations used, and whether the gradient met gradTol
// (a line search can also stop BFGS early, away from the optimum).
func minimize(ctx context.Context, lo *logObjective, a affine, start []float64, gradTol float64, opts FitOptions) ([]float64, int, int, bool, error) {
	n := len(start)
	theta := make([]float64, n)
	gTheta := make([]float64, n)
	lastY := make([]float64, n)
	lastG := make([]float64, n)
	var lastF float64
	have, evals := false, 0
	at := func(y []float64) {
		if have && slices.Equal(y, lastY) {
			return
		}
		evals++
		a.theta(y, theta)
		lastF = lo.eval(theta, gTheta)
		a.gradY(gTheta, lastG)
		copy(lastY, y)
		have = true
	}
	prob := optimize.Problem{
		Func: func(y []float64) float64 { at(y); return lastF },
		Grad: func(grad, y []float64) { at(y); copy(grad, lastG) },
	}
	maxIter := opts.MaxIterations
	if maxIter <= 0 {
		maxIter = 1000
	}
	settings := &optimize.Settings{
		GradientThreshold: gradTol,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-13, Relative: 1e-13, Iterations: 10},
		MajorIterations:   maxIter,
		Recorder:          &recorder{ctx: ctx, progress: opts.Progress, total: lo.obj.total},
	}
	y0 := make([]float64, n)
	if a.m == nil {
		copy(y0, start)
	}
	res, err := optimize.Minimize(prob, y0, settings, &optimize.BFGS{})
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, 0, evals, false, fmt.Errorf("clv: fit cancelled: %w", ctxErr)
	}
	if err != nil && (res == nil || !isFinite(res.F)) {
		return nil, 0, evals, false, fmt.Errorf("%w: %v", ErrNoConvergence, err)
	}
	if !isFinite(res.F) {
		return nil, 0, evals, false, fmt.Errorf("%w: log-likelihood not finite", ErrNoConvergence)
	}
	if res.Status == optimize.IterationLimit {
		return nil, 0, evals, false, fmt.Errorf("%w: iteration limit %d reached", ErrNoConvergence, maxIter)
	}
	a.theta(res.X, theta)
	// A line search may end BFGS short of gradTol at a point that is an
	// optimum for all practical purposes: accept a gradient of the
	// per-customer log-likelihood below 1e-6.
	converged := res.Status == optimize.GradientThreshold ||
		!slices.ContainsFunc(res.Gradient, func(v float64) bool { return math.Abs(v) > max(gradTol, 1e-6) })
	return theta, res.Stats.MajorIterations, evals, converged, nil
}

// warmRows is the number of compressed rows from which a fit runs in two
// stages. Most BFGS iterations are spent crossing the parameter space and
// learning its curvature; a stratified subsample (every k-th row, weights
// times k) does that at a fraction of the cost. Its optimum and Hessian
// then give the full fit a preconditioned start from which BFGS converges
// in a few iterations.
const warmRows = 512

// fitRows fits the objective that build makes of rows, then computes the
// log-likelihood at the optimum and the standard errors. When the
// two-stage path does not converge (a subsample can pull towards a
// boundary), it falls back to a plain BFGS run on all rows.
func fitRows(ctx context.Context, rows []wrow, build func([]wrow) objective, start []float64, opts FitOptions) (fitResult, error) {
	n := len(start)
	theta0 := make([]float64, n)
	for i, v := range start {
		theta0[i] = math.Log(v)
	}
	obj := build(rows)
	full := newLogObjective(obj, n)
	var (
		theta        []float64
		iters, evals int
		ok           bool
		err          error
	)
	if len(rows) >= warmRows {
		theta, iters, evals, ok, err = warmFit(ctx, rows, build, full, theta0, opts)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fitResult{}, fmt.Errorf("clv: fit cancelled: %w", ctxErr)
		}
	}
	if !ok {
		var it, ev int
		theta, it, ev, ok, err = minimize(ctx, full, affine{}, theta0, 1e-9, opts)
		iters, evals = iters+it, evals+ev
	}
	if err != nil {
		return fitResult{}, err
	}
	if !ok {
		p := make([]float64, n)
		for i, v := range theta {
			p[i] = math.Exp(v)
		}
		return fitResult{}, fmt.Errorf("%w: the optimiser stopped before the gradient vanished, at parameters %.4g "+
			"(parameters tending to 0 or infinity mean the likelihood has no interior maximum for these data)", ErrNoConvergence, p)
	}
	res := fitResult{params: make([]float64, n), iters: iters, evals: evals, rows: len(rows), total: obj.total}
	for i, v := range theta {
		res.params[i] = math.Exp(v)
	}
	res.ll, res.stdErr = stdErrors(full, theta, res.params)
	return res, nil
}

// warmFit is the two-stage path: BFGS on every k-th row (weights times k)
// to a loose tolerance, then preconditioned BFGS on all rows.
func warmFit(ctx context.Context, rows []wrow, build func([]wrow) objective, full *logObjective, theta0 []float64, opts FitOptions) ([]float64, int, int, bool, error) {
	k := max(4, len(rows)/2048)
	sub := make([]wrow, 0, len(rows)/k+1)
	for i := k / 2; i < len(rows); i += k {
		r := rows[i]
		r.w *= float64(k)
		sub = append(sub, r)
	}
	lo := newLogObjective(build(sub), len(theta0))
	theta, iters, evals, ok, err := minimize(ctx, lo, affine{}, theta0, 1e-4, FitOptions{MaxIterations: opts.MaxIterations})
	if err != nil || !ok {
		return nil, iters, evals, false, err
	}
	a := preconditioner(full, theta, lo.hessian(theta))
	if a.m == nil {
		return nil, iters, evals, false, nil
	}
	t, it, ev, ok, err := minimize(ctx, full, a, theta, 1e-9, opts)
	return t, iters + it, evals + ev, ok, err
}

// stdErrors returns the log-likelihood at the optimum θ (log-parameters;
// p = e^θ) and the standard errors of p: the square roots of the diagonal
// of the inverse of the observed information, the negative Hessian of the
// log-likelihood. The Hessian is built in θ by forward differences of the
// analytic gradient (relative step 1e-6, so the standard errors are good
// to about six digits) and mapped to p by the chain rule,
// ∂²f/∂θi∂θj = p_i p_j ∂²f/∂p_i∂p_j + δij p_i ∂f/∂p_i. The optimiser's last
// evaluation is at θ, so this costs one gradient per parameter. The
// standard errors are nil when the matrix is not positive definite.
func stdErrors(lo *logObjective, theta, p []float64) (float64, []float64) {
	n := len(p)
	g := make([]float64, n)
	ll := -lo.eval(theta, g) * lo.obj.total
	h := lo.hessian(theta)
	for i := range n {
		h.SetSym(i, i, h.At(i, i)-g[i])
	}
	h.ScaleSym(lo.obj.total, h)
	var chol mat.Cholesky
	if !chol.Factorize(h) {
		return ll, nil
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return ll, nil
	}
	se := make([]float64, n)
	for i := range n {
		v := inv.At(i, i)
		if !(v > 0) || !isFinite(v) {
			return ll, nil
		}
		se[i] = p[i] * math.Sqrt(v)
	}
	return ll, se
}

// parallelRows splits n rows into chunks, one per CPU when there are
// enough rows to pay for the goroutines, and sums what work returns: the
// log-likelihood in acc[0] and the gradient in acc[1:].
func parallelRows(n, nParams int, work func(lo, hi int, acc []float64)) []float64 {
	workers := 1
	if n >= 512 {
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
