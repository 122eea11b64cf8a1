package clv

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// MaxPeriods bounds [Pattern.Periods], the horizons of [BGBB] predictions
// and [ValueOptions.Periods], whose costs grow linearly with the number of
// periods.
const MaxPeriods = 1 << 20

// Pattern is a discrete-time purchase (or donation) history: in each of
// Periods opportunities after the first transaction, the customer either
// transacted or not. It is the input of the [BGBB] model. Weight is the
// number of customers sharing the pattern, so the 11,104 donors of Fader,
// Hardie & Shang (2010) fit in 22 patterns.
type Pattern struct {
	// Frequency is x, the number of repeat transactions.
	Frequency int
	// Recency is t_x, the opportunity (1..Periods) of the last repeat
	// transaction; 0 when Frequency is 0.
	Recency int
	// Periods is n, the number of transaction opportunities observed.
	Periods int
	// Weight is the number of customers with this pattern. It is used by
	// [FitBGBB] only; 0 means 1.
	Weight float64
}

// Validate checks that p is a possible pattern: 0 <= Frequency <= Recency
// <= Periods <= [MaxPeriods], Recency 0 exactly when Frequency is 0, and a
// finite, non-negative Weight.
func (p Pattern) Validate() error { return p.validate(-1) }

func (p Pattern) validate(i int) error {
	switch {
	case p.Frequency < 0:
		return &InputError{i, "Frequency", p.Frequency, "must not be negative"}
	case p.Periods < 0 || p.Periods > MaxPeriods:
		return &InputError{i, "Periods", p.Periods, "must be between 0 and 2^20"}
	case p.Recency > p.Periods:
		return &InputError{i, "Recency", p.Recency, "must not exceed Periods"}
	case p.Recency < p.Frequency:
		return &InputError{i, "Recency", p.Recency, "must be at least Frequency"}
	case p.Frequency == 0 && p.Recency != 0:
		return &InputError{i, "Recency", p.Recency, "must be 0 when Frequency is 0"}
	case !isFinite(p.Weight) || p.Weight < 0:
		return &InputError{i, "Weight", p.Weight, "must be finite and not negative"}
	}
	return nil
}

// BGBB is the beta-geometric/beta-Bernoulli model of Fader, Hardie &
// Shang (2010), "Customer-Base Analysis in a Discrete-Time Noncontractual
// Setting", Marketing Science 29(6):1086-1108.
//
// At each opportunity an alive customer transacts with probability p,
// Beta(Alpha, Beta) across customers, and then dies before the next
// opportunity with probability θ, Beta(Gamma, Delta) across customers. On
// the donations data the paper reports Alpha = 1.204, Beta = 0.750,
// Gamma = 0.657, Delta = 2.783.
//
// All methods are safe for concurrent use and follow the error conventions
// of [BGNBD].
type BGBB struct {
	Alpha, Beta, Gamma, Delta float64
}

func (m BGBB) validate() error {
	return positive([]string{"Alpha", "Beta", "Gamma", "Delta"}, m.Alpha, m.Beta, m.Gamma, m.Delta)
}

