package store

import (
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// Window limits a read to events whose time lies in [From, To). A zero From
// or To leaves that side open; the zero Window reads everything. A
// recovery is in the window when its failure is.
type Window struct {
	From, To time.Time
}

// Contains reports whether t lies in the window.
func (w Window) Contains(t time.Time) bool {
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// Query selects journeys to stream. The zero Query selects every customer
// of the tenant. Journeys come in ascending order of customer id (byte-wise
// comparison), which makes the After cursor stable: events or customers
// added while a host pages through never make a customer appear twice or be
// skipped, except customers created behind the cursor, who belong to the
// next full pass.
type Query struct {
	// Window restricts the events considered and returned.
	Window Window
	// Channels, if not empty, keeps customers with at least one touchpoint
	// in the window on one of these channels.
	Channels []touchpoint.Channel
	// Stages, if not empty, keeps customers with at least one touchpoint in
	// the window at one of these stages.
	Stages []touchpoint.Stage
	// HasFailures keeps only customers with at least one failure in the
	// window.
	HasFailures bool
	// After is the pagination cursor: only customers whose id sorts after
	// it are returned. Pass the last CustomerID of the previous page.
	After string
	// Limit caps the number of journeys; 0 means no limit.
	Limit int
}

// Batch is a set of events appended all-or-nothing. Recoveries may refer to
// failures in the same batch or already stored.
type Batch struct {
	Touchpoints []touchpoint.Touchpoint
	Failures    []journey.Failure
	Recoveries  []journey.Recovery
}

// Len returns the number of events in the batch.
func (b Batch) Len() int { return len(b.Touchpoints) + len(b.Failures) + len(b.Recoveries) }
