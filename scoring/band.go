package scoring

import (
	"fmt"
	"math"
	"strconv"
)

// Band is what a host can act on for a score: win back, leave alone or
// invite to advocate.
type Band uint8

// The bands, from worst to best.
const (
	AtRisk    Band = iota // the experience was poor; the customer may leave
	Steady                // neither poor nor outstanding: keep it so
	Delighted             // the experience stood out; a candidate advocate
)

var bandNames = [...]string{"at_risk", "steady", "delighted"}

// String returns "at_risk", "steady" or "delighted".
func (b Band) String() string {
	if int(b) < len(bandNames) {
		return bandNames[b]
	}
	return "band(" + strconv.Itoa(int(b)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (b Band) MarshalText() ([]byte, error) {
	if int(b) >= len(bandNames) {
		return nil, fmt.Errorf("scoring: unknown band %d", b)
	}
	return []byte(bandNames[b]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *Band) UnmarshalText(t []byte) error {
	for i, name := range bandNames {
		if string(t) == name {
			*b = Band(i)
			return nil
		}
	}
	return fmt.Errorf("scoring: unknown band %q", t)
}

// Default band thresholds of [Bands].
const (
	DefaultAtRisk    = 50.0 // below neutral: the answers lean to the dissatisfied side
	DefaultDelighted = 85.0 // about CSAT 4.4 or NPS 8.5: most answers at the top of the scale
)

// Bands classifies scores into [AtRisk] (below AtRisk), [Delighted] (at or
// above Delighted) and [Steady] in between. A zero threshold means its
// default ([DefaultAtRisk], [DefaultDelighted]); the defaults put at risk
// every journey that leans to the dissatisfied half of the scale, and
// reserve delight for answers near the top, in the spirit of NPS's
// promoters at 9–10 (Reichheld 2003). Thresholds must lie in 0–100 with
// AtRisk ≤ Delighted.
type Bands struct {
	AtRisk    float64 `json:"at_risk,omitempty"`
	Delighted float64 `json:"delighted,omitempty"`
}

func (b Bands) thresholds() (atRisk, delighted float64) {
	atRisk, delighted = b.AtRisk, b.Delighted
	if atRisk == 0 {
		atRisk = DefaultAtRisk
	}
	if delighted == 0 {
		delighted = DefaultDelighted
	}
	return atRisk, delighted
}

// Validate reports whether the thresholds are usable.
func (b Bands) Validate() error {
	atRisk, delighted := b.thresholds()
	for _, t := range []struct {
		field string
		v     float64
	}{{"bands.at_risk", atRisk}, {"bands.delighted", delighted}} {
		if math.IsNaN(t.v) || t.v < Min || t.v > Max {
			return invalid(t.field, t.v, "must be in 0..100")
		}
	}
	if atRisk > delighted {
		return invalid("bands.at_risk", atRisk, "must not exceed bands.delighted")
	}
	return nil
}

// Classify returns the band of score. It returns a *[touchpoint.ValidationError]
// for unusable thresholds; a NaN score is classified [AtRisk], the cautious
// choice.
func (b Bands) Classify(score float64) (Band, error) {
	if err := b.Validate(); err != nil {
		return 0, err
	}
	atRisk, delighted := b.thresholds()
	switch {
	case math.IsNaN(score) || score < atRisk:
		return AtRisk, nil
	case score >= delighted:
		return Delighted, nil
	}
	return Steady, nil
}
