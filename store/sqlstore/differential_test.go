package sqlstore_test

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/store/memstore"
)

// TestSnapshotQueriesMatchMemstore feeds the same random snapshots (some
// without a stage, some merged away) to memstore and to each SQL dialect
// and expects Latest and Transitions to agree on every query: the SQL
// (correlated MAX, LAG) must mean what the in-memory loops mean.
func TestSnapshotQueriesMatchMemstore(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	stages := []string{"", "satisfied", "loyal", "advocate"}
	var snaps []store.Snapshot
	for c := range 30 {
		for d := range 8 {
			if rng.IntN(3) == 0 {
				continue
			}
			snaps = append(snaps, store.Snapshot{
				CustomerID: fmt.Sprintf("c%02d", c), Name: []string{"score", "ladder"}[rng.IntN(2)],
				Time:  start.AddDate(0, 0, d*7+rng.IntN(3)),
				Value: float64(rng.IntN(100)), Stage: stages[rng.IntN(len(stages))],
			})
		}
	}
	below, atLeast := 40.0, 60.0
	latest := []store.LatestQuery{
		{Name: "score"}, {Name: "ladder"}, {Name: "score", Below: &below}, {Name: "score", AtLeast: &atLeast},
		{Name: "ladder", Stage: "loyal"}, {Name: "score", AsOf: start.AddDate(0, 0, 20)}, {Name: "nothing"},
	}
	month := store.Window{From: start.AddDate(0, 0, 14), To: start.AddDate(0, 1, 0)}
	transitions := []store.TransitionQuery{
		{Name: "ladder"}, {Name: "score"}, {Name: "ladder", From: "loyal", To: "satisfied"},
		{Name: "ladder", To: "advocate", Window: month}, {Name: "ladder", From: ""},
	}
	run := func(t *testing.T, b store.Backend) (ls [][]store.Snapshot, ts [][]store.Transition) {
		s := tenantOf(t, b, "shop")
		if err := s.PutSnapshots(t.Context(), snaps...); err != nil {
			t.Fatal(err)
		}
		for _, m := range [][2]string{{"c03", "c04"}, {"c05", "c04"}} {
			if err := s.Merge(t.Context(), m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range latest {
			ls = append(ls, drain(t, s.Latest(t.Context(), q)))
		}
		for _, q := range transitions {
			ts = append(ts, drain(t, s.Transitions(t.Context(), q)))
		}
		return ls, ts
	}
	mem := memstore.New()
	defer mem.Close()
	wantL, wantT := run(t, mem)
	if len(wantL[0]) < 20 || len(wantT[0]) < 10 || len(wantT[4]) == 0 {
		t.Fatalf("the data selects too little: %d latest, %d and %d transitions", len(wantL[0]), len(wantT[0]), len(wantT[4]))
	}
	for name, open := range dialects(t) {
		t.Run(name, func(t *testing.T) {
			gotL, gotT := run(t, open(t))
			if diff := cmp.Diff(wantL, gotL); diff != "" {
				t.Errorf("Latest mismatch (-memstore +%s):\n%s", name, diff)
			}
			if diff := cmp.Diff(wantT, gotT); diff != "" {
				t.Errorf("Transitions mismatch (-memstore +%s):\n%s", name, diff)
			}
		})
	}
}

func drain[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}
