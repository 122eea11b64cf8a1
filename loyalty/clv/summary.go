package clv

import (
	"math"
	"slices"
)

// Summary is one customer's purchase history in a calibration period, the
// "RFM" input of the continuous-time models ([BGNBD], [ParetoNBD],
// [MBGNBD]).
//
// Time is measured in any unit (weeks in the papers' CDNOW examples), the
// same for all customers and for the horizons passed to predictions. The
// zero value is a customer who bought once, just now.
type Summary struct {
	// Frequency is x, the number of repeat purchases (purchases after the
	// first one) in the calibration period.
	Frequency float64
	// Recency is t_x, the time from the first purchase to the last repeat
	// purchase; 0 when Frequency is 0.
	Recency float64
	// Age is T, the time from the first purchase to the end of the
	// calibration period.
	Age float64
}

// Validate checks that s is a possible history: all fields finite and
// non-negative, Frequency a whole number, Recency at most Age, Recency positive when Frequency is
// positive and 0 when Frequency is 0. The error is an [*InputError] with
// Index -1.
func (s Summary) Validate() error { return s.validate(-1) }

func (s Summary) validate(i int) error {
	for _, f := range [...]struct {
		name string
		v    float64
	}{{"Frequency", s.Frequency}, {"Recency", s.Recency}, {"Age", s.Age}} {
		if !isFinite(f.v) {
			return &InputError{i, f.name, f.v, "must be finite"}
		}
		if f.v < 0 {
			return &InputError{i, f.name, f.v, "must not be negative"}
		}
	}
	switch {
	case s.Frequency != math.Trunc(s.Frequency):
		return &InputError{i, "Frequency", s.Frequency, "must be a whole number of purchases"}
	case s.Recency > s.Age:
		return &InputError{i, "Recency", s.Recency, "must not exceed Age"}
	case s.Frequency > 0 && s.Recency == 0:
		return &InputError{i, "Recency", s.Recency, "must be positive when Frequency is positive"}
	case s.Frequency == 0 && s.Recency != 0:
		return &InputError{i, "Recency", s.Recency, "must be 0 when Frequency is 0"}
	}
	return nil
}

// wrow is a compressed summary: a distinct (x, t_x, T) and how many
// customers (total weight) share it.
type wrow struct {
	x, tx, T, w float64
}

// compress validates data and merges identical summaries into weighted
// rows, sorted by frequency so that per-frequency terms can be computed
// once per group. It returns the rows and the total weight.
func compress(data []Summary) ([]wrow, float64, error) {
	if len(data) == 0 {
		return nil, 0, ErrNoData
	}
	// Customers without repeat purchases, usually the majority, differ
	// only by T, so their ages are sorted apart as plain numbers.
	ages := make([]float64, 0, len(data))
	var others []wrow
	for i, s := range data {
		if err := s.validate(i); err != nil {
			return nil, 0, err
		}
		if s.Frequency == 0 {
			ages = append(ages, s.Age)
			continue
		}
		others = append(others, wrow{s.Frequency, s.Recency, s.Age, 1})
	}
	if len(others) == 0 {
		return nil, 0, ErrNoRepeat
	}
	if len(ages) >= radixMin {
		radixSort(ages, floatKey)
	} else {
		slices.Sort(ages)
	}
	rows := make([]wrow, 0, len(data)/2)
	for i, T := range ages {
		if i > 0 && T == ages[i-1] {
			rows[len(rows)-1].w++
			continue
		}
		rows = append(rows, wrow{T: T, w: 1})
	}
	// Stable sorts from the least significant key: rows end up ordered by
	// x, then T, then t_x.
	if len(others) >= radixMin {
		radixSort(others, func(r wrow) uint64 { return floatKey(r.tx) })
		radixSort(others, func(r wrow) uint64 { return floatKey(r.T) })
		radixSort(others, func(r wrow) uint64 { return floatKey(r.x) })
	} else {
		slices.SortFunc(others, compareRows)
	}
	for i, r := range others {
		if i > 0 && compareRows(r, others[i-1]) == 0 {
			rows[len(rows)-1].w++
			continue
		}
		rows = append(rows, r)
	}
	return slices.Clip(rows), float64(len(data)), nil
}

// compareRows orders rows by x, then T, then t_x. Validated rows hold no
// NaN, so plain comparisons do (and are much faster than cmp.Compare).
func compareRows(a, b wrow) int {
	switch {
	case a.x != b.x:
		return sign(a.x - b.x)
	case a.T != b.T:
		return sign(a.T - b.T)
	case a.tx != b.tx:
		return sign(a.tx - b.tx)
	}
	return 0
}

func sign(d float64) int {
	if d < 0 {
		return -1
	}
	return 1
}

// group is a run of rows with the same frequency.
type group struct {
	x          float64
	start, end int
}

func groups(rows []wrow) []group {
	var gs []group
	for i, r := range rows {
		if i == 0 || r.x != rows[i-1].x {
			gs = append(gs, group{x: r.x, start: i})
		}
		gs[len(gs)-1].end = i + 1
	}
	return gs
}

// meanAge returns the weighted mean of T, used to scale starting values.
func meanAge(rows []wrow) float64 {
	var s, w float64
	for _, r := range rows {
		s += r.w * r.T
		w += r.w
	}
	return math.Max(s/w, 1e-3)
}
