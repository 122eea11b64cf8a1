package simulate_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

func eur(t *testing.T, s string) touchpoint.Money {
	t.Helper()
	m, err := touchpoint.NewMoney(s, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestScenarioOutOfStock builds the brief's first story and compares it
// with the same journey built by hand.
func TestScenarioOutOfStock(t *testing.T) {
	got, err := simulate.Scenario("c-42", start).
		Arrive(touchpoint.Store).
		After(10*time.Minute).Browse(touchpoint.Store).Fail(journey.OutOfStock, journey.Moderate, "12.50").
		After(26*time.Hour).Call().Waited(4*time.Minute).
		Recover(journey.Apology|journey.Discount, "10.00").
		After(time.Hour).Buy(touchpoint.Web, "89.00").NPS(9).
		After(7 * 24 * time.Hour).Recommend().
		Journey()
	if err != nil {
		t.Fatal(err)
	}
	tps := got.Touchpoints()
	if len(tps) != 5 || len(got.Failures()) != 1 || len(got.Recoveries()) != 1 {
		t.Fatalf("got %d touchpoints, %d failures, %d recoveries; want 5, 1, 1", len(tps), len(got.Failures()), len(got.Recoveries()))
	}
	call := tps[2]
	f := journey.Failure{
		ID: got.Failures()[0].ID, CustomerID: "c-42", Time: start.Add(10 * time.Minute), Kind: journey.OutOfStock,
		Severity: journey.Moderate, Channel: touchpoint.Store, TouchpointID: tps[1].ID, Loss: eur(t, "12.50"),
	}
	r := journey.Recovery{
		ID: got.Recoveries()[0].ID, FailureID: f.ID, CustomerID: "c-42", Time: call.Time, ResolvedAt: call.Time,
		Actions: journey.Apology | journey.Discount, Compensation: eur(t, "10.00"), Channel: touchpoint.Phone,
	}
	want := journey.NewWithLimits("c-42", touchpoint.Limits{Now: func() time.Time { return start.Add(30 * 24 * time.Hour) }})
	mk := func(i int, at time.Duration, ch touchpoint.Channel, st touchpoint.Stage) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{ID: tps[i].ID, CustomerID: "c-42", Time: start.Add(at), Channel: ch, Stage: st}
	}
	shelf := mk(1, 10*time.Minute, touchpoint.Store, touchpoint.Browse)
	shelf.Outcome = touchpoint.Failed
	wcall := mk(2, 10*time.Minute+26*time.Hour, touchpoint.Phone, touchpoint.Support)
	wcall.Wait = 4 * time.Minute
	wbuy := mk(3, 10*time.Minute+27*time.Hour, touchpoint.Web, touchpoint.Purchase)
	wbuy.Value, wbuy.Feedback.NPS = eur(t, "89"), touchpoint.Rate(9)
	refer := mk(4, 10*time.Minute+27*time.Hour+7*24*time.Hour, touchpoint.Social, touchpoint.Advocacy)
	refer.Feedback.NPS = touchpoint.Rate(10)
	if err := errors.Join(
		want.Add(mk(0, 0, touchpoint.Store, touchpoint.Arrival), shelf, wcall, wbuy, refer),
		want.AddFailure(f), want.AddRecovery(r)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Journey() mismatch (-want +got):\n%s", diff)
	}
}

func TestScenarioIsDeterministic(t *testing.T) {
	build := func() *journey.Journey {
		j, err := simulate.Scenario("ana", start).Buy(touchpoint.Web, "30").
			After(48*time.Hour).Deliver(touchpoint.Web).Fail(journey.WrongItem, journey.Major, "30").
			After(time.Hour).Return(touchpoint.Phone).TryRecover(journey.Apology).
			After(time.Hour).Call().Recover(journey.Replacement|journey.FollowUp, "").ByBusiness().
			Journey()
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	a, b := build(), build()
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("the same story gave different journeys (-first +second):\n%s", diff)
	}
	rs := a.Recoveries()
	if len(rs) != 2 || rs[0].Resolved() || !rs[1].Resolved() || rs[1].Initiative != journey.BusinessInitiated {
		t.Errorf("recoveries = %+v, want an unresolved attempt, then a resolved business-initiated one", rs)
	}
}

func TestScenarioMistakes(t *testing.T) {
	tests := []struct {
		reason string
		story  *simulate.Story
		want   string
	}{
		{"failure before any touchpoint",
			simulate.Scenario("c", start).Fail(journey.OutOfStock, journey.Minor, ""), "step 1"},
		{"recovery without failure",
			simulate.Scenario("c", start).Arrive(touchpoint.Web).Recover(journey.Apology, ""), "step 2"},
		{"bad amount",
			simulate.Scenario("c", start).Arrive(touchpoint.Web).Buy(touchpoint.Web, "12,50"), "step 2"},
		{"going back in time",
			simulate.Scenario("c", start).After(-time.Hour), "scenario.after"},
		{"bad currency", simulate.Scenario("c", start).Currency("euro"), "scenario.currency"},
		{"answer off the scale",
			simulate.Scenario("c", start).Buy(touchpoint.Web, "1").CSAT(9), "feedback.csat"},
		{"bad channel", simulate.Scenario("c", start).Arrive("Store!"), "channel"},
		{"later steps are ignored",
			simulate.Scenario("c", start).After(-1).Arrive(touchpoint.Web).Fail("", 0, "x"), "step 1"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			j, err := tt.story.Journey()
			if err == nil || j != nil {
				t.Fatalf("Journey() = %v, %v; want an error", j, err)
			}
			if !errors.Is(err, touchpoint.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Journey() error = %v; want a validation error mentioning %q", err, tt.want)
			}
		})
	}
}
