package analysis

import (
	"cmp"
	"fmt"
	"iter"
	"slices"

	"github.com/cemkit/cem/journey"
)

// DriverReport is the result of [KeyDrivers].
type DriverReport struct {
	// Journeys is the sample size: the journeys with an outcome.
	Journeys int
	// Skipped counts the non-empty journeys without an outcome (the
	// function returned false, NaN or an infinity).
	Skipped int
	// RSquared is the share of the outcome's variance the features explain
	// together, in [0, 1].
	RSquared float64
	// Drivers holds one entry per feature that varies across the journeys,
	// by Weight, largest first (ties by feature).
	Drivers []Driver
	// Constant lists the features that every journey had: they cannot
	// explain differences between journeys. Sorted.
	Constant []Feature
	// Warning is empty when the sample is large enough and otherwise says
	// why the figures should not be trusted.
	Warning string
}

// Driver is one feature's part in explaining the outcome.
type Driver struct {
	Feature Feature
	// Present counts the journeys with the feature.
	Present int
	// MeanWith and MeanWithout are the mean outcome of the journeys with
	// and without it.
	MeanWith, MeanWithout float64
	// Correlation is the feature's (point-biserial) correlation with the
	// outcome.
	Correlation float64
	// Beta is the standardised regression coefficient, holding the other
	// features fixed; unstable when features are correlated.
	Beta float64
	// Weight is Johnson's relative weight: the part of RSquared due to the
	// feature. Weights are never negative and sum to RSquared.
	Weight float64
	// Share is Weight over RSquared, 0 when RSquared is 0.
	Share float64
}

// KeyDrivers finds which stages, channels, failure kinds and recovery
// actions explain outcome across journeys, in one pass with memory
// bounded by the square of the number of distinct features.
//
// Each journey becomes yes/no features (see [FeatureKind]) and the outcome
// outcome returns, such as a journey score or a loyalty measure; journeys
// for which it returns false or a non-finite number are skipped. The
// features' relative importance is Johnson's relative weights (Johnson,
// "A heuristic method for estimating the relative weight of predictor
// variables in multiple regression", Multivariate Behavioral Research
// 2000): the features are replaced by their closest orthogonal
// counterparts, the outcome is regressed on those, and R² is divided back
// among the features. Unlike standardised coefficients, which the report
// also gives, the weights stay meaningful when features are correlated
// (reaching the purchase stage and using the web, say), are never negative
// and sum to R². Linearly dependent features share their weight, through a
// pseudo-inverse.
//
// Warning is set when there are fewer journeys than Green's (1991) rule of
// thumb for regression, 50 + 8 × features, or when the outcome does not
// vary. KeyDrivers returns a *touchpoint.ValidationError when outcome is
// nil.
func KeyDrivers(journeys iter.Seq[*journey.Journey], outcome func(*journey.Journey) (float64, bool)) (DriverReport, error) {
	if outcome == nil {
		return DriverReport{}, invalid("outcome", "nil", "must be a function")
	}
	acc := newMoments()
	skipped := 0
	var fs []Feature
	for j := range journeys {
		if !usable(j) {
			continue
		}
		y, ok := outcome(j)
		if !ok || !finite(y) {
			skipped++
			continue
		}
		fs = appendFeatures(fs[:0], j)
		acc.add(fs, y)
	}
	rep := acc.report()
	rep.Skipped = skipped
	return rep, nil
}

// report turns the accumulated moments into drivers.
func (m *moments) report() DriverReport {
	rep := DriverReport{Journeys: m.n}
	varying := make([]int, 0, len(m.features))
	for i, f := range m.features {
		if m.sx[i] == m.n {
			rep.Constant = append(rep.Constant, f)
		} else {
			varying = append(varying, i)
		}
	}
	slices.SortFunc(rep.Constant, Feature.Compare)
	rep.Warning = sampleWarning(m.n, len(varying), m.varY())
	for _, i := range varying {
		rep.Drivers = append(rep.Drivers, m.describe(i))
	}
	if m.n >= 2 && m.varY() > 0 && len(varying) > 0 {
		rep.RSquared = relativeWeights(m, varying, rep.Drivers)
	}
	slices.SortFunc(rep.Drivers, func(a, b Driver) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), a.Feature.Compare(b.Feature))
	})
	return rep
}

// sampleWarning applies Green's (1991) rule, N ≥ 50 + 8m.
func sampleWarning(n, features int, varY float64) string {
	switch {
	case n < 2:
		return fmt.Sprintf("%d journeys with an outcome: too few to analyse", n)
	case varY == 0:
		return "the outcome is the same for every journey: nothing to explain"
	case n < 50+8*features:
		return fmt.Sprintf("%d journeys for %d features: fewer than 50 + 8 × features (Green 1991), the weights are unreliable", n, features)
	}
	return ""
}
