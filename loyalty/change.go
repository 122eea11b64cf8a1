package loyalty

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Change is the test of a difference between two periods (or any two
// groups): was the move from Before to After more than sampling noise?
type Change struct {
	// Before and After are the two scores on the statistic's scale; Diff is
	// After − Before.
	Before, After, Diff float64
	// Stat is the test statistic: z for NPS and CSAT, Welch's t for CES.
	Stat float64
	// DF is Welch's degrees of freedom for CES, 0 for the z tests.
	DF float64
	// P is the two-sided p-value: the chance of a difference at least this
	// large if nothing had changed. A small P (say below 0.05) marks a real
	// change.
	P float64
}

// NPSChange tests the difference between two NPS with a two-sample z-test:
// z = (NPS₂ − NPS₁)/√(Var₁ + Var₂), each variance that of a difference of
// two proportions (see [Tally.NPS]). Both the estimates and the variances in
// z are the adjusted-Wald ones, so a period where every answer was a
// promoter does not make the test claim certainty. Before, After and Diff
// are the plain scores. It returns [ErrNoAnswers] if either tally has no
// NPS answer.
func NPSChange(before, after Tally) (Change, error) {
	b, a := before.npsCounts(), after.npsCounts()
	if b.N == 0 || a.N == 0 {
		return Change{}, ErrNoAnswers
	}
	cb, vb := b.adjusted()
	ca, va := a.adjusted()
	c := diff(score(b), score(a))
	c.Stat = (ca - cb) / math.Sqrt(vb+va)
	c.P = normalP(c.Stat)
	return c, nil
}

func score(r NPS) float64 { return 100 * float64(r.Promoters-r.Detractors) / float64(r.N) }

// CSATChange tests the difference between two CSAT shares with the pooled
// two-proportion z-test. When the pooled share is 0 or 100 % the two
// periods cannot differ and P is 1. It returns [ErrNoAnswers] if either
// tally has no CSAT answer.
func CSATChange(before, after Tally) (Change, error) {
	nb, sb := sum(before.csat[:]), sum(before.csat[SatisfiedMin-1:])
	na, sa := sum(after.csat[:]), sum(after.csat[SatisfiedMin-1:])
	if nb == 0 || na == 0 {
		return Change{}, ErrNoAnswers
	}
	pb, pa := float64(sb)/float64(nb), float64(sa)/float64(na)
	c := diff(100*pb, 100*pa)
	pool := float64(sb+sa) / float64(nb+na)
	v := pool * (1 - pool) * (1/float64(nb) + 1/float64(na))
	if v == 0 {
		c.P = 1
		return c, nil
	}
	c.Stat = (pa - pb) / math.Sqrt(v)
	c.P = normalP(c.Stat)
	return c, nil
}

// CESChange tests the difference between two mean efforts with Welch's
// t-test, which does not assume equal variances (Welch, Biometrika 1947).
// Each tally needs at least two CES answers, else [ErrNoAnswers]. A group
// whose answers are all alike enters the test with the floored standard
// deviation of [Tally.CES], 1/√n, not 0: no observed spread is not proof of
// none, so the test stays conservative instead of claiming certainty.
// {1, 1} against {2, 2} gives t = √2 on 2 degrees of freedom, P ≈ 0.29; a
// difference backed by many identical answers still comes out significant.
func CESChange(before, after Tally) (Change, error) {
	b, a := before.cesMoments(), after.cesMoments()
	if b.N < 2 || a.N < 2 {
		return Change{}, ErrNoAnswers
	}
	c := diff(b.Mean, a.Mean)
	sb, sa := b.spread(), a.spread()
	vb, va := sb*sb/float64(b.N), sa*sa/float64(a.N)
	se2 := vb + va
	c.DF = se2 * se2 / (vb*vb/float64(b.N-1) + va*va/float64(a.N-1))
	c.Stat = c.Diff / math.Sqrt(se2)
	c.P = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: c.DF}.Survival(math.Abs(c.Stat))
	return c, nil
}

func diff(before, after float64) Change {
	return Change{Before: before, After: after, Diff: after - before}
}
