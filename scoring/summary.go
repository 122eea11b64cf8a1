package scoring

import (
	"math"
	"strconv"

	"golang.org/x/exp/stats"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// DefaultQuantiles are the quantiles [Summarize] reports when asked for
// none: the 10th, 25th, 50th, 75th and 90th percentiles.
func DefaultQuantiles() []float64 { return []float64{0.1, 0.25, 0.5, 0.75, 0.9} }

// Quantile is the score below which a share P of the population lies.
type Quantile struct {
	P     float64 `json:"p"`
	Value float64 `json:"value"`
}

// Summary describes a population of scores.
type Summary struct {
	// Count is the number of scores.
	Count int `json:"count"`
	// Mean is their arithmetic mean.
	Mean float64 `json:"mean"`
	// StdDev is their sample standard deviation, 0 for fewer than two.
	StdDev float64 `json:"std_dev"`
	// Quantiles are the requested quantiles, in the order asked.
	Quantiles []Quantile `json:"quantiles,omitempty"`
}

// Summarize describes scores with golang.org/x/exp/stats: the mean, the
// sample standard deviation and the quantiles ps (none: [DefaultQuantiles]),
// where quantile 0 is the minimum and 1 the maximum. No scores give a zero
// Summary. A NaN score or a quantile outside 0–1 gives a
// *[touchpoint.ValidationError]. scores is not modified.
func Summarize(scores []float64, ps ...float64) (Summary, error) {
	if len(ps) == 0 {
		ps = DefaultQuantiles()
	}
	for i, p := range ps {
		if !(p >= 0 && p <= 1) {
			return Summary{}, invalid("quantiles["+strconv.Itoa(i)+"]", p, "must be in 0..1")
		}
	}
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return Summary{}, invalid("scores["+strconv.Itoa(i)+"]", s, "must be a finite number")
		}
	}
	if len(scores) == 0 {
		return Summary{}, nil
	}
	out := Summary{Count: len(scores)}
	if len(scores) == 1 {
		out.Mean = scores[0]
	} else {
		out.Mean, out.StdDev = stats.MeanAndStdDev(scores)
	}
	qs := stats.Quantiles(scores, ps...)
	out.Quantiles = make([]Quantile, len(ps))
	for i, p := range ps {
		out.Quantiles[i] = Quantile{P: p, Value: qs[i]}
	}
	return out, nil
}

// Population summarises the scores of many journeys, overall, per channel
// and per stage, and counts them per [Band].
type Population struct {
	All       Summary                        `json:"all"`
	ByChannel map[touchpoint.Channel]Summary `json:"by_channel"`
	ByStage   map[touchpoint.Stage]Summary   `json:"by_stage"`
	Bands     map[Band]int                   `json:"bands"`
}

// Collector gathers journey scores into a [Population]. A journey's score
// counts once overall and once in the group of every channel it used and
// every stage it reached, so a group says how the journeys that went
// through it scored as a whole (Rawson, Duncan & Jones, HBR 2013), not how
// its touchpoints were rated.
//
// Quantiles and Bands configure the summary (zero: the defaults). A
// Collector keeps every score, 8 bytes per journey and group, because
// quantiles need them all. The zero value is ready to use; a Collector is
// not safe for concurrent use (feed it from the loop over [ScoreAll]).
type Collector struct {
	Quantiles []float64
	Bands     Bands

	all       []float64
	byChannel map[touchpoint.Channel][]float64
	byStage   map[touchpoint.Stage][]float64
}

// Add records the score r of journey j.
func (c *Collector) Add(j *journey.Journey, r Result) {
	if c.byChannel == nil {
		c.byChannel = make(map[touchpoint.Channel][]float64)
		c.byStage = make(map[touchpoint.Stage][]float64)
	}
	c.all = append(c.all, r.Score)
	if j == nil {
		return
	}
	for _, ch := range j.Channels() {
		c.byChannel[ch] = append(c.byChannel[ch], r.Score)
	}
	for _, st := range j.Stages() {
		c.byStage[st] = append(c.byStage[st], r.Score)
	}
}

// Population summarises what was added. It returns the errors of
// [Summarize] and of [Bands.Validate].
func (c *Collector) Population() (Population, error) {
	if err := c.Bands.Validate(); err != nil {
		return Population{}, err
	}
	all, err := Summarize(c.all, c.Quantiles...)
	if err != nil {
		return Population{}, err
	}
	p := Population{
		All:       all,
		ByChannel: make(map[touchpoint.Channel]Summary, len(c.byChannel)),
		ByStage:   make(map[touchpoint.Stage]Summary, len(c.byStage)),
		Bands:     make(map[Band]int, 3),
	}
	for ch, scores := range c.byChannel {
		if p.ByChannel[ch], err = Summarize(scores, c.Quantiles...); err != nil {
			return Population{}, err
		}
	}
	for st, scores := range c.byStage {
		if p.ByStage[st], err = Summarize(scores, c.Quantiles...); err != nil {
			return Population{}, err
		}
	}
	for _, s := range c.all {
		b, _ := c.Bands.Classify(s)
		p.Bands[b]++
	}
	return p, nil
}
