package analysis

import (
	"iter"

	"github.com/cemkit/cem/journey"
)

// Stream adapts a store's stream of journeys and errors (store.Reader's
// Journeys) to the iter.Seq every analysis reads. It stops at the first
// error and stores it in *err, which the caller checks after the analysis:
//
//	var readErr error
//	rep, err := analysis.Variants(analysis.Stream(st.Journeys(ctx, q), &readErr), analysis.ByStage)
//	if err := errors.Join(err, readErr); err != nil { ... }
func Stream(seq iter.Seq2[*journey.Journey, error], err *error) iter.Seq[*journey.Journey] {
	return func(yield func(*journey.Journey) bool) {
		for j, e := range seq {
			if e != nil {
				*err = e
				return
			}
			if !yield(j) {
				return
			}
		}
	}
}

// usable reports whether a streamed journey has something to analyse; nil
// and empty journeys are skipped by every analysis.
func usable(j *journey.Journey) bool {
	return j != nil && j.Len() > 0
}
