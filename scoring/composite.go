package scoring

import (
	"fmt"
	"math"
	"strconv"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Part is one scorer in a [Composite] and its weight.
type Part struct {
	// Name labels the part in explanations and configurations; it may be
	// empty.
	Name string
	// Scorer is the model; it must not be nil.
	Scorer Scorer
	// Weight is the part's relative weight: 0 or in [MinParameter]..[MaxParameter].
	Weight float64
}

// Composite blends other scorers into one: its score is the weighted mean of
// its parts' scores, and it is itself a [Scorer], so composites nest. It
// lets a host combine views of the journey, for instance feedback, effort
// and recovery, since no single measure captures the whole experience
// (Rawson, Duncan & Jones, HBR 2013).
//
// Evidence is the largest evidence of any part. The explanation lists every
// part's contributions scaled by the part's share of the weight, so they
// still add up to the score.
//
// A Composite needs at least one part, every part needs a scorer, and the
// weights must be 0 or lie in [MinParameter]..[MaxParameter] and not all
// be zero; otherwise Score returns a *[touchpoint.ValidationError]. A part whose score falls outside
// 0–100 or is NaN (a broken host scorer) makes Score return an error naming
// the part and wrapping [ErrOutOfScale]. The zero value, with no parts, therefore cannot score.
//
// A Composite is safe for concurrent use when its parts are and its Parts
// slice is not modified.
type Composite struct {
	Parts []Part
}

// Validate reports whether the composite can score.
func (c Composite) Validate() error {
	if len(c.Parts) == 0 {
		return touchpoint.Invalid(entity, "composite.parts", "[]", "must hold at least one part")
	}
	total := 0.0
	for i, p := range c.Parts {
		if p.Scorer == nil {
			return touchpoint.Invalid(entity, partField(i, "scorer"), "nil", "must be set")
		}
		if badWeight(p.Weight) {
			return invalid(partField(i, "weight"), p.Weight, weightRule)
		}
		total += p.Weight
	}
	if total == 0 || math.IsInf(total, 0) {
		return invalid("composite.parts", total, "weights must sum to a finite number above 0")
	}
	return nil
}

// Score implements [Scorer].
func (c Composite) Score(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := c.Validate(); err != nil {
		return Result{}, err
	}
	// The built-in parts read one shared pass over the touchpoints.
	var feedback, effort bool
	total := 0.0
	for _, p := range c.Parts {
		total += p.Weight
		if p.Weight > 0 {
			f, e := needs(p.Scorer)
			feedback, effort = feedback || f, effort || e
		}
	}
	var t tally
	if feedback || effort {
		t.scan(j.Touchpoints(), feedback, effort)
	}
	var out Result
	raw := 0.0
	for i, p := range c.Parts {
		if p.Weight == 0 {
			continue
		}
		r, err := scoreTallied(p.Scorer, j, &t)
		if err = c.check(i, r, err); err != nil {
			return Result{}, err
		}
		raw += p.Weight / total * r.Score
		out.Evidence = max(out.Evidence, r.Evidence)
	}
	out.Score = onScale(raw)
	return out, nil
}

// Explain implements [Explainer].
func (c Composite) Explain(j *journey.Journey) (Result, error) {
	if j == nil {
		return Result{}, ErrNoJourney
	}
	if err := c.Validate(); err != nil {
		return Result{}, err
	}
	total := 0.0
	for _, p := range c.Parts {
		total += p.Weight
	}
	n := &notes{}
	var out Result
	raw := 0.0
	for i, p := range c.Parts {
		if p.Weight == 0 {
			continue
		}
		r, err := c.part(j, i)
		if err != nil {
			return Result{}, err
		}
		share := p.Weight / total
		raw += share * r.Score
		out.Evidence = max(out.Evidence, r.Evidence)
		for _, ct := range r.Contributions {
			ct.Points *= share
			ct.Text = fmt.Sprintf("%s (%.0f%%): %s", c.label(i), 100*share, ct.Text)
			n.list = append(n.list, ct)
		}
	}
	out.Score = clamp(raw, n)
	out.Contributions = n.list
	return out, nil
}

// part scores one part and checks that it kept the contract.
func (c Composite) part(j *journey.Journey, i int) (Result, error) {
	r, err := Explain(c.Parts[i].Scorer, j)
	if err = c.check(i, r, err); err != nil {
		return Result{}, err
	}
	return r, nil
}

// check returns the error of part i, which gave r and err, if any.
func (c Composite) check(i int, r Result, err error) error {
	if err != nil {
		return fmt.Errorf("scoring: composite part %s: %w", c.label(i), err)
	}
	if math.IsNaN(r.Score) || r.Score < Min || r.Score > Max {
		return fmt.Errorf("scoring: composite part %s gave %v: %w", c.label(i), r.Score, ErrOutOfScale)
	}
	return nil
}

func partField(i int, name string) string {
	return "composite.parts[" + strconv.Itoa(i) + "]." + name
}

func (c Composite) label(i int) string {
	if name := c.Parts[i].Name; name != "" {
		return strconv.Quote(name)
	}
	return "#" + strconv.Itoa(i)
}
