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
	all := make([]wrow, len(data))
	repeat := false
	for i, s := range data {
		if err := s.validate(i); err != nil {
			return nil, 0, err
		}
		repeat = repeat || s.Frequency > 0
		all[i] = wrow{s.Frequency, s.Recency, s.Age, 1}
	}
	if !repeat {
		return nil, 0, ErrNoRepeat
	}
	// Sorting and merging runs is faster than a map for large inputs and
	// leaves the rows grouped by frequency, as the likelihoods want.
	slices.SortFunc(all, compareRows)
	rows := all[:1]
	for _, r := range all[1:] {
		last := &rows[len(rows)-1]
		if r.x == last.x && r.T == last.T && r.tx == last.tx {
			last.w++
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
