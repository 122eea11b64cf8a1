package analysis

import "math"

// moments accumulates the sums a regression of y on binary features needs,
// in memory bounded by the square of the number of distinct features.
// Features are numbered on first sight; a journey before that simply had a
// zero, which the sums already say. The outcome is shifted by its first
// value to keep the sums of squares from cancelling.
type moments struct {
	index    map[Feature]int
	features []Feature
	n        int
	shift    float64
	sy, syy  float64
	sx       []int     // journeys with feature i
	sxy      []float64 // Σ y over journeys with feature i
	sxx      [][]int   // sxx[i][k], k ≤ i: journeys with both
	present  []bool    // scratch: features of the current journey
	ids      []int     // scratch
}

func newMoments() *moments {
	return &moments{index: make(map[Feature]int)}
}

func (m *moments) id(f Feature) int {
	if i, ok := m.index[f]; ok {
		return i
	}
	i := len(m.features)
	m.index[f] = i
	m.features = append(m.features, f)
	m.sx = append(m.sx, 0)
	m.sxy = append(m.sxy, 0)
	m.sxx = append(m.sxx, make([]int, i+1))
	m.present = append(m.present, false)
	return i
}

// add records one journey's features (duplicates allowed) and outcome.
func (m *moments) add(fs []Feature, y float64) {
	if m.n == 0 {
		m.shift = y
	}
	m.n++
	y -= m.shift
	m.sy += y
	m.syy += y * y
	m.ids = m.ids[:0]
	for _, f := range fs {
		if i := m.id(f); !m.present[i] {
			m.present[i] = true
			m.ids = append(m.ids, i)
		}
	}
	for _, i := range m.ids {
		m.sx[i]++
		m.sxy[i] += y
		for _, k := range m.ids {
			if k <= i {
				m.sxx[i][k]++
			}
		}
	}
	for _, i := range m.ids {
		m.present[i] = false
	}
}

// varY is the outcome's population variance.
func (m *moments) varY() float64 {
	if m.n == 0 {
		return 0
	}
	mean := m.sy / float64(m.n)
	return max(m.syy/float64(m.n)-mean*mean, 0)
}

// cov is the population covariance of features i and k.
func (m *moments) cov(i, k int) float64 {
	if k > i {
		i, k = k, i
	}
	n := float64(m.n)
	return float64(m.sxx[i][k])/n - float64(m.sx[i])*float64(m.sx[k])/(n*n)
}

// covY is the population covariance of feature i and the outcome.
func (m *moments) covY(i int) float64 {
	n := float64(m.n)
	return m.sxy[i]/n - float64(m.sx[i])*m.sy/(n*n)
}

// describe returns feature i's descriptive figures; the weights come later.
func (m *moments) describe(i int) Driver {
	d := Driver{Feature: m.features[i], Present: m.sx[i]}
	if d.Present > 0 {
		d.MeanWith = m.shift + m.sxy[i]/float64(d.Present)
	}
	if rest := m.n - d.Present; rest > 0 {
		d.MeanWithout = m.shift + (m.sy-m.sxy[i])/float64(rest)
	}
	if vy := m.varY(); vy > 0 {
		d.Correlation = m.covY(i) / math.Sqrt(m.cov(i, i)*vy)
	}
	return d
}
