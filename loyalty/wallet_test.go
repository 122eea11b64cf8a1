package loyalty_test

import (
	"errors"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/loyalty"
	"github.com/cemkit/cem/touchpoint"
)

func TestWalletShares(t *testing.T) {
	tests := []struct {
		name   string
		ranks  map[string]int
		want   map[string]float64
		reason string
	}{
		{"one brand", map[string]int{"a": 1}, map[string]float64{"a": 1}, "a sole brand gets the whole wallet"},
		{"two brands", map[string]int{"a": 1, "b": 2}, map[string]float64{"a": 2.0 / 3, "b": 1.0 / 3}, "the brief's vector: N=2 → 2/3 and 1/3"},
		{"three brands", map[string]int{"a": 1, "b": 2, "c": 3}, map[string]float64{"a": 0.5, "b": 1.0 / 3, "c": 1.0 / 6},
			"(1 − r/4) × 2/3"},
		{"tie for first", map[string]int{"a": 1, "b": 1, "c": 2}, map[string]float64{"a": 5.0 / 12, "b": 5.0 / 12, "c": 1.0 / 6},
			"a and b share positions 1–2: each gets (1/2 + 1/3)/2"},
		{"gaps ignored", map[string]int{"a": 1, "b": 1, "c": 3}, map[string]float64{"a": 5.0 / 12, "b": 5.0 / 12, "c": 1.0 / 6},
			"only the order of ranks matters"},
		{"all tied", map[string]int{"a": 2, "b": 2, "c": 2, "d": 2}, map[string]float64{"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25},
			"a full tie splits the wallet evenly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loyalty.WalletShares(tt.ranks)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("WalletShares() mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

func TestWalletSharesByScore(t *testing.T) {
	got, err := loyalty.WalletSharesByScore(map[string]float64{"a": 9, "b": 7.5, "c": 9})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"a": 5.0 / 12, "b": 1.0 / 6, "c": 5.0 / 12}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("WalletSharesByScore() mismatch (-want +got):\n%s\nhigher scores rank first, equal scores tie", diff)
	}
}

// Shares sum to 1 and stay in (0, 1] for any number of brands and any tie
// pattern, and a better rank never gets a smaller share.
func TestWalletSharesProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	trials := 2000
	if testing.Short() {
		trials = 200
	}
	for range trials {
		n := 1 + rng.IntN(40)
		ranks := make(map[string]int, n)
		for i := range n {
			ranks["b"+strconv.Itoa(i)] = 1 + rng.IntN(1+rng.IntN(n))
		}
		shares, err := loyalty.WalletShares(ranks)
		if err != nil {
			t.Fatal(err)
		}
		checkShares(t, ranks, shares)
	}
}

func checkShares(t *testing.T, ranks map[string]int, shares map[string]float64) {
	t.Helper()
	var total float64
	for b, s := range shares {
		if !(s > 0 && s <= 1) {
			t.Fatalf("share of %s = %v, want in (0, 1]; ranks %v", b, s, ranks)
		}
		total += s
		for c, r := range ranks {
			if r < ranks[b] && shares[c] <= s {
				t.Fatalf("%s (rank %d) gets %v, not more than %s (rank %d) with %v", c, r, shares[c], b, ranks[b], s)
			}
		}
	}
	if math.Abs(total-1) > 1e-12 {
		t.Fatalf("shares sum to %v, want 1; ranks %v", total, ranks)
	}
}

func TestWalletSharesErrors(t *testing.T) {
	for name, ranks := range map[string]map[string]int{
		"empty": {}, "nil": nil, "rank 0": {"a": 0}, "negative": {"a": 1, "b": -2}, "unnamed": {"": 1},
	} {
		if _, err := loyalty.WalletShares(ranks); !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("%s: err = %v, want a ValidationError", name, err)
		}
	}
	for name, scores := range map[string]map[string]float64{
		"empty": {}, "NaN": {"a": math.NaN()}, "Inf": {"a": 1, "b": math.Inf(-1)},
	} {
		if _, err := loyalty.WalletSharesByScore(scores); !errors.Is(err, touchpoint.ErrInvalid) {
			t.Errorf("%s: err = %v, want a ValidationError", name, err)
		}
	}
}

func TestAverageWalletShares(t *testing.T) {
	customers := []map[string]int{
		{"a": 1, "b": 2},
		{"b": 1, "c": 1},
		{"a": 1},
		{"a": 2, "b": 1, "c": 3},
	}
	got, err := loyalty.AverageWalletShares(slices.Values(customers))
	if err != nil {
		t.Fatal(err)
	}
	// a: 2/3 + 0 + 1 + 1/3 = 2; b: 1/3 + 1/2 + 0 + 1/2 = 4/3; c: 1/2 + 1/6 = 2/3.
	want := []loyalty.BrandShare{
		{Brand: "a", Share: 2.0 / 4, Users: 3, UserShare: 2.0 / 3},
		{Brand: "b", Share: 4.0 / 3 / 4, Users: 3, UserShare: 4.0 / 9},
		{Brand: "c", Share: 2.0 / 3 / 4, Users: 2, UserShare: 1.0 / 3},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("AverageWalletShares() mismatch (-want +got):\n%s", diff)
	}

	if _, err := loyalty.AverageWalletShares(slices.Values([]map[string]int{})); !errors.Is(err, loyalty.ErrNoAnswers) {
		t.Errorf("no customers: err = %v, want ErrNoAnswers", err)
	}
	bad := []map[string]int{{"a": 1}, {"a": 0}}
	if _, err := loyalty.AverageWalletShares(slices.Values(bad)); !errors.Is(err, touchpoint.ErrInvalid) {
		t.Errorf("bad ranking: err = %v, want a ValidationError", err)
	}
}

// FuzzWalletShares reads a ranking from bytes (brand i gets rank b[i]) and
// checks the invariants: no panic, no NaN, shares summing to 1.
func FuzzWalletShares(f *testing.F) {
	f.Add([]byte{1, 2})
	f.Add([]byte{1, 1, 2})
	f.Add([]byte{0, 3})
	f.Add([]byte{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5})
	f.Fuzz(func(t *testing.T, b []byte) {
		ranks := make(map[string]int, len(b))
		for i, r := range b {
			ranks["b"+strconv.Itoa(i)] = int(r)
		}
		shares, err := loyalty.WalletShares(ranks)
		if err != nil {
			if !errors.Is(err, touchpoint.ErrInvalid) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if diff := cmp.Diff(slices.Sorted(maps.Keys(ranks)), slices.Sorted(maps.Keys(shares))); diff != "" {
			t.Fatalf("brands mismatch (-want +got):\n%s", diff)
		}
		checkShares(t, ranks, shares)
	})
}
