package journey_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

func mustBuild(t *testing.T, s story) *journey.Journey {
	t.Helper()
	j, err := s.build()
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestStoriesQueries(t *testing.T) {
	j := mustBuild(t, outOfStock())
	if diff := cmp.Diff([]touchpoint.Channel{touchpoint.Store, touchpoint.Phone, touchpoint.Web}, j.Channels()); diff != "" {
		t.Errorf("Channels() mismatch (-want +got):\n%s", diff)
	}
	wantStages := []touchpoint.Stage{touchpoint.Arrival, touchpoint.Browse, touchpoint.Assistance, touchpoint.Support, touchpoint.Purchase}
	if diff := cmp.Diff(wantStages, j.Stages()); diff != "" {
		t.Errorf("Stages() mismatch (-want +got):\n%s", diff)
	}
	if got := j.ChannelSwitches(); got != 2 {
		t.Errorf("ChannelSwitches() = %d, want 2 (store → phone → web)", got)
	}
	if got, ok := j.TimeToRecovery(id(10)); !ok || got != 26*time.Hour-10*time.Minute+5*time.Minute {
		t.Errorf("TimeToRecovery() = %v, %v; want 25h55m", got, ok)
	}
	if got := j.Unrecovered(); len(got) != 0 {
		t.Errorf("Unrecovered() = %v, want none", got)
	}
	if got := len(j.Episodes(12 * time.Hour)); got != 2 {
		t.Errorf("Episodes(12h) = %d episodes, want 2 (the store visit, then call and purchase)", got)
	}
	if got := j.Feedback(); got != 2 {
		t.Errorf("Feedback() = %d, want 2", got)
	}
	if got := j.Duration(); got != 27*time.Hour {
		t.Errorf("Duration() = %v, want 27h", got)
	}
	if !j.Reached(touchpoint.Purchase) || j.Reached(touchpoint.Return) {
		t.Error("Reached: the story ends in a purchase and has no return")
	}

	w := mustBuild(t, wrongItem())
	if got, ok := w.TimeToRecovery(id(10)); !ok || got != 74*time.Hour {
		t.Errorf("wrong item: TimeToRecovery() = %v, %v; want 74h", got, ok)
	}
	if got := w.RecoveriesOf(id(10)); len(got) != 1 || !got[0].Actions.Has(journey.Replacement) {
		t.Errorf("wrong item: RecoveriesOf() = %v, want one replacement", got)
	}
}

// TestOrderOfArrival adds the events of each story in many random orders
// and checks the journey is always the same.
func TestOrderOfArrival(t *testing.T) {
	for name, s := range map[string]story{"out of stock": outOfStock(), "wrong item": wrongItem()} {
		want := mustBuild(t, s)
		rng := rand.New(rand.NewPCG(1, 2))
		for range 50 {
			tps := slices.Clone(s.tps)
			rng.Shuffle(len(tps), func(i, k int) { tps[i], tps[k] = tps[k], tps[i] })
			got, err := story{tps: tps, failures: s.failures, recoveries: s.recoveries}.build()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s: order of arrival changed the journey (-want +got):\n%s", name, diff)
			}
		}
	}
}

func TestTiesBrokenByID(t *testing.T) {
	a := tp(5, 0, touchpoint.Web, touchpoint.Browse)
	b := tp(6, 0, touchpoint.Phone, touchpoint.Browse)
	j1, j2 := journey.NewWithLimits("ana", limits()), journey.NewWithLimits("ana", limits())
	if err := j1.Add(a, b); err != nil {
		t.Fatal(err)
	}
	if err := j2.Add(b, a); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(j1.Touchpoints(), j2.Touchpoints()); diff != "" {
		t.Errorf("same-instant touchpoints ordered by arrival (-j1 +j2):\n%s", diff)
	}
}

func TestIdempotentAndConflicts(t *testing.T) {
	s := outOfStock()
	j := mustBuild(t, s)
	before := j.Clone()
	if err := j.Add(s.tps...); err != nil {
		t.Errorf("re-adding equal touchpoints = %v, want nil", err)
	}
	if err := j.AddFailure(s.failures...); err != nil {
		t.Errorf("re-adding an equal failure = %v, want nil", err)
	}
	if err := j.AddRecovery(s.recoveries...); err != nil {
		t.Errorf("re-adding an equal recovery = %v, want nil", err)
	}
	changed := s.tps[0]
	changed.Stage = touchpoint.Browse
	if err := j.Add(changed); !errors.Is(err, journey.ErrConflict) {
		t.Errorf("same ID, other content: error = %v, want ErrConflict", err)
	}
	f := s.failures[0]
	f.Severity = journey.Critical
	if err := j.AddFailure(f); !errors.Is(err, journey.ErrConflict) {
		t.Errorf("failure with same ID, other content: error = %v, want ErrConflict", err)
	}
	if diff := cmp.Diff(before, j); diff != "" {
		t.Errorf("rejected and repeated events changed the journey (-want +got):\n%s", diff)
	}
}