// rowLL returns one pattern's log-likelihood (Fader, Hardie & Shang 2010,
// eq. 5) and, when g is not nil, adds w times its gradient with respect to
// (α, β, γ, δ) to g. The likelihood is a sum of an "alive through n" term
// and one "died after opportunity t_x+i" term for i = 0..n−t_x−1; the
// latter shrink with i and follow from each other by the recurrence
// B(u, v+1) = B(u, v) v/(u+v), and their digammas by ψ(u+1) = ψ(u) + 1/u,
// so a pattern costs O(n) multiplications and a few special functions.
func (m BGBB) rowLL(x, tx, n, w float64, g []float64) float64 {
	a, b, c, d := m.Alpha, m.Beta, m.Gamma, m.Delta
	lAlive := lbeta(a+x, b+n-x) + lbeta(c, d+n)
	steps := n - tx
	l0 := math.Inf(-1)
	if steps > 0 {
		l0 = lbeta(a+x, b+tx-x) + lbeta(c+1, d+tx)
	}
	lmax := math.Max(lAlive, l0)
	eAlive := math.Exp(lAlive - lmax)
	sum := eAlive
	var dsum [4]float64
	if g != nil {
		ab, cd := digamma(a+b+n), digamma(c+d+n)
		dax := digamma(a + x)
		dsum = [4]float64{eAlive * (dax - ab), eAlive * (digamma(b+n-x) - ab), eAlive * (digamma(c) - cd), eAlive * (digamma(d+n) - cd)}
	}
	if steps > 0 {
		e := math.Exp(l0 - lmax)
		// Arguments of the digammas at i = 0, advanced by one each step.
		u1, u2, u3, u4 := b+tx-x, a+b+tx, d+tx, c+d+1+tx
		var p1, p2, p3, p4, dax, dc1 float64
		if g != nil {
			p1, p2, p3, p4 = digamma(u1), digamma(u2), digamma(u3), digamma(u4)
			dax, dc1 = digamma(a+x), digamma(c+1)
		}
		for i := 0.0; i < steps; i++ {
			sum += e
			if g != nil {
				dsum[0] += e * (dax - p2)
				dsum[1] += e * (p1 - p2)
				dsum[2] += e * (dc1 - p4)
				dsum[3] += e * (p3 - p4)
				p1 += 1 / (u1 + i)
				p2 += 1 / (u2 + i)
				p3 += 1 / (u3 + i)
				p4 += 1 / (u4 + i)
			}
			e *= (u1 + i) / (u2 + i) * (u3 + i) / (u4 + i)
			if e < 1e-18*sum && e*(steps-i) < 1e-17*sum {
				break
			}
		}
	}
	ll := lmax + math.Log(sum) - lbeta(a, b) - lbeta(c, d)
	if g != nil {
		ab, cd := digamma(a+b), digamma(c+d)
		base := [4]float64{digamma(a) - ab, digamma(b) - ab, digamma(c) - cd, digamma(d) - cd}
		for k := range dsum {
			g[k] += w * (dsum[k]/sum - base[k])
		}
	}
	return ll
}

func (m BGBB) check(p Pattern) error {
	if err := m.validate(); err != nil {
		return err
	}
	return p.Validate()
}

// LogLikelihood returns the log-likelihood of one customer with pattern
// p (Fader, Hardie & Shang 2010, eq. 5); Weight is ignored.
func (m BGBB) LogLikelihood(p Pattern) (float64, error) {
	if err := m.check(p); err != nil {
		return 0, err
	}
	return finite("log-likelihood", m.rowLL(float64(p.Frequency), float64(p.Recency), float64(p.Periods), 1, nil))
}

// PAlive returns the probability that a customer with pattern p is alive
// at the next opportunity, n+1 (Fader, Hardie & Shang 2010, eq. 11).
func (m BGBB) PAlive(p Pattern) (float64, error) {
	if err := m.check(p); err != nil {
		return 0, err
	}
	x, n := float64(p.Frequency), float64(p.Periods)
	ll := m.rowLL(x, float64(p.Recency), n, 1, nil)
	l := lbeta(m.Alpha+x, m.Beta+n-x) - lbeta(m.Alpha, m.Beta) + lbeta(m.Gamma, m.Delta+n+1) - lbeta(m.Gamma, m.Delta)
	return finite("probability alive", math.Min(math.Exp(l-ll), 1))
}

// ExpectedPurchases returns the expected number of transactions of a
// customer with pattern p in the next k opportunities, n+1..n+k (Fader,
// Hardie & Shang 2010, eq. 13). The paper's closed form divides by γ − 1;
// this evaluates the equivalent finite sum over the k opportunities, which
// has no singularity at γ = 1.
func (m BGBB) ExpectedPurchases(p Pattern, k int) (float64, error) {
	if err := m.check(p); err != nil {
		return 0, err
	}
	if k < 0 || k > MaxPeriods {
		return 0, argError("horizon", k, "must be between 0 and 2^20 opportunities")
	}
	x, n := float64(p.Frequency), float64(p.Periods)
	ll := m.rowLL(x, float64(p.Recency), n, 1, nil)
	pre := lbeta(m.Alpha+x+1, m.Beta+n-x) - lbeta(m.Alpha, m.Beta) - ll
	return finite("expected purchases", m.aliveSum(pre, n, k))
}

