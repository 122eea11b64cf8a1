package clv

import (
	"container/heap"
	"math"
)

// The 15-point Gauss–Kronrod rule on [−1, 1] and its embedded 7-point Gauss
// rule (Piessens et al., QUADPACK, 1983): gkNodes[i] for i = 0..6 are the
// positive Kronrod nodes, the odd ones also Gauss nodes, and gkNodes[7] is
// the centre.
var (
	gkNodes = [8]float64{
		0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
		0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
		0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
		0.207784955007898467600689403773245, 0,
	}
	gkWeights = [8]float64{
		0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
		0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
		0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
		0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
	}
	// gWeights are the 7-point Gauss weights at gkNodes[1], [3], [5] and [7].
	gWeights = [4]float64{
		0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
		0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
	}
)

// panel is one subinterval of an adaptive integration with its Kronrod
// estimate and the estimate's error bound |K15 − G7|.
type panel struct{ a, b, sum, err float64 }

func gk15(f func(float64) float64, a, b float64) panel {
	c, h := (a+b)/2, (b-a)/2
	fc := f(c)
	k, g := gkWeights[7]*fc, gWeights[3]*fc
	for i := range 7 {
		fs := f(c-h*gkNodes[i]) + f(c+h*gkNodes[i])
		k += gkWeights[i] * fs
		if i%2 == 1 {
			g += gWeights[i/2] * fs
		}
	}
	return panel{a, b, k * h, math.Abs(k-g) * h}
}

// panels is a max-heap of panels by error.
type panels []panel

func (p panels) Len() int           { return len(p) }
func (p panels) Less(i, j int) bool { return p[i].err > p[j].err }
func (p panels) Swap(i, j int)      { p[i], p[j] = p[j], p[i] }
func (p *panels) Push(x any)        { *p = append(*p, x.(panel)) }
func (p *panels) Pop() any {
	old := *p
	x := old[len(old)-1]
	*p = old[:len(old)-1]
	return x
}

// maxPanels bounds the work of [integrate]: about 30,000 evaluations.
const maxPanels = 2000

// integrate returns ∫ f over [breaks[0], breaks[len−1]], first split at the
// sorted breaks, by globally adaptive Gauss–Kronrod quadrature (the QAG
// scheme of QUADPACK): the panel with the largest error estimate is
// bisected until the total estimate is below rel times the integral, or
// below 1e-300. Like every sampling rule it cannot see a feature of f that
// falls between its nodes, and the outer nodes of a panel lie 0.85 % of its
// width from the ends, so the breaks must resolve the features of f: see
// [around]. f must be finite and not negative. It returns
// [ErrNoConvergence] when maxPanels panels do not reach the tolerance.
func integrate(f func(float64) float64, breaks []float64, rel float64) (float64, error) {
	var h panels
	for i := 1; i < len(breaks); i++ {
		if breaks[i] > breaks[i-1] {
			h = append(h, gk15(f, breaks[i-1], breaks[i]))
		}
	}
	heap.Init(&h)
	sum, err := h.totals()
	for err > max(rel*math.Abs(sum), 1e-300) {
		if len(h) >= maxPanels {
			return 0, ErrNoConvergence
		}
		p := heap.Pop(&h).(panel)
		m := (p.a + p.b) / 2
		if m <= p.a || m >= p.b {
			return 0, ErrNoConvergence
		}
		l, r := gk15(f, p.a, m), gk15(f, m, p.b)
		heap.Push(&h, l)
		heap.Push(&h, r)
		sum += l.sum + r.sum - p.sum
		err += l.err + r.err - p.err
		if err <= max(rel*math.Abs(sum), 1e-300) {
			// The running totals may have drifted: confirm on exact ones.
			sum, err = h.totals()
		}
	}
	return sum, nil
}

func (p panels) totals() (sum, err float64) {
	for _, q := range p {
		sum += q.sum
		err += q.err
	}
	return sum, err
}

// around returns breaks in (lo, hi) at c and at c ± w·2^k for k = 0, 1, …:
// panels as narrow as w at a feature of width w centred on c (a peak, or
// a boundary layer at c = lo), widening geometrically away from it, so
// that the feature is resolved with a few dozen panels whatever the ratio
// of w to hi − lo. Widths too small to move c in float64 are raised to the
// smallest that does; at c = 0 any positive width does.
func around(c, w, lo, hi float64) []float64 {
	if !(c >= lo && c <= hi) || !(w > 0) {
		return nil
	}
	w = max(w, 0x1p-52*math.Abs(c))
	var out []float64
	if c > lo && c < hi {
		out = append(out, c)
	}
	for d := w; c-d > lo || c+d < hi; d *= 2 {
		if c-d > lo {
			out = append(out, c-d)
		}
		if c+d < hi {
			out = append(out, c+d)
		}
	}
	return out
}
