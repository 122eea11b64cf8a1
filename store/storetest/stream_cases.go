package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/store"
	"github.com/cemkit/cem/touchpoint"
)

func streamCases() []testCase {
	return []testCase{
		{"Filters", "Journeys keeps exactly the customers every Query filter selects, in ascending id order, restricted to the window", filters},
		{"ByteOrder", "Journeys orders customer ids byte-wise, whatever the collation", byteOrder},
		{"Pagination", "paging with After and Limit visits every customer exactly once", pagination},
		{"PaginationUnderInserts", "events and customers added while paging never make a customer appear twice or be skipped", paginationUnderInserts},
		{"StopEarly", "a consumer may stop a stream early and keep using the store", stopEarly},
	}
}

// population appends four customers that the filter cases tell apart:
//
//	a: web browse at 0, store purchase at 10
//	b: phone support at 1, a failure at 1 with recovery
//	c: app usage at 20
//	d: store browse at 5, a failure at 30
func population(t *testing.T, s store.Store) store.Batch {
	t.Helper()
	fb := failure("b", 1, money("5", "EUR"))
	fd := failure("d", 30, touchpoint.Money{})
	b := store.Batch{
		Touchpoints: []touchpoint.Touchpoint{
			tp("a", 0, touchpoint.Web, touchpoint.Browse),
			tp("a", 10, touchpoint.Store, touchpoint.Purchase),
			tp("b", 1, touchpoint.Phone, touchpoint.Support),
			tp("c", 20, touchpoint.App, touchpoint.Usage),
			tp("d", 5, touchpoint.Store, touchpoint.Browse),
		},
		Failures:   []journey.Failure{fb, fd},
		Recoveries: []journey.Recovery{recovery(fb, money("5", "EUR"))},
	}
	mustAppend(t, s, b)
	return b
}

func filters(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	pop := population(t, s)
	cases := []struct {
		reason string
		q      store.Query
		want   []string
	}{
		{"zero query", store.Query{}, []string{"a", "b", "c", "d"}},
		{"channel", store.Query{Channels: []touchpoint.Channel{touchpoint.Store}}, []string{"a", "d"}},
		{"channels are any-of", store.Query{Channels: []touchpoint.Channel{touchpoint.Phone, touchpoint.App}}, []string{"b", "c"}},
		{"stage", store.Query{Stages: []touchpoint.Stage{touchpoint.Browse}}, []string{"a", "d"}},
		{"channel and stage", store.Query{Channels: []touchpoint.Channel{touchpoint.Store}, Stages: []touchpoint.Stage{touchpoint.Purchase}}, []string{"a"}},
		{"has failures", store.Query{HasFailures: true}, []string{"b", "d"}},
		{"window", store.Query{Window: store.Window{From: at(5), To: at(21)}}, []string{"a", "c", "d"}},
		{"filters look inside the window only", store.Query{Window: store.Window{To: at(10)}, Channels: []touchpoint.Channel{touchpoint.Store}}, []string{"d"}},
		{"failures inside the window only", store.Query{Window: store.Window{To: at(10)}, HasFailures: true}, []string{"b"}},
		{"after", store.Query{After: "b"}, []string{"c", "d"}},
		{"limit", store.Query{Limit: 3}, []string{"a", "b", "c"}},
		{"after and limit", store.Query{After: "a", Limit: 2}, []string{"b", "c"}},
		{"unknown channel", store.Query{Channels: []touchpoint.Channel{"kiosk"}}, nil},
	}
	for _, c := range cases {
		got := customerIDs(t, s.Journeys(t.Context(), c.q))
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Journeys(%s) customers mismatch (-want +got):\n%s", c.reason, diff)
		}
	}
	// Journeys are restricted to the window, like Journey.
	w := store.Window{From: at(5), To: at(21)}
	for _, j := range collect(t, "Journeys(window)", s.Journeys(t.Context(), store.Query{Window: w})) {
		want := journeyOf(t, j.CustomerID(), windowed(pop, w))
		if diff := cmp.Diff(want, j); diff != "" {
			t.Errorf("Journeys(window) journey %q mismatch (-want +got):\n%s", j.CustomerID(), diff)
		}
	}
}

// windowed returns the events of b in w, recoveries with their failures.
func windowed(b store.Batch, w store.Window) store.Batch {
	var out store.Batch
	kept := map[string]bool{}
	for _, tp := range b.Touchpoints {
		if w.Contains(tp.Time) {
			out.Touchpoints = append(out.Touchpoints, tp)
		}
	}
	for _, f := range b.Failures {
		if w.Contains(f.Time) {
			out.Failures = append(out.Failures, f)
			kept[f.ID.String()] = true
		}
	}
	for _, r := range b.Recoveries {
		if kept[r.FailureID.String()] {
			out.Recoveries = append(out.Recoveries, r)
		}
	}
	return out
}

