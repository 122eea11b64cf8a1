package loyalty

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
)

// EvidenceKind names a kind of [Evidence] the ladder rules look at. The string forms
// are stable.
type EvidenceKind string

// The kinds of evidence.
const (
	Purchases        EvidenceKind = "purchases"          // how many purchases; Time and Ref are the latest
	Lapsed           EvidenceKind = "lapsed"             // enough purchases for loyalty, but the latest is too old
	NPSAnswer        EvidenceKind = "nps"                // the latest NPS answer in the window
	CSATAnswer       EvidenceKind = "csat"               // the latest CSAT answer in the window
	Advocacy         EvidenceKind = "advocacy"           // the latest recommendation (advocacy touchpoint) in the window
	NegativeAdvocacy EvidenceKind = "negative_advocacy"  // a bad review in the window, later than any recommendation
	Unresolved       EvidenceKind = "unresolved_failure" // a serious failure in the window, unresolved at the time
	JourneyScore     EvidenceKind = "score"              // the journey's score from Rules.Score
)

// Evidence is one fact a placement rests on: a count of purchases, the
// latest NPS answer, an unresolved failure.
type Evidence struct {
	// Kind says what the fact is.
	Kind EvidenceKind
	// Value is the number of purchases, the days since the latest purchase
	// (Lapsed), the answer, 1 for Advocacy and −1 for NegativeAdvocacy, the
	// failure's severity (1–4) or the score.
	Value float64
	// Time is when the fact happened (the latest purchase, the answer, the
	// failure); zero for a score.
	Time time.Time
	// Ref is the touchpoint or failure the fact comes from, or uuid.Nil.
	Ref uuid.UUID
}

// String describes the evidence for a report, e.g. "nps 10 (promoter) on
// 2026-03-14".
func (e Evidence) String() string {
	on := ""
	if !e.Time.IsZero() {
		on = " on " + e.Time.UTC().Format(time.DateOnly)
	}
	switch e.Kind {
	case Purchases:
		return itoa(int(e.Value)) + " purchase(s), latest" + on
	case Lapsed:
		return "latest purchase " + strconv.FormatFloat(e.Value, 'f', 0, 64) + " days ago," + on
	case NPSAnswer:
		return "nps " + ftoa(e.Value) + " (" + npsGroup(e.Value) + ")" + on
	case CSATAnswer:
		return "csat " + ftoa(e.Value) + on
	case Advocacy:
		return "advocacy" + on
	case NegativeAdvocacy:
		return "negative advocacy" + on
	case Unresolved:
		return "unresolved " + journey.Severity(e.Value).String() + " failure" + on
	case JourneyScore:
		return "journey score " + ftoa(e.Value)
	}
	return string(e.Kind) + " " + ftoa(e.Value) + on
}

func npsGroup(v float64) string {
	switch {
	case v >= PromoterMin:
		return "promoter"
	case v <= DetractorMax:
		return "detractor"
	}
	return "passive"
}
