package analysis

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// eigenTolerance is the relative size below which an eigenvalue of the
// feature correlation matrix counts as zero (linearly dependent features).
const eigenTolerance = 1e-10

// relativeWeights computes, for the features idx (all with variance),
// the standardised coefficients and Johnson's (2000) relative weights into
// drivers (in the order of idx) and returns R².
//
// With R = VΛVᵀ the features' correlation matrix and r their correlations
// with the outcome: the coefficients are β = VΛ⁺Vᵀr and R² = rᵀβ; the
// orthogonal counterparts' loadings are Λ = VΛ^½Vᵀ, the outcome's
// coefficients on them β* = VΛ^-½Vᵀr, and feature j's weight is
// Σₖ Λ_jk² β*ₖ².
func relativeWeights(m *moments, idx []int, drivers []Driver) float64 {
	p := len(idx)
	corr := mat.NewSymDense(p, nil)
	r := mat.NewVecDense(p, nil)
	sd := make([]float64, p)
	for a, i := range idx {
		sd[a] = math.Sqrt(m.cov(i, i))
	}
	sdY := math.Sqrt(m.varY())
	for a, i := range idx {
		r.SetVec(a, m.covY(i)/(sd[a]*sdY))
		for b := a; b < p; b++ {
			corr.SetSym(a, b, m.cov(i, idx[b])/(sd[a]*sd[b]))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(corr, true) {
		return 0
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	vals := eig.Values(nil)
	beta := spectral(&v, vals, r, func(l float64) float64 { return 1 / l })
	betaStar := spectral(&v, vals, r, func(l float64) float64 { return 1 / math.Sqrt(l) })
	lambda := loadings(&v, vals)
	r2 := 0.0
	for a := range p {
		drivers[a].Beta = beta.AtVec(a)
		r2 += r.AtVec(a) * beta.AtVec(a)
		w := 0.0
		for k := range p {
			w += lambda.At(a, k) * lambda.At(a, k) * betaStar.AtVec(k) * betaStar.AtVec(k)
		}
		drivers[a].Weight = w
	}
	r2 = min(max(r2, 0), 1)
	for a := range drivers {
		if r2 > 0 {
			drivers[a].Share = drivers[a].Weight / r2
		}
	}
	return r2
}

// spectral returns V f(Λ) Vᵀ r, with f applied to the eigenvalues above
// the tolerance and zero for the others (a pseudo-inverse).
func spectral(v *mat.Dense, vals []float64, r *mat.VecDense, f func(float64) float64) *mat.VecDense {
	var vtr mat.VecDense
	vtr.MulVec(v.T(), r)
	top := maxOf(vals)
	for k, l := range vals {
		if l > eigenTolerance*top {
			vtr.SetVec(k, vtr.AtVec(k)*f(l))
		} else {
			vtr.SetVec(k, 0)
		}
	}
	var out mat.VecDense
	out.MulVec(v, &vtr)
	return &out
}

// loadings returns V Λ^½ Vᵀ.
func loadings(v *mat.Dense, vals []float64) *mat.Dense {
	p := len(vals)
	root := mat.NewDiagDense(p, nil)
	for k, l := range vals {
		root.SetDiag(k, math.Sqrt(max(l, 0)))
	}
	var tmp, out mat.Dense
	tmp.Mul(v, root)
	out.Mul(&tmp, v.T())
	return &out
}

func maxOf(vs []float64) float64 {
	m := 0.0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}
