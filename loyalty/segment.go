package loyalty

import (
	"fmt"
	"iter"
	"strconv"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Segmenter names the segment a touchpoint belongs to: a channel, a stage,
// a store, a month. It returns false to leave the touchpoint out (a
// touchpoint without the attribute, say). A Segmenter must be safe to call
// from several goroutines if the caller does so.
type Segmenter func(tp touchpoint.Touchpoint) (segment string, ok bool)

// ByChannel segments touchpoints by channel.
func ByChannel(tp touchpoint.Touchpoint) (string, bool) { return string(tp.Channel), true }

// ByStage segments touchpoints by their stage of the experience (not by the
// customer's [Stage] on the loyalty ladder).
func ByStage(tp touchpoint.Touchpoint) (string, bool) { return string(tp.Stage), true }

// ByAttribute segments touchpoints by the value of one attribute, e.g.
// ByAttribute("store_id"); touchpoints without it are left out.
func ByAttribute(key string) Segmenter {
	return func(tp touchpoint.Touchpoint) (string, bool) {
		v, ok := tp.Attributes[key]
		return v, ok
	}
}

// Period is a calendar period for [ByPeriod]. Only the constants below are
// periods; a value read from host configuration is checked by ByPeriod.
type Period uint8

// The periods.
const (
	Daily     Period = iota // "2026-03-14"
	Weekly                  // ISO 8601 weeks, "2026-W11"
	Monthly                 // "2026-03"
	Quarterly               // "2026-Q1"
	Yearly                  // "2026"
)

// ByPeriod segments touchpoints by the calendar period of their time in
// loc (nil means UTC). The names sort in time order within a year-length
// format: "2026-03" < "2026-04". A p that is none of the periods above is
// a *[touchpoint.ValidationError], since a segmenter that left every
// touchpoint out would make a mistyped setting look like a quiet month.
func ByPeriod(p Period, loc *time.Location) (Segmenter, error) {
	if p > Yearly {
		return nil, invalid("period", itoa(int(p)), "must be Daily (0), Weekly (1), Monthly (2), Quarterly (3) or Yearly (4)")
	}
	if loc == nil {
		loc = time.UTC
	}
	return func(tp touchpoint.Touchpoint) (string, bool) {
		t := tp.Time.In(loc)
		switch p {
		case Daily:
			return t.Format(time.DateOnly), true
		case Weekly:
			y, w := t.ISOWeek()
			return strconv.Itoa(y) + "-W" + pad2(w), true
		case Monthly:
			return t.Format("2006-01"), true
		case Quarterly:
			return strconv.Itoa(t.Year()) + "-Q" + strconv.Itoa(int(t.Month()-1)/3+1), true
		}
		return strconv.Itoa(t.Year()), true
	}, nil
}

// answered reports whether f holds a survey answer a [Tally] counts.
func answered(f touchpoint.Feedback) bool {
	return f.NPS.IsSet() || f.CSAT.IsSet() || f.CES.IsSet()
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Segment tallies the survey answers of a stream of touchpoints per
// segment. Touchpoints without an NPS, CSAT or CES answer (a sentiment
// alone is not a survey answer), and those by leaves out, are skipped, so
// every segment has at least one answer. It stops at the first answer off
// its scale and returns a *[touchpoint.ValidationError], as it does for a
// nil stream or segmenter; it reads the stream once and keeps only one
// [Tally] per segment.
func Segment(tps iter.Seq[touchpoint.Touchpoint], by Segmenter) (map[string]Tally, error) {
	if tps == nil || by == nil {
		return nil, invalid("segment", "nil", "the stream and the segmenter must not be nil")
	}
	acc := make(map[string]*Tally)
	for tp := range tps {
		if !answered(tp.Feedback) {
			continue
		}
		key, ok := by(tp)
		if !ok {
			continue
		}
		t := acc[key]
		if t == nil {
			t = new(Tally)
			acc[key] = t
		}
		if err := t.AddFeedback(tp.Feedback); err != nil {
			return nil, fmt.Errorf("loyalty: touchpoint %s: %w", tp.ID, err)
		}
	}
	out := make(map[string]Tally, len(acc))
	for k, t := range acc {
		out[k] = *t
	}
	return out, nil
}

// Touchpoints flattens a stream of journeys into the stream of their
// touchpoints, for [Segment]. Nil journeys are skipped; a nil stream is empty.
func Touchpoints(js iter.Seq[*journey.Journey]) iter.Seq[touchpoint.Touchpoint] {
	return func(yield func(touchpoint.Touchpoint) bool) {
		if js == nil {
			return
		}
		for j := range js {
			if j == nil {
				continue
			}
			for _, tp := range j.Touchpoints() {
				if !yield(tp) {
					return
				}
			}
		}
	}
}
