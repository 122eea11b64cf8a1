package touchpoint

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// Rating is one optional survey answer. The zero value is an absent answer,
// which is not the same as a zero answer: an NPS of 0 is a detractor, a
// missing NPS says nothing. Construct a present answer with [Rate].
type Rating struct {
	v   float64
	set bool
}

// Rate returns a present Rating holding v. Whether v is on the right scale is
// checked by [Feedback.Validate], not here.
func Rate(v float64) Rating { return Rating{v: v, set: true} }

// Value returns the answer and whether it is present.
func (r Rating) Value() (float64, bool) { return r.v, r.set }

// IsSet reports whether the answer is present.
func (r Rating) IsSet() bool { return r.set }

// String returns the answer as a decimal number, or "absent".
func (r Rating) String() string {
	if !r.set {
		return "absent"
	}
	return strconv.FormatFloat(r.v, 'g', -1, 64)
}

// MarshalJSON writes the number, or null when absent (the enclosing struct
// omits absent answers altogether with omitzero).
func (r Rating) MarshalJSON() ([]byte, error) {
	if !r.set {
		return []byte("null"), nil
	}
	if math.IsNaN(r.v) || math.IsInf(r.v, 0) {
		return nil, Invalid("feedback", "rating", r.String(), "must be a finite number")
	}
	return strconv.AppendFloat(nil, r.v, 'g', -1, 64), nil
}

// UnmarshalJSON reads a number; null means absent.
func (r *Rating) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*r = Rating{}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return Invalid("feedback", "rating", string(b), "must be a number or null")
	}
	*r = Rate(v)
	return nil
}

// IsZero reports whether the answer is absent; encoding/json's omitzero uses it.
func (r Rating) IsZero() bool { return !r.set }

// The survey scales cem understands. Scoring packages normalise every answer
// from these bounds, so they are the one place the scales are defined.
const (
	CSATMin, CSATMax           = 1, 5  // customer satisfaction, 1 = very dissatisfied, 5 = very satisfied
	NPSMin, NPSMax             = 0, 10 // likelihood to recommend (Reichheld 2003)
	CESMin, CESMax             = 1, 7  // customer effort (Dixon, Freeman & Toman 2010), 1 = very easy, 7 = very hard
	SentimentMin, SentimentMax = -1, 1 // text sentiment, -1 = very negative, 1 = very positive
)

// Feedback holds the customer's answers about one touchpoint. Each answer
// may be absent.
//
//   - CSAT: an integer 1–5, higher is better.
//   - NPS: an integer 0–10, the likelihood to recommend; 9–10 promoter,
//     7–8 passive, 0–6 detractor (Reichheld 2003).
//   - CES: an integer 1–7, the effort it took; lower is better (Dixon,
//     Freeman & Toman 2010).
//   - Sentiment: a number in [-1, 1], e.g. from text analysis of a comment.
type Feedback struct {
	CSAT      Rating `json:"csat,omitzero"`
	NPS       Rating `json:"nps,omitzero"`
	CES       Rating `json:"ces,omitzero"`
	Sentiment Rating `json:"sentiment,omitzero"`
}

// IsZero reports whether no answer is present.
func (f Feedback) IsZero() bool {
	return !f.CSAT.set && !f.NPS.set && !f.CES.set && !f.Sentiment.set
}

// Count returns how many answers are present.
func (f Feedback) Count() int {
	n := 0
	for _, r := range [...]Rating{f.CSAT, f.NPS, f.CES, f.Sentiment} {
		if r.set {
			n++
		}
	}
	return n
}

// Validate checks every present answer against its scale and returns a
// [*ValidationError] for the first that is out of range, fractional where an
// integer is required, NaN or infinite.
func (f Feedback) Validate() error {
	if err := checkRating("feedback.csat", f.CSAT, CSATMin, CSATMax, true); err != nil {
		return err
	}
	if err := checkRating("feedback.nps", f.NPS, NPSMin, NPSMax, true); err != nil {
		return err
	}
	if err := checkRating("feedback.ces", f.CES, CESMin, CESMax, true); err != nil {
		return err
	}
	return checkRating("feedback.sentiment", f.Sentiment, SentimentMin, SentimentMax, false)
}

func checkRating(field string, r Rating, lo, hi float64, integer bool) error {
	if !r.set {
		return nil
	}
	v := r.v
	rng := strconv.FormatFloat(lo, 'g', -1, 64) + ".." + strconv.FormatFloat(hi, 'g', -1, 64)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return Invalid("touchpoint", field, r.String(), "must be a finite number in "+rng)
	case v < lo || v > hi:
		return Invalid("touchpoint", field, r.String(), "must be in "+rng)
	case integer && v != math.Trunc(v):
		return Invalid("touchpoint", field, r.String(), "must be an integer in "+rng)
	}
	return nil
}
