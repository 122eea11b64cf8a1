package loyalty_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

var t0 = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.Add(time.Duration(n) * loyalty.Day) }

// clock accepts events up to ten years after t0.
var clock = touchpoint.Limits{Now: func() time.Time { return day(3650) }}

// event builds one piece of a test journey.
type event func(t *testing.T, j *journey.Journey)

func id(n int) uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(n >> 8), byte(n)}) }

func tp(n, d int, stage touchpoint.Stage, edit ...func(*touchpoint.Touchpoint)) event {
	return func(t *testing.T, j *journey.Journey) {
		t.Helper()
		x := touchpoint.Touchpoint{ID: id(n), CustomerID: "c-1", Time: day(d), Channel: touchpoint.Web, Stage: stage}
		for _, e := range edit {
			e(&x)
		}
		if err := j.Add(x); err != nil {
			t.Fatal(err)
		}
	}
}

func buy(n, d int) event { return tp(n, d, touchpoint.Purchase) }

func nps(v float64) func(*touchpoint.Touchpoint) {
	return func(x *touchpoint.Touchpoint) { x.Feedback.NPS = touchpoint.Rate(v) }
}

func csat(v float64) func(*touchpoint.Touchpoint) {
	return func(x *touchpoint.Touchpoint) { x.Feedback.CSAT = touchpoint.Rate(v) }
}

func sentiment(v float64) func(*touchpoint.Touchpoint) {
	return func(x *touchpoint.Touchpoint) { x.Feedback.Sentiment = touchpoint.Rate(v) }
}

func failed(x *touchpoint.Touchpoint) { x.Outcome = touchpoint.Failed }

// failure adds a failure at day d, resolved at day resolved (< 0: never).
func failure(n, d int, sev journey.Severity, resolved int) event {
	return func(t *testing.T, j *journey.Journey) {
		t.Helper()
		f := journey.Failure{ID: id(n), CustomerID: "c-1", Time: day(d), Kind: journey.LateDelivery,
			Severity: sev, Channel: touchpoint.Web}
		if err := j.AddFailure(f); err != nil {
			t.Fatal(err)
		}
		if resolved < 0 {
			return
		}
		r := journey.Recovery{ID: id(n + 1000), FailureID: f.ID, CustomerID: "c-1", Time: day(d),
			ResolvedAt: day(resolved), Actions: journey.Apology | journey.Refund, Channel: touchpoint.Phone}
		if err := j.AddRecovery(r); err != nil {
			t.Fatal(err)
		}
	}
}

func build(t *testing.T, events ...event) *journey.Journey {
	t.Helper()
	j := journey.NewWithLimits("c-1", clock)
	for _, e := range events {
		e(t, j)
	}
	return j
}

func kinds(ev []loyalty.Evidence) []loyalty.EvidenceKind {
	var out []loyalty.EvidenceKind
	for _, e := range ev {
		out = append(out, e.Kind)
	}
	return out
}

