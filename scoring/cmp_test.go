package scoring_test

import (
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cemkit/cem/scoring"
)

// cmpResult compares results with scores equal to 1e-9.
func cmpResult(want, got scoring.Result) string {
	return cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9))
}
