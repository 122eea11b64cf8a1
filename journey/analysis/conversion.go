package analysis

import "github.com/cemkit/cem/touchpoint"

// Purchased is the default conversion: a successful touchpoint at the
// purchase stage. [AttributionSpec] and [CohortSpec] use it when their
// Converts field is nil.
func Purchased(tp touchpoint.Touchpoint) bool {
	return tp.Stage == touchpoint.Purchase && tp.Outcome == touchpoint.OK
}

// orPurchased returns f, or Purchased when f is nil.
func orPurchased(f func(touchpoint.Touchpoint) bool) func(touchpoint.Touchpoint) bool {
	if f == nil {
		return Purchased
	}
	return f
}