func TestPlace(t *testing.T) {
	score := func(s float64) func(*journey.Journey) (float64, error) {
		return func(*journey.Journey) (float64, error) { return s, nil }
	}
	loyal := []event{buy(1, 0), buy(2, 30)}
	with := func(base []event, more ...event) []event { return append(append([]event{}, base...), more...) }
	tests := []struct {
		name   string
		rules  loyalty.Rules
		events []event
		asOf   int
		want   loyalty.Stage
		kinds  []loyalty.EvidenceKind
		reason string
	}{
		{"empty", loyalty.Rules{}, nil, 10, loyalty.Prospect, nil, "no events, no purchase"},
		{"browsing", loyalty.Rules{}, []event{tp(1, 0, touchpoint.Browse)}, 10, loyalty.Prospect, nil, "browsing is not buying"},
		{"failed checkout", loyalty.Rules{}, []event{tp(1, 0, touchpoint.Purchase, failed)}, 10, loyalty.Prospect, nil,
			"a failed purchase touchpoint is not a purchase"},
		{"one purchase", loyalty.Rules{}, []event{buy(1, 0)}, 10, loyalty.Satisfied,
			[]loyalty.EvidenceKind{loyalty.Purchases}, "bought once, no sign of dissatisfaction"},
		{"detractor", loyalty.Rules{}, []event{buy(1, 0), tp(2, 1, touchpoint.Support, nps(3))}, 10, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.NPSAnswer}, "a detractor answer shows dissatisfaction"},
		{"detractor then passive", loyalty.Rules{}, []event{buy(1, 0), tp(2, 1, touchpoint.Support, nps(3)), tp(3, 2, touchpoint.Usage, nps(7))},
			10, loyalty.Satisfied, []loyalty.EvidenceKind{loyalty.Purchases, loyalty.NPSAnswer}, "the latest answer counts"},
		{"old detractor", loyalty.Rules{}, []event{buy(1, 0), tp(2, 1, touchpoint.Support, nps(3))}, 400, loyalty.Satisfied,
			[]loyalty.EvidenceKind{loyalty.Purchases}, "answers lapse after the 365-day window"},
		{"low csat", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Delivery, csat(2))), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.CSATAnswer}, "CSAT 2 shows dissatisfaction, even for a repeat buyer (spurious loyalty)"},
		{"csat ignored", loyalty.Rules{LowCSAT: -1}, with(loyal, tp(3, 31, touchpoint.Delivery, csat(1))), 40, loyalty.Loyal,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.CSATAnswer}, "a negative LowCSAT ignores CSAT"},
		{"loyal", loyalty.Rules{}, loyal, 40, loyalty.Loyal, []loyalty.EvidenceKind{loyalty.Purchases}, "two purchases, the latest 10 days ago"},
		{"loyal lapsed", loyalty.Rules{}, loyal, 210, loyalty.Satisfied, []loyalty.EvidenceKind{loyalty.Purchases, loyalty.Lapsed},
			"the latest purchase is exactly 180 days old: lapsed"},
		{"loyal just in time", loyalty.Rules{}, loyal, 209, loyalty.Loyal, []loyalty.EvidenceKind{loyalty.Purchases}, "179 days: still loyal"},
		{"three needed", loyalty.Rules{LoyalPurchases: 3}, loyal, 40, loyalty.Satisfied, []loyalty.EvidenceKind{loyalty.Purchases},
			"custom rules ask for three purchases"},
		{"promoter", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Usage, nps(9))), 40, loyalty.Advocate,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.NPSAnswer}, "loyal plus a promoter answer"},
		{"referral", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy)), 40, loyalty.Advocate,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.Advocacy}, "loyal plus an advocacy touchpoint"},
		{"negative review", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, sentiment(-1), failed)), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.NegativeAdvocacy}, "a one-star review is negative word of mouth, not advocacy"},
		{"negative review, outcome ok", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, sentiment(-0.5))), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.NegativeAdvocacy}, "a posted bad review is dissatisfaction whatever its outcome"},
		{"detractor review", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, nps(2))), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.NPSAnswer, loyalty.NegativeAdvocacy}, "a detractor's review recommends nothing"},
		{"low csat review", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, csat(1))), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.CSATAnswer, loyalty.NegativeAdvocacy}, "a low CSAT on a review recommends nothing"},
		{"failed referral", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, failed)), 40, loyalty.Loyal,
			[]loyalty.EvidenceKind{loyalty.Purchases}, "a failed advocacy touchpoint without answers counts for nothing"},
		{"neutral review", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, sentiment(0))), 40, loyalty.Advocate,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.Advocacy}, "sentiment 0 is not negative"},
		{"bad review then referral", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy, sentiment(-1)), tp(4, 33, touchpoint.Advocacy)), 40,
			loyalty.Advocate, []loyalty.EvidenceKind{loyalty.Purchases, loyalty.Advocacy}, "the latest word counts: a later recommendation"},
		{"referral then bad review", loyalty.Rules{}, with(loyal, tp(3, 31, touchpoint.Advocacy), tp(4, 33, touchpoint.Advocacy, sentiment(-1))), 40,
			loyalty.FirstTime, []loyalty.EvidenceKind{loyalty.Purchases, loyalty.Advocacy, loyalty.NegativeAdvocacy}, "the latest word counts: a later bad review"},
		{"old bad review", loyalty.Rules{}, []event{buy(1, 0), tp(3, 1, touchpoint.Advocacy, sentiment(-1)), buy(2, 380)}, 390,
			loyalty.Loyal, []loyalty.EvidenceKind{loyalty.Purchases}, "a bad review lapses after the 365-day window like any answer"},
		{"promoter not loyal", loyalty.Rules{}, []event{buy(1, 0), tp(3, 1, touchpoint.Usage, nps(10))}, 40, loyalty.Satisfied,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.NPSAnswer}, "a one-time buyer who promotes is not yet an advocate"},
		{"unresolved major", loyalty.Rules{}, with(loyal, failure(10, 32, journey.Major, -1)), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.Unresolved}, "an unresolved major failure shows dissatisfaction"},
		{"resolved major", loyalty.Rules{}, with(loyal, failure(10, 32, journey.Critical, 35)), 40, loyalty.Loyal,
			[]loyalty.EvidenceKind{loyalty.Purchases}, "a resolved failure does not"},
		{"resolved later", loyalty.Rules{}, with(loyal, failure(10, 32, journey.Critical, 50)), 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.Unresolved}, "a resolution after asOf is not known yet"},
		{"unresolved moderate", loyalty.Rules{}, with(loyal, failure(10, 32, journey.Moderate, -1)), 40, loyalty.Loyal,
			[]loyalty.EvidenceKind{loyalty.Purchases}, "moderate failures are below the default MajorSeverity"},
		{"future ignored", loyalty.Rules{}, with(loyal, buy(3, 50), tp(4, 51, touchpoint.Usage, nps(0))), 40, loyalty.Loyal,
			[]loyalty.EvidenceKind{loyalty.Purchases}, "events after asOf are not looked at"},
		{"low score", loyalty.Rules{Score: score(40)}, loyal, 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.JourneyScore}, "a journey score below 50"},
		{"good score", loyalty.Rules{Score: score(50)}, loyal, 40, loyalty.Loyal,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.JourneyScore}, "neutral (50) is enough"},
		{"just below neutral", loyalty.Rules{Score: score(49.9)}, loyal, 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.JourneyScore}, "below neutral is dissatisfaction"},
		{"custom min score", loyalty.Rules{Score: score(60), MinScore: 75}, loyal, 40, loyalty.FirstTime,
			[]loyalty.EvidenceKind{loyalty.Purchases, loyalty.JourneyScore}, "MinScore raises the bar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rules.Place(build(t, tt.events...), day(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if got.Stage != tt.want || got.Why == "" {
				t.Errorf("Place() = %v (%q), want %v: %s", got.Stage, got.Why, tt.want, tt.reason)
			}
			if diff := cmp.Diff(tt.kinds, kinds(got.Evidence)); diff != "" {
				t.Errorf("evidence kinds mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestPlaceEvidence(t *testing.T) {
	j := build(t, buy(1, 0), buy(2, 30), tp(3, 31, touchpoint.Usage, nps(10)))
	got, err := loyalty.Rules{}.Place(j, day(40))
	if err != nil {
		t.Fatal(err)
	}
	want := loyalty.Placement{
		Stage: loyalty.Advocate,
		AsOf:  day(40),
		Why:   "loyal and a promoter (NPS 10)",
		Evidence: []loyalty.Evidence{
			{Kind: loyalty.Purchases, Value: 2, Time: day(30), Ref: id(2)},
			{Kind: loyalty.NPSAnswer, Value: 10, Time: day(31), Ref: id(3)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Place() mismatch (-want +got):\n%s", diff)
	}
	wantText := []string{"2 purchase(s), latest on 2026-01-31", "nps 10 (promoter) on 2026-02-01"}
	var text []string
	for _, e := range got.Evidence {
		text = append(text, e.String())
	}
	if diff := cmp.Diff(wantText, text); diff != "" {
		t.Errorf("Evidence.String() mismatch (-want +got):\n%s", diff)
	}
}

// A one-star review marked failed is negative word of mouth: it shows
// dissatisfaction instead of making the customer an advocate.
func TestPlaceNegativeReview(t *testing.T) {
	j := build(t, buy(1, 0), buy(2, 30), tp(3, 31, touchpoint.Advocacy, sentiment(-1), failed))
	got, err := loyalty.Rules{}.Place(j, day(32))
	if err != nil {
		t.Fatal(err)
	}
	want := loyalty.Placement{
		Stage: loyalty.FirstTime,
		AsOf:  day(32),
		Why:   "bought, but the latest advocacy touchpoint is negative (sentiment -1)",
		Evidence: []loyalty.Evidence{
			{Kind: loyalty.Purchases, Value: 2, Time: day(30), Ref: id(2)},
			{Kind: loyalty.NegativeAdvocacy, Value: -1, Time: day(31), Ref: id(3)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Place() mismatch (-want +got):\n%s", diff)
	}
	if s, want := got.Evidence[1].String(), "negative advocacy on 2026-02-01"; s != want {
		t.Errorf("Evidence.String() = %q, want %q", s, want)
	}
}

// The score function sees the journey as it stood at the moment of
// placement: later events gone, later resolutions cleared.
func TestPlaceScoreSeesThePast(t *testing.T) {
	j := build(t, buy(1, 0), failure(10, 5, journey.Minor, 20), buy(2, 30))
	type seen struct{ Len, Unrecovered int }
	var got seen
	r := loyalty.Rules{Score: func(past *journey.Journey) (float64, error) {
		got = seen{past.Len(), len(past.Unrecovered())}
		return 100, nil
	}}
	if _, err := r.Place(j, day(10)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(seen{Len: 1, Unrecovered: 1}, got); diff != "" {
		t.Errorf("journey seen by Score mismatch (-want +got):\n%s", diff)
	}
	if j.Len() != 2 || len(j.Unrecovered()) != 0 {
		t.Errorf("Place changed the caller's journey")
	}
}

func TestPlaceErrors(t *testing.T) {
	j := build(t, buy(1, 0))
	boom := errors.New("scorer down")
	tests := []struct {
		name   string
		rules  loyalty.Rules
		j      *journey.Journey
		asOf   time.Time
		target error
	}{
		{"nil journey", loyalty.Rules{}, nil, day(1), touchpoint.ErrInvalid},
		{"zero asOf", loyalty.Rules{}, j, time.Time{}, touchpoint.ErrInvalid},
		{"negative purchases", loyalty.Rules{LoyalPurchases: -1}, j, day(1), touchpoint.ErrInvalid},
		{"negative window", loyalty.Rules{Window: -time.Hour}, j, day(1), touchpoint.ErrInvalid},
		{"bad severity", loyalty.Rules{MajorSeverity: 9}, j, day(1), touchpoint.ErrInvalid},
		{"NaN min score", loyalty.Rules{MinScore: math.NaN()}, j, day(1), touchpoint.ErrInvalid},
		{"score error", loyalty.Rules{Score: func(*journey.Journey) (float64, error) { return 0, boom }}, j, day(1), boom},
		{"NaN score", loyalty.Rules{Score: func(*journey.Journey) (float64, error) { return math.NaN(), nil }}, j, day(1), touchpoint.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.rules.Place(tt.j, tt.asOf); !errors.Is(err, tt.target) {
				t.Errorf("Place() err = %v, want %v", err, tt.target)
			}
			if _, err := tt.rules.History(tt.j, tt.asOf); tt.name != "zero asOf" && !errors.Is(err, tt.target) {
				t.Errorf("History() err = %v, want %v", err, tt.target)
			}
		})
	}
}

type move struct {
	From, To loyalty.Stage
	Time     time.Time
}

func moves(ms []loyalty.Move) []move {
	var out []move
	for _, m := range ms {
		out = append(out, move{m.From, m.To, m.Time})
	}
	return out
}

func TestHistory(t *testing.T) {
	j := build(t,
		buy(1, 0), buy(2, 30),
		tp(3, 40, touchpoint.Usage, nps(10)),
		failure(10, 60, journey.Major, 62),
	)
	got, err := loyalty.Rules{}.History(j, day(400))
	if err != nil {
		t.Fatal(err)
	}
	want := []move{
		{loyalty.Prospect, loyalty.Satisfied, day(0)},
		{loyalty.Satisfied, loyalty.Loyal, day(30)},
		{loyalty.Loyal, loyalty.Advocate, day(40)},
		{loyalty.Advocate, loyalty.FirstTime, day(60)},
		{loyalty.FirstTime, loyalty.Advocate, day(62)},
		{loyalty.Advocate, loyalty.Satisfied, day(210)},
	}
	if diff := cmp.Diff(want, moves(got)); diff != "" {
		t.Errorf("History() mismatch (-want +got):\n%s", diff)
	}
	for _, m := range got {
		if m.Why == "" || len(m.Evidence) == 0 {
			t.Errorf("move %v→%v on %v has no reason", m.From, m.To, m.Time)
		}
	}
	if got[3].Up() || !got[4].Up() {
		t.Errorf("Up() wrong for the failure and its recovery")
	}

	// Without until the replay stops at the last event: no lapse shown.
	short, err := loyalty.Rules{}.History(j, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want[:5], moves(short)); diff != "" {
		t.Errorf("History(zero until) mismatch (-want +got):\n%s", diff)
	}
}

func TestHistoryEmpty(t *testing.T) {
	got, err := loyalty.Rules{}.History(journey.New("c-1"), time.Time{})
	if err != nil || len(got) != 0 {
		t.Errorf("History(empty) = %v, %v; want no moves", got, err)
	}
}
