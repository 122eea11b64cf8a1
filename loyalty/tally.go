package loyalty

import (
	"math"

	"github.com/cemkit/cem/touchpoint"
)

// The answer groups of the survey scales.
const (
	// PromoterMin is the lowest NPS answer of a promoter and DetractorMax
	// the highest of a detractor; 7 and 8 are passives (Reichheld 2003).
	PromoterMin, DetractorMax = 9, 6
	// SatisfiedMin is the lowest CSAT answer counted as satisfied: CSAT is
	// the share of 4s and 5s on the 1–5 scale (the "top-two box").
	SatisfiedMin = 4
)

// Tally counts the survey answers of one group of customers or
// touchpoints: how many gave each NPS, CSAT and CES answer. Because every
// scale is a short range of integers, the counts hold everything the
// statistics need, so a Tally is a small fixed-size value that merges by
// addition and never grows with the number of answers.
//
// The zero value is an empty tally. A Tally is not safe for concurrent
// mutation; build one per goroutine and [Tally.Merge] them.
type Tally struct {
	nps  [touchpoint.NPSMax - touchpoint.NPSMin + 1]int
	csat [touchpoint.CSATMax - touchpoint.CSATMin + 1]int
	ces  [touchpoint.CESMax - touchpoint.CESMin + 1]int
}

// AddNPS counts one NPS answer. An answer that is not an integer in 0–10
// is a *[touchpoint.ValidationError] and is not counted.
func (t *Tally) AddNPS(v float64) error {
	return add(t.nps[:], "nps", v, touchpoint.NPSMin, touchpoint.NPSMax)
}

// AddCSAT counts one CSAT answer, an integer in 1–5; see [Tally.AddNPS].
func (t *Tally) AddCSAT(v float64) error {
	return add(t.csat[:], "csat", v, touchpoint.CSATMin, touchpoint.CSATMax)
}

// AddCES counts one CES answer, an integer in 1–7; see [Tally.AddNPS].
func (t *Tally) AddCES(v float64) error {
	return add(t.ces[:], "ces", v, touchpoint.CESMin, touchpoint.CESMax)
}

// AddFeedback counts every answer present in f (sentiment is not a survey
// answer and is ignored). If any answer is off its scale nothing is counted
// and the error names the first.
func (t *Tally) AddFeedback(f touchpoint.Feedback) error {
	nps, hasNPS := f.NPS.Value()
	csat, hasCSAT := f.CSAT.Value()
	ces, hasCES := f.CES.Value()
	if err := first(
		check(hasNPS, "nps", nps, touchpoint.NPSMin, touchpoint.NPSMax),
		check(hasCSAT, "csat", csat, touchpoint.CSATMin, touchpoint.CSATMax),
		check(hasCES, "ces", ces, touchpoint.CESMin, touchpoint.CESMax),
	); err != nil {
		return err
	}
	if hasNPS {
		t.nps[int(nps)-touchpoint.NPSMin]++
	}
	if hasCSAT {
		t.csat[int(csat)-touchpoint.CSATMin]++
	}
	if hasCES {
		t.ces[int(ces)-touchpoint.CESMin]++
	}
	return nil
}

func first(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Merge adds o's counts to t.
func (t *Tally) Merge(o Tally) {
	for i := range t.nps {
		t.nps[i] += o.nps[i]
	}
	for i := range t.csat {
		t.csat[i] += o.csat[i]
	}
	for i := range t.ces {
		t.ces[i] += o.ces[i]
	}
}

// Len returns the number of NPS, CSAT and CES answers counted.
func (t Tally) Len() (nps, csat, ces int) {
	return sum(t.nps[:]), sum(t.csat[:]), sum(t.ces[:])
}

func add(counts []int, field string, v float64, lo, hi int) error {
	if err := check(true, field, v, lo, hi); err != nil {
		return err
	}
	counts[int(v)-lo]++
	return nil
}

// check refuses a present answer that is not an integer in lo..hi.
func check(present bool, field string, v float64, lo, hi int) error {
	if present && (math.IsNaN(v) || v != math.Trunc(v) || v < float64(lo) || v > float64(hi)) {
		return invalid(field, ftoa(v), "must be an integer in "+itoa(lo)+".."+itoa(hi))
	}
	return nil
}

func sum(counts []int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}
