package loyalty_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

func answered(n int, at time.Time, ch touchpoint.Channel, store string, f touchpoint.Feedback) touchpoint.Touchpoint {
	x := touchpoint.Touchpoint{ID: id(n), CustomerID: "c-1", Time: at, Channel: ch, Stage: touchpoint.Support, Feedback: f}
	if store != "" {
		x.Attributes = map[string]string{"store_id": store}
	}
	return x
}

func npsOnly(v float64) touchpoint.Feedback { return touchpoint.Feedback{NPS: touchpoint.Rate(v)} }

// npsBySegment reduces a segmentation to each segment's NPS.
func npsBySegment(t *testing.T, m map[string]loyalty.Tally) map[string]float64 {
	t.Helper()
	out := make(map[string]float64)
	for k, tl := range m {
		r, err := tl.NPS(0)
		if err != nil {
			t.Fatalf("segment %q: %v", k, err)
		}
		out[k] = r.Score
	}
	return out
}

func TestSegment(t *testing.T) {
	tps := []touchpoint.Touchpoint{
		answered(1, time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC), touchpoint.Store, "berlin", npsOnly(10)),
		answered(2, time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC), touchpoint.Store, "munich", npsOnly(0)),
		answered(3, time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC), touchpoint.Web, "", npsOnly(8)),
		answered(4, time.Date(2026, 4, 3, 9, 0, 0, 0, time.UTC), touchpoint.Web, "", touchpoint.Feedback{}),
		// A sentiment alone is no survey answer: no segment of its own.
		answered(5, time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), touchpoint.Phone, "hamburg", touchpoint.Feedback{Sentiment: touchpoint.Rate(0.5)}),
	}
	period := func(p loyalty.Period, loc *time.Location) loyalty.Segmenter {
		t.Helper()
		by, err := loyalty.ByPeriod(p, loc)
		if err != nil {
			t.Fatal(err)
		}
		return by
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CEST", 2*3600)
	}
	tests := []struct {
		name   string
		by     loyalty.Segmenter
		want   map[string]float64
		reason string
	}{
		{"channel", loyalty.ByChannel, map[string]float64{"store": 0, "web": 0},
			"one promoter and one detractor in store; the phone touchpoint has only a sentiment"},
		{"stage", loyalty.ByStage, map[string]float64{"support": 0}, "all support touchpoints"},
		{"store id", loyalty.ByAttribute("store_id"), map[string]float64{"berlin": 100, "munich": -100},
			"touchpoints without the attribute are left out, and so are those without answers"},
		{"month UTC", period(loyalty.Monthly, nil), map[string]float64{"2026-03": 0, "2026-04": 0}, "calendar months in UTC"},
		{"month Berlin", period(loyalty.Monthly, berlin), map[string]float64{"2026-03": 100, "2026-04": -50},
			"23:30 UTC on 31 March is April in Berlin"},
		{"day", period(loyalty.Daily, nil), map[string]float64{"2026-03-30": 100, "2026-03-31": -100, "2026-04-02": 0}, "calendar days"},
		{"week", period(loyalty.Weekly, nil), map[string]float64{"2026-W14": 0}, "ISO week 14 runs from 30 March"},
		{"quarter", period(loyalty.Quarterly, nil), map[string]float64{"2026-Q1": 0, "2026-Q2": 0}, "quarters"},
		{"year", period(loyalty.Yearly, nil), map[string]float64{"2026": 0}, "years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := loyalty.Segment(slices.Values(tps), tt.by)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, npsBySegment(t, m)); diff != "" {
				t.Errorf("Segment() mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestByPeriodLabels(t *testing.T) {
	at := func(y int, m time.Month, d int) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{Time: time.Date(y, m, d, 12, 0, 0, 0, time.UTC)}
	}
	tests := []struct {
		name   string
		p      loyalty.Period
		tp     touchpoint.Touchpoint
		want   string
		reason string
	}{
		{"iso week year", loyalty.Weekly, at(2027, 1, 1), "2026-W53", "1 January 2027 is in the last ISO week of 2026"},
		{"padded week", loyalty.Weekly, at(2026, 1, 5), "2026-W02", "weeks are two digits so labels sort"},
		{"q4", loyalty.Quarterly, at(2026, 12, 31), "2026-Q4", "December is Q4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			by, err := loyalty.ByPeriod(tt.p, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := by(tt.tp)
			if got != tt.want {
				t.Errorf("label = %q, want %q: %s", got, tt.want, tt.reason)
			}
		})
	}
}

