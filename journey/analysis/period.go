package analysis

import "time"

// Period is the length of a cohort. The zero value is [Month].
type Period uint8

// The periods. Periods are calendar periods in UTC.
const (
	Month   Period = iota // a calendar month
	Week                  // an ISO week, Monday to Sunday
	Quarter               // a calendar quarter
	Year                  // a calendar year
)

// Validate reports whether p is one of the defined periods.
func (p Period) Validate() error {
	if p > Year {
		return invalidInt("period", int64(p), "must be Month, Week, Quarter or Year")
	}
	return nil
}

// Start returns the first instant of the period containing t, in UTC.
func (p Period) Start(t time.Time) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	switch p {
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	case Quarter:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case Year:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	}
}
