package journey_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

func TestAssembleEqualsAdd(t *testing.T) {
	for name, s := range map[string]story{"out of stock": outOfStock(), "wrong item": wrongItem()} {
		want := mustBuild(t, s)
		tps := slices.Clone(s.tps)
		slices.Reverse(tps)
		tps = append(tps, s.tps[0]) // an exact duplicate is dropped
		got, err := journey.Assemble("ana", limits(), tps, slices.Clone(s.failures), slices.Clone(s.recoveries))
		if err != nil {
			t.Fatalf("%s: Assemble = %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: Assemble differs from Add (-want +got):\n%s", name, diff)
		}
		// The assembled journey accepts further events like any other.
		extra := tp(40, 100*60*60*1e9, touchpoint.Web, touchpoint.Advocacy)
		if err := got.Add(extra); err != nil {
			t.Errorf("%s: Add after Assemble = %v", name, err)
		}
	}
}

func TestAssembleKeepsStructuralRules(t *testing.T) {
	s := outOfStock()
	other := s.tps[1]
	other.CustomerID = "bob"
	changed := s.tps[1]
	changed.Stage = touchpoint.Return
	orphan := s.recoveries[0]
	orphan.FailureID = id(39)
	tests := []struct {
		name string
		tps  []touchpoint.Touchpoint
		rs   []journey.Recovery
		is   error
	}{
		{"other customer", []touchpoint.Touchpoint{s.tps[0], other}, s.recoveries, touchpoint.ErrInvalid},
		{"conflicting duplicate", []touchpoint.Touchpoint{s.tps[1], changed}, s.recoveries, journey.ErrConflict},
		{"recovery without failure", s.tps, []journey.Recovery{orphan}, journey.ErrUnknownFailure},
	}
	for _, tt := range tests {
		_, err := journey.Assemble("ana", limits(), slices.Clone(tt.tps), slices.Clone(s.failures), slices.Clone(tt.rs))
		if !errors.Is(err, tt.is) {
			t.Errorf("%s: Assemble error = %v, want %v", tt.name, err, tt.is)
		}
	}
}

func BenchmarkAssemble(b *testing.B) {
	tps := benchTouchpoints(50)
	buf := make([]touchpoint.Touchpoint, len(tps))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, tps)
		if _, err := journey.Assemble("ana", limits(), buf, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdd50(b *testing.B) {
	tps := benchTouchpoints(50)
	b.ReportAllocs()
	for b.Loop() {
		if err := journey.NewWithLimits("ana", limits()).Add(tps...); err != nil {
			b.Fatal(err)
		}
	}
}