func byteOrder(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	ids := []string{"b", "B", "a", "Ä", "ä", "a b", "a-b", "a_b", "ab", "Z", "z", "é", "10", "9", "~"}
	var batch store.Batch
	for i, c := range ids {
		batch.Touchpoints = append(batch.Touchpoints, web(c, i))
	}
	mustAppend(t, s, batch)
	want := slices.Clone(ids)
	slices.Sort(want)
	got := customerIDs(t, s.Journeys(t.Context(), store.Query{}))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Journeys() order mismatch (-want +got):\n%s", diff)
	}
	// And the cursor follows the same order.
	got = customerIDs(t, s.Journeys(t.Context(), store.Query{After: "a_b"}))
	if diff := cmp.Diff(want[slices.Index(want, "a_b")+1:], got); diff != "" {
		t.Errorf("Journeys(After a_b) mismatch (-want +got):\n%s", diff)
	}
}

// customers appends one touchpoint for each of n customers named
// prefix-000 ... and returns their ids.
func customers(t *testing.T, s store.Store, prefix string, n int) []string {
	t.Helper()
	var batch store.Batch
	var ids []string
	for i := range n {
		c := fmt.Sprintf("%s-%04d", prefix, i)
		ids = append(ids, c)
		batch.Touchpoints = append(batch.Touchpoints, web(c, i%100))
	}
	mustAppend(t, s, batch)
	return ids
}

// pages reads every customer through pages of size n, calling between
// after each page; it fails the test when paging has not ended after max
// pages.
func pages(t *testing.T, s store.Store, n, max int, between func(page int)) []string {
	t.Helper()
	var seen []string
	after := ""
	for page := 0; ; page++ {
		if page == max {
			t.Fatalf("paging has not ended after %d pages of %d: the cursor does not advance", max, n)
		}
		ids := customerIDs(t, s.Journeys(t.Context(), store.Query{After: after, Limit: n}))
		if len(ids) == 0 {
			return seen
		}
		if len(ids) > n {
			t.Fatalf("page %d has %d journeys, want at most %d", page, len(ids), n)
		}
		seen = append(seen, ids...)
		after = ids[len(ids)-1]
		between(page)
	}
}

func pagination(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	want := customers(t, s, "p", 95)
	got := pages(t, s, 10, 20, func(int) {})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged customers mismatch (-want +got):\n%s", diff)
	}
}

func paginationUnderInserts(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	want := customers(t, s, "m", 100)
	var wg sync.WaitGroup
	defer wg.Wait()
	got := pages(t, s, 7, 40, func(page int) {
		// Between pages: new events for customers on both sides of the
		// cursor and new customers behind and ahead of it, some from
		// another goroutine while the next page is read.
		mustAppend(t, s, store.Batch{Touchpoints: []touchpoint.Touchpoint{
			web(want[page], 200+page), web(want[len(want)-1-page], 200+page),
			web(fmt.Sprintf("m-0000-new-%d", page), 0),
		}})
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Append(t.Context(), store.Batch{Touchpoints: []touchpoint.Touchpoint{
				web(fmt.Sprintf("m-%04d-new", 99-page), 1), web(want[page*3%100], 300+page),
			}}); err != nil {
				t.Errorf("concurrent Append() error = %v", err)
			}
		}()
	})
	seen := map[string]int{}
	for _, c := range got {
		seen[c]++
		if seen[c] == 2 {
			t.Errorf("customer %q appeared twice", c)
		}
	}
	for _, c := range want {
		if seen[c] == 0 {
			t.Errorf("customer %q was skipped", c)
		}
	}
	if !slices.IsSorted(got) {
		t.Errorf("pages are not in ascending customer order: %q", got)
	}
}

func stopEarly(t *testing.T, b store.Backend) {
	s := tenant(t, b)
	customers(t, s, "s", 20)
	n := 0
	for _, err := range s.Journeys(t.Context(), store.Query{}) {
		if err != nil {
			t.Fatalf("Journeys() error = %v", err)
		}
		if n++; n == 3 {
			// Writing from inside the loop must not deadlock.
			mustAppend(t, s, store.Batch{Touchpoints: []touchpoint.Touchpoint{web("s-new", 0)}})
			break
		}
	}
	wantCounts(t, s, counts{Customers: 21, Touchpoints: 21})
}
