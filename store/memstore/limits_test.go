package memstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
	"github.com/cemkit/cem/touchpoint"
)

// A simulation writes the future by giving the backend a fixed clock; the
// default limits refuse the same events, and larger attribute bounds are
// honoured on append and on read.
func TestWithLimits(t *testing.T) {
	future := time.Date(2031, 6, 1, 12, 0, 0, 0, time.UTC)
	tp := touchpoint.Touchpoint{ID: touchpoint.NewID(), CustomerID: "sim-1", Time: future,
		Channel: touchpoint.App, Stage: touchpoint.Usage, Attributes: map[string]string{}}
	for i := range 40 {
		tp.Attributes[string(rune('a'+i%26))+string(rune('a'+i/26))] = "v"
	}
	cases := []struct {
		reason  string
		opts    []memstore.Option
		wantErr error
	}{
		{"default limits refuse the future and 40 attributes", nil, store.ErrInvalid},
		{"a fixed clock alone still refuses 40 attributes", []memstore.Option{memstore.WithLimits(touchpoint.Limits{
			Now: func() time.Time { return future }})}, store.ErrInvalid},
		{"a fixed clock and a larger bound accept them", []memstore.Option{memstore.WithLimits(touchpoint.Limits{
			Now: func() time.Time { return future }, MaxAttributes: 64})}, nil},
	}
	for _, c := range cases {
		s, err := memstore.New(c.opts...).Tenant("sim")
		if err != nil {
			t.Fatalf("%s: Tenant() error = %v", c.reason, err)
		}
		err = s.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{tp}})
		if !errors.Is(err, c.wantErr) || (err != nil) != (c.wantErr != nil) {
			t.Errorf("%s: Append() error = %v, want %v", c.reason, err, c.wantErr)
		}
		if err != nil {
			continue
		}
		j, err := s.Journey(t.Context(), "sim-1", store.Window{})
		if err != nil {
			t.Fatalf("%s: Journey() error = %v", c.reason, err)
		}
		if diff := cmp.Diff([]touchpoint.Touchpoint{tp}, j.Touchpoints()); diff != "" {
			t.Errorf("%s: Journey() mismatch (-want +got):\n%s", c.reason, diff)
		}
	}
}

// Tenant hands out one store per id, so two parts of a host that ask for
// the same tenant share its data.
func TestTenantIsShared(t *testing.T) {
	b := memstore.New()
	s1, _ := b.Tenant("t")
	s2, _ := b.Tenant("t")
	if s1 != s2 {
		t.Errorf("Tenant(t) returned two different stores")
	}
}
