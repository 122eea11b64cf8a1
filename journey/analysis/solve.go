package analysis

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// conversionProbability returns the probability of absorption in the
// conversion state from start, with the states containing channel removed
// redirected to null (removed < 0 removes nothing).
//
// With Q the transition probabilities among the transient states kept and
// r their probabilities of moving to conversion, the absorption
// probabilities x solve (I − Q)x = r, the fundamental-matrix result for
// absorbing chains (Kemeny & Snell, "Finite Markov Chains", 1960, ch. 3).
// It is solved exactly by LU decomposition, never by simulation. Every
// state was observed on a path that ended in conversion or null, so every
// kept state reaches an absorbing state and I − Q is nonsingular.
func (ch *chain) conversionProbability(order []int, removed int) (float64, error) {
	pos := make(map[int]int, len(order))
	for _, id := range order {
		if removed >= 0 && ch.contains(id, removed) {
			continue
		}
		pos[id] = len(pos)
	}
	n := len(pos)
	a := mat.NewDense(n, n, nil)
	r := mat.NewVecDense(n, nil)
	out := ch.outTotals()
	for i := range n {
		a.Set(i, i, 1)
	}
	for t, c := range ch.counts {
		i, ok := pos[t.from]
		if !ok {
			continue
		}
		p := float64(c) / float64(out[t.from])
		if t.to == convState {
			r.SetVec(i, r.AtVec(i)+p)
		} else if k, ok := pos[t.to]; ok {
			a.Set(i, k, a.At(i, k)-p)
		}
	}
	var lu mat.LU
	lu.Factorize(a)
	var x mat.VecDense
	if err := lu.SolveVecTo(&x, false, r); err != nil {
		return 0, fmt.Errorf("analysis: solving the absorbing chain: %w", err)
	}
	return min(max(x.AtVec(pos[startState]), 0), 1), nil
}

// outTotals counts the transitions leaving each state.
func (ch *chain) outTotals() map[int]int {
	out := make(map[int]int, len(ch.states))
	for t, c := range ch.counts {
		out[t.from] += c
	}
	return out
}