func TestCopiesIn(t *testing.T) {
	x := tp(1, 0, touchpoint.Web, touchpoint.Browse)
	x.Attributes = map[string]string{"k": "v"}
	j := journey.NewWithLimits("ana", limits())
	if err := j.Add(x); err != nil {
		t.Fatal(err)
	}
	x.Attributes["k"] = "changed"
	if got := j.Touchpoints()[0].Attributes["k"]; got != "v" {
		t.Errorf("caller's map change leaked into the journey: %q", got)
	}
	c := j.Clone()
	c.Touchpoints()[0].Attributes["k"] = "clone"
	if got := j.Touchpoints()[0].Attributes["k"]; got != "v" {
		t.Errorf("Clone shares attribute maps: %q", got)
	}
}

func TestRejects(t *testing.T) {
	base := outOfStock()
	tests := []struct {
		name   string
		add    func(j *journey.Journey) error
		is     error
		reason string
	}{
		{"other customer", func(j *journey.Journey) error {
			x := tp(30, time.Hour, touchpoint.Web, touchpoint.Browse)
			x.CustomerID = "bob"
			return j.Add(x)
		}, touchpoint.ErrInvalid, "a journey is one customer's"},
		{"invalid touchpoint", func(j *journey.Journey) error {
			x := tp(30, time.Hour, touchpoint.Web, touchpoint.Browse)
			x.Feedback.CSAT = touchpoint.Rate(9)
			return j.Add(x)
		}, touchpoint.ErrInvalid, "touchpoints are validated"},
		{"recovery without failure", func(j *journey.Journey) error {
			r := base.recoveries[0]
			r.ID, r.FailureID = id(31), id(32)
			return j.AddRecovery(r)
		}, journey.ErrUnknownFailure, "a recovery needs its failure in the journey"},
		{"recovery before failure", func(j *journey.Journey) error {
			r := base.recoveries[0]
			r.ID, r.Time, r.ResolvedAt = id(31), t0, time.Time{}
			return j.AddRecovery(r)
		}, touchpoint.ErrInvalid, "a recovery cannot start before the failure"},
		{"resolved before failure", func(j *journey.Journey) error {
			f := base.failures[0]
			f.ID, f.Time = id(33), t0.Add(30*time.Hour)
			if err := j.AddFailure(f); err != nil {
				return err
			}
			r := base.recoveries[0]
			r.ID, r.FailureID, r.Time, r.ResolvedAt = id(31), f.ID, f.Time, f.Time.Add(-time.Minute)
			return j.AddRecovery(r)
		}, touchpoint.ErrInvalid, "resolution precedes the attempt"},
		{"compensation currency", func(j *journey.Journey) error {
			r := base.recoveries[0]
			r.ID = id(31)
			r.Compensation, _ = touchpoint.NewMoney("10", "USD")
			return j.AddRecovery(r)
		}, touchpoint.ErrInvalid, "no mixing of currencies between loss and compensation"},
		{"negative loss", func(j *journey.Journey) error {
			f := base.failures[0]
			f.ID, f.Loss = id(33), eur("-1")
			return j.AddFailure(f)
		}, touchpoint.ErrInvalid, "a loss is not negative"},
		{"no severity", func(j *journey.Journey) error {
			f := base.failures[0]
			f.ID, f.Severity = id(33), 0
			return j.AddFailure(f)
		}, touchpoint.ErrInvalid, "a failure must say how bad it was"},
		{"bad kind", func(j *journey.Journey) error {
			f := base.failures[0]
			f.ID, f.Kind = id(33), "Out Of Stock"
			return j.AddFailure(f)
		}, touchpoint.ErrInvalid, "kinds follow the name syntax"},
		{"undefined action", func(j *journey.Journey) error {
			r := base.recoveries[0]
			r.ID, r.Actions = id(31), 1<<12
			return j.AddRecovery(r)
		}, touchpoint.ErrInvalid, "only defined actions"},
		{"negative contacts", func(j *journey.Journey) error {
			r := base.recoveries[0]
			r.ID, r.Contacts = id(31), -1
			return j.AddRecovery(r)
		}, touchpoint.ErrInvalid, "contacts are counted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := mustBuild(t, base)
			before := j.Clone()
			err := tt.add(j)
			if !errors.Is(err, tt.is) {
				t.Fatalf("error = %v, want %v (%s)", err, tt.is, tt.reason)
			}
			var verr *touchpoint.ValidationError
			if errors.Is(tt.is, touchpoint.ErrInvalid) && !errors.As(err, &verr) {
				t.Errorf("error %v is not a *touchpoint.ValidationError", err)
			}
			// "resolved before failure" adds a valid failure first; compare
			// the rest only for the single-step cases.
			if tt.name != "resolved before failure" {
				if diff := cmp.Diff(before, j); diff != "" {
					t.Errorf("a rejected event changed the journey (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestZeroJourneyTakesFirstCustomer(t *testing.T) {
	var j journey.Journey
	x := tp(1, 0, touchpoint.Web, touchpoint.Browse)
	x.Time = time.Now().Add(-time.Hour)
	if err := j.Add(x); err != nil {
		t.Fatal(err)
	}
	if j.CustomerID() != "ana" {
		t.Errorf("CustomerID() = %q, want ana", j.CustomerID())
	}
}

// TestZeroJourneyRefusedEventClaimsNothing adds events that are refused to
// a zero Journey: none may set its customer.
func TestZeroJourneyRefusedEventClaimsNothing(t *testing.T) {
	at := time.Now().Add(-time.Hour)
	tests := []struct {
		reason string
		add    func(*journey.Journey) error
		is     error
	}{
		{"a recovery for a failure not in the journey", func(j *journey.Journey) error {
			return j.AddRecovery(journey.Recovery{ID: id(1), FailureID: id(2), CustomerID: "bob", Time: at, Channel: touchpoint.Phone})
		}, journey.ErrUnknownFailure},
		{"an invalid touchpoint", func(j *journey.Journey) error {
			return j.Add(touchpoint.Touchpoint{ID: id(1), CustomerID: "bob", Time: at, Channel: "Web!", Stage: touchpoint.Browse})
		}, touchpoint.ErrInvalid},
		{"an invalid failure", func(j *journey.Journey) error {
			return j.AddFailure(journey.Failure{ID: id(1), CustomerID: "bob", Time: at, Kind: "Bad!", Severity: journey.Minor, Channel: touchpoint.Web})
		}, touchpoint.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			var j journey.Journey
			if err := tt.add(&j); !errors.Is(err, tt.is) {
				t.Fatalf("add = %v, want %v", err, tt.is)
			}
			if diff := cmp.Diff(&journey.Journey{}, &j); diff != "" || j.CustomerID() != "" {
				t.Errorf("a refused event changed the zero journey (customer %q) (-want +got):\n%s", j.CustomerID(), diff)
			}
			x := tp(3, 0, touchpoint.Web, touchpoint.Browse)
			x.Time = at
			if err := j.Add(x); err != nil {
				t.Errorf("Add(ana's touchpoint) after the refused event = %v, want it to take ana", err)
			}
		})
	}
}

func TestUnrecoveredAndEmpty(t *testing.T) {
	s := wrongItem()
	s.recoveries[0].ResolvedAt = time.Time{}
	j := mustBuild(t, s)
	if got := j.Unrecovered(); len(got) != 1 {
		t.Errorf("Unrecovered() = %d failures, want 1 (the attempt did not resolve it)", len(got))
	}
	if _, ok := j.TimeToRecovery(id(10)); ok {
		t.Error("TimeToRecovery of an unresolved failure reported ok")
	}
	empty := journey.New("x")
	if empty.Duration() != 0 || empty.Episodes(time.Hour) != nil || !empty.Start().IsZero() || empty.ChannelSwitches() != 0 {
		t.Error("an empty journey should have no duration, episodes, start or switches")
	}
}

func TestActionsAndSeverityText(t *testing.T) {
	a := journey.Apology | journey.Discount | journey.FollowUp
	if got := a.String(); got != "apology+discount+follow_up" {
		t.Errorf("String() = %q", got)
	}
	for _, n := range a.Names() {
		p, err := journey.ParseAction(n)
		if err != nil || !a.Has(p) {
			t.Errorf("ParseAction(%q) = %v, %v", n, p, err)
		}
	}
	for s := journey.Minor; s <= journey.Critical; s++ {
		p, err := journey.ParseSeverity(s.String())
		if err != nil || p != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, p, err)
		}
	}
	if journey.Critical.Weight() != 1 || journey.Minor.Weight() != 0.25 {
		t.Error("severity weights are minor 0.25 … critical 1")
	}
}

func TestUntil(t *testing.T) {
	j := mustBuild(t, outOfStock())
	// Just after the call starts: the recovery attempt is open, not yet
	// resolved, and the purchase has not happened.
	at := t0.Add(26*time.Hour + time.Minute)
	u := j.Until(at)
	if got := u.Len(); got != 4 {
		t.Errorf("Until().Len() = %d, want 4 (visit, shelf, clerk, call)", got)
	}
	if len(u.Recoveries()) != 1 || u.Recoveries()[0].Resolved() {
		t.Errorf("Until() recoveries = %v, want one unresolved attempt", u.Recoveries())
	}
	if len(u.Unrecovered()) != 1 {
		t.Error("at that moment the failure was still unrecovered")
	}
	if diff := cmp.Diff(j, j.Until(t0.Add(1000*time.Hour))); diff != "" {
		t.Errorf("Until(after the end) should equal the journey (-want +got):\n%s", diff)
	}
	if u.Limits().Now == nil {
		t.Error("Until() dropped the journey's limits")
	}
	if j.Until(t0.Add(-time.Hour)).Len() != 0 {
		t.Error("Until(before the start) should be empty")
	}
}