// A Period can come from host configuration: one that is none of the
// periods is refused, not turned into a segmenter that leaves every
// touchpoint out.
func TestByPeriodInvalid(t *testing.T) {
	tests := []struct {
		name   string
		p      loyalty.Period
		reason string
	}{
		{"one past Yearly", loyalty.Yearly + 1, "the first value that is no period"},
		{"seven", loyalty.Period(7), "a mistyped setting"},
		{"max", loyalty.Period(255), "the largest value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			by, err := loyalty.ByPeriod(tt.p, nil)
			var verr *touchpoint.ValidationError
			if !errors.As(err, &verr) || verr.Field != "period" || !errors.Is(err, touchpoint.ErrInvalid) || by != nil {
				t.Errorf("ByPeriod(%d) = %v, %v; want a ValidationError on period (%s)", tt.p, by != nil, err, tt.reason)
			}
		})
	}
}

func TestSegmentJourneys(t *testing.T) {
	a := journey.NewWithLimits("a", clock)
	b := journey.NewWithLimits("b", clock)
	for i, x := range []struct {
		j  *journey.Journey
		ch touchpoint.Channel
		v  float64
	}{{a, touchpoint.Web, 9}, {a, touchpoint.Phone, 3}, {b, touchpoint.Web, 10}} {
		tp := answered(i, day(i), x.ch, "", npsOnly(x.v))
		tp.CustomerID = x.j.CustomerID()
		if err := x.j.Add(tp); err != nil {
			t.Fatal(err)
		}
	}
	m, err := loyalty.Segment(loyalty.Touchpoints(slices.Values([]*journey.Journey{a, nil, b})), loyalty.ByChannel)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]float64{"web": 100, "phone": -100}, npsBySegment(t, m)); diff != "" {
		t.Errorf("Segment(journeys) mismatch (-want +got):\n%s", diff)
	}
	// Stopping early must stop the flattening too.
	n := 0
	for range loyalty.Touchpoints(slices.Values([]*journey.Journey{a, b})) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("early stop yielded %d touchpoints", n)
	}
}

func TestSegmentNil(t *testing.T) {
	if _, err := loyalty.Segment(nil, loyalty.ByChannel); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("nil stream: err = %v, want a ValidationError", err)
	}
	if _, err := loyalty.Segment(slices.Values([]touchpoint.Touchpoint{}), nil); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("nil segmenter: err = %v, want a ValidationError", err)
	}
	m, err := loyalty.Segment(loyalty.Touchpoints(nil), loyalty.ByChannel)
	if err != nil || len(m) != 0 {
		t.Errorf("Segment(Touchpoints(nil)) = %v, %v; want nothing", m, err)
	}
	if _, err := loyalty.AverageWalletShares(nil); !errors.Is(err, loyalty.ErrNoAnswers) {
		t.Errorf("AverageWalletShares(nil): err = %v, want ErrNoAnswers", err)
	}
}

func TestSegmentBadAnswer(t *testing.T) {
	tps := []touchpoint.Touchpoint{answered(1, day(0), touchpoint.Web, "", npsOnly(11))}
	_, err := loyalty.Segment(slices.Values(tps), loyalty.ByChannel)
	var verr *touchpoint.ValidationError
	if !errors.As(err, &verr) || verr.Field != "nps" {
		t.Errorf("err = %v, want a ValidationError on nps", err)
	}
}

// FuzzTally feeds arbitrary answers to every scale and checks that the
// statistics are either ErrNoAnswers or finite and inside their scales.
func FuzzTally(f *testing.F) {
	f.Add([]byte{9, 10, 6, 8})
	f.Add([]byte{0, 255, 11, 5})
	f.Add([]byte{1, 1, 1, 7, 7, 7})
	f.Fuzz(func(t *testing.T, b []byte) {
		var tl loyalty.Tally
		for _, v := range b {
			for _, add := range []func(float64) error{tl.AddNPS, tl.AddCSAT, tl.AddCES} {
				if err := add(float64(v)); err != nil && !errors.Is(err, touchpoint.ErrInvalid) {
					t.Fatalf("untyped error %v", err)
				}
			}
		}
		checkStat(t, "nps", -100, 100, func() (float64, loyalty.Interval, error) { r, err := tl.NPS(0); return r.Score, r.Interval, err })
		checkStat(t, "csat", 0, 100, func() (float64, loyalty.Interval, error) { r, err := tl.CSAT(0); return r.Score, r.Interval, err })
		checkStat(t, "ces", 1, 7, func() (float64, loyalty.Interval, error) { r, err := tl.CES(0); return r.Mean, r.Interval, err })
	})
}

func checkStat(t *testing.T, name string, lo, hi float64, stat func() (float64, loyalty.Interval, error)) {
	t.Helper()
	v, iv, err := stat()
	if errors.Is(err, loyalty.ErrNoAnswers) {
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !(lo <= iv.Low && iv.Low <= v && v <= iv.High && iv.High <= hi) {
		t.Fatalf("%s = %v in [%v, %v], want inside [%v, %v] and the interval", name, v, iv.Low, iv.High, lo, hi)
	}
}