// aliveSum returns Σ_{i=1..k} exp(pre) B(γ, δ+n+i)/B(γ, δ), the terms
// following from each other by B(γ, v+1) = B(γ, v) v/(γ+v).
func (m BGBB) aliveSum(pre, n float64, k int) float64 {
	v := m.Delta + n + 1
	e := math.Exp(pre + lbeta(m.Gamma, v) - lbeta(m.Gamma, m.Delta))
	var s float64
	for i := range k {
		s += e
		e *= (v + float64(i)) / (m.Gamma + v + float64(i))
		if e < 1e-18*s && e*float64(k-i) < 1e-17*s {
			break
		}
	}
	return s
}

// ExpectedPurchasesNew returns E[X(n)], the expected number of repeat
// transactions of a new customer in the first n opportunities (Fader,
// Hardie & Shang 2010, eq. 7), as a finite sum like [BGBB.ExpectedPurchases].
func (m BGBB) ExpectedPurchasesNew(n int) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if n < 0 || n > MaxPeriods {
		return 0, argError("horizon", n, "must be between 0 and 2^20 opportunities")
	}
	return finite("expected purchases", m.aliveSum(math.Log(m.Alpha/(m.Alpha+m.Beta)), 0, n))
}

// FitBGBB estimates a [BGBB] model by maximum likelihood on weighted
// patterns (identical patterns are merged first; Weight 0 counts as 1).
//
// It returns an [*InputError] for an invalid pattern, [ErrNoData] for an
// empty slice, [ErrNoRepeat] when no pattern has a repeat transaction,
// and an error wrapping [ErrNoConvergence] when the optimiser fails.
func FitBGBB(ctx context.Context, data []Pattern, opts FitOptions) (*Fit[BGBB], error) {
	if len(data) == 0 {
		return nil, ErrNoData
	}
	type key struct{ x, tx, n int }
	idx := map[key]int{}
	var rows []wrow
	repeat := false
	for i, p := range data {
		if err := p.validate(i); err != nil {
			return nil, err
		}
		w := p.Weight
		if w == 0 {
			w = 1
		}
		repeat = repeat || p.Frequency > 0
		k := key{p.Frequency, p.Recency, p.Periods}
		if j, ok := idx[k]; ok {
			rows[j].w += w
			continue
		}
		idx[k] = len(rows)
		rows = append(rows, wrow{float64(p.Frequency), float64(p.Recency), float64(p.Periods), w})
	}
	if !repeat {
		return nil, ErrNoRepeat
	}
	slices.SortFunc(rows, func(a, b wrow) int {
		return cmp.Or(cmp.Compare(a.T, b.T), cmp.Compare(a.x, b.x), cmp.Compare(a.tx, b.tx))
	})
	res, err := fitRows(ctx, rows, bgbbObjective, []float64{1, 1, 1, 1}, opts)
	if err != nil {
		return nil, err
	}
	return newFit(res, func(p []float64) BGBB { return BGBB{p[0], p[1], p[2], p[3]} }), nil
}

func bgbbObjective(rows []wrow) objective {
	var total float64
	for _, r := range rows {
		total += r.w
	}
	return objective{total: total, eval: func(p, grad []float64) float64 {
		m := BGBB{p[0], p[1], p[2], p[3]}
		acc := parallelRows(len(rows), 4, func(lo, hi int, acc []float64) {
			var g []float64
			if grad != nil {
				g = acc[1:]
			}
			for _, r := range rows[lo:hi] {
				acc[0] += r.w * m.rowLL(r.x, r.tx, r.T, r.w, g)
			}
		})
		copy(grad, acc[1:])
		return acc[0]
	}}
}
