package sqlstore

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// kind says which event type a row of the events table holds.
type kind int64

const (
	kindTouchpoint kind = iota
	kindFailure
	kindRecovery
)

func (k kind) String() string {
	switch k {
	case kindTouchpoint:
		return "touchpoint"
	case kindFailure:
		return "failure"
	}
	return "recovery"
}

// eventColumns are the columns of the events table in the order the
// adapter writes them; readColumns drops the tenant, which reads know.
const (
	eventColumns = "tenant, " + readColumns
	readColumns  = "id, kind, customer_id, time_ns, window_ns, channel, stage, outcome, csat, nps, ces, sentiment, " +
		"amount, currency, duration_ns, wait_ns, attributes, failure_kind, severity, ref_id, note, resolved_ns, " +
		"actions, initiative, contacts"
	numEventColumns = 26
	// numTouchpointColumns counts the leading columns of eventColumns a
	// touchpoint sets; the rest are the defaults.
	numTouchpointColumns = 18
)

// event is one decoded row: exactly one of the three values is meaningful,
// as kind says. Failures and recoveries are held by pointer, so that an
// event costs a touchpoint's size, not the three kinds' sum: bulk appends
// are mostly touchpoints, and copy their events around. The pointed-to
// values are never changed: a changed failure or recovery is a new one.
type event struct {
	kind kind
	tp   touchpoint.Touchpoint
	f    *journey.Failure
	r    *journey.Recovery
}

// lockOrder returns evs ordered by customer, then ID: evs itself if it is
// in that order, else a sorted copy (evs is left as it is). Every append
// then takes the unique index's locks on the events it shares with
// another append in the same order, so concurrent re-sends of the same
// events cannot deadlock, while each customer's rows stay together in the
// table, as a journey is read. It sorts an index rather than the events,
// which are large.
func lockOrder(evs []event) []event {
	less := func(i, j int) int {
		if c := strings.Compare(evs[i].customer(), evs[j].customer()); c != 0 {
			return c
		}
		x, y := evs[i].id(), evs[j].id()
		return bytes.Compare(x[:], y[:])
	}
	sorted := true
	for i := 1; i < len(evs) && sorted; i++ {
		sorted = less(i-1, i) <= 0
	}
	if sorted {
		return evs
	}
	order := make([]int32, len(evs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return less(int(a), int(b)) })
	out := make([]event, len(evs))
	for i, k := range order {
		out[i] = evs[k]
	}
	return out
}

func (e *event) id() uuid.UUID {
	switch e.kind {
	case kindTouchpoint:
		return e.tp.ID
	case kindFailure:
		return e.f.ID
	}
	return e.r.ID
}

// time returns when the event happened.
func (e *event) time() time.Time {
	switch e.kind {
	case kindTouchpoint:
		return e.tp.Time
	case kindFailure:
		return e.f.Time
	}
	return e.r.Time
}

func (e *event) customer() string {
	switch e.kind {
	case kindTouchpoint:
		return e.tp.CustomerID
	case kindFailure:
		return e.f.CustomerID
	}
	return e.r.CustomerID
}

// equal reports whether e and o are the same event with the same content.
func (e *event) equal(o *event) bool {
	if e.kind != o.kind {
		return false
	}
	switch e.kind {
	case kindTouchpoint:
		return e.tp.Equal(o.tp)
	case kindFailure:
		return e.f.Equal(*o.f)
	}
	return e.r.Equal(*o.r)
}

// args returns the row's values in eventColumns order. window is the time
// a read window tests (a recovery's failure time).
func (e *event) args(tenant string, window time.Time) []any {
	a := make([]any, numEventColumns) // nil is NULL
	e.fill(a, tenant, window)
	return a
}

// fill sets a to the row's values, as args returns them; a's entries must
// be nil. a holds either every column or, for a touchpoint, only the first
// numTouchpointColumns: the others keep their defaults.
func (e *event) fill(a []any, tenant string, window time.Time) {
	a[0], a[2], a[5] = tenant, int64(e.kind), window.UnixNano()
	a[8], a[15], a[16] = int64(0), int64(0), int64(0)
	a[7], a[14] = "", ""
	if len(a) > numTouchpointColumns {
		a[19], a[23], a[24], a[25] = int64(0), int64(0), int64(0), int64(0)
		a[18], a[21] = "", ""
	}
	switch e.kind {
	case kindTouchpoint:
		e.touchpointArgs(a)
	case kindFailure:
		e.failureArgs(a)
	default:
		e.recoveryArgs(a)
	}
}

// amountColumn is the index of the amount in eventColumns.
const amountColumn = 13

// amount returns the event's money: a touchpoint's value, a failure's
// loss, a recovery's compensation.
func (e *event) amount() touchpoint.Money {
	switch e.kind {
	case kindTouchpoint:
		return e.tp.Value
	case kindFailure:
		return e.f.Loss
	}
	return e.r.Compensation
}

func (e *event) touchpointArgs(a []any) {
	t := e.tp
	a[1], a[3], a[4], a[6], a[7] = idBytes(t.ID), t.CustomerID, t.Time.UnixNano(), string(t.Channel), string(t.Stage)
	a[8] = int64(t.Outcome)
	a[9], a[10], a[11], a[12] = rating(t.Feedback.CSAT), rating(t.Feedback.NPS), rating(t.Feedback.CES), rating(t.Feedback.Sentiment)
	a[13], a[14] = money(t.Value)
	a[15], a[16] = int64(t.Duration), int64(t.Wait)
	a[17] = attributes(t.Attributes)
}

func (e *event) failureArgs(a []any) {
	f := e.f
	a[1], a[3], a[4], a[6] = idBytes(f.ID), f.CustomerID, f.Time.UnixNano(), string(f.Channel)
	a[13], a[14] = money(f.Loss)
	a[18], a[19], a[21] = string(f.Kind), int64(f.Severity), f.Note
	if f.TouchpointID != uuid.Nil {
		a[20] = idBytes(f.TouchpointID)
	}
}

func (e *event) recoveryArgs(a []any) {
	r := e.r
	a[1], a[3], a[4], a[6] = idBytes(r.ID), r.CustomerID, r.Time.UnixNano(), string(r.Channel)
	a[13], a[14] = money(r.Compensation)
	a[20] = idBytes(r.FailureID)
	if r.Resolved() {
		a[22] = r.ResolvedAt.UnixNano()
	}
	a[23], a[24], a[25] = int64(r.Actions), int64(r.Initiative), int64(r.Contacts)
}

func idBytes(id uuid.UUID) []byte { return append([]byte(nil), id[:]...) }

func rating(r touchpoint.Rating) any {
	if v, ok := r.Value(); ok {
		return v
	}
	return nil
}

// money returns the amount as exact decimal text (never a float) and the
// currency; the zero Money is NULL.
func money(m touchpoint.Money) (any, string) {
	if m.IsZero() {
		return nil, ""
	}
	return m.Amount.String(), m.Currency
}

func attributes(m map[string]string) any {
	if len(m) == 0 {
		return nil
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		// A map[string]string of valid UTF-8 always encodes.
		return nil
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// scanned holds one row as the driver returns it.
type scanned struct {
	// id, ref and attrs are the driver's bytes, valid until the next
	// row: event decodes them before that.
	id, ref                  sql.RawBytes
	kind                     int64
	customer                 string
	timeNs, windowNs         int64
	channel, stage           string
	outcome                  int64
	csat, nps, ces, sent     sql.NullFloat64
	amount                   sql.NullString
	currency                 string
	duration, wait           int64
	attrs                    sql.RawBytes
	failureKind              string
	severity                 int64
	note                     string
	resolved                 sql.NullInt64
	actions, initiative, cnt int64
}

func (s *scanned) dest() []any {
	return []any{&s.id, &s.kind, &s.customer, &s.timeNs, &s.windowNs, &s.channel, &s.stage, &s.outcome,
		&s.csat, &s.nps, &s.ces, &s.sent, &s.amount, &s.currency, &s.duration, &s.wait, &s.attrs,
		&s.failureKind, &s.severity, &s.ref, &s.note, &s.resolved, &s.actions, &s.initiative, &s.cnt}
}

// scanner reads rows selected with readColumns, reusing its buffers from
// row to row.
type scanner struct {
	s    scanned
	dest []any
}

// scan reads the current row of rows.
func (sc *scanner) scan(rows *sql.Rows) (event, error) {
	if sc.dest == nil {
		sc.dest = sc.s.dest()
	}
	if err := rows.Scan(sc.dest...); err != nil {
		return event{}, err
	}
	return sc.s.event()
}

func (s *scanned) event() (event, error) {
	id, err := uuid.FromBytes(s.id)
	if err != nil {
		return event{}, fmt.Errorf("stored id: %w", err)
	}
	e := event{kind: kind(s.kind)}
	switch e.kind {
	case kindTouchpoint:
		e.tp, err = s.touchpoint(id)
	case kindFailure:
		var f journey.Failure
		f, err = s.failure(id)
		e.f = &f
	case kindRecovery:
		var r journey.Recovery
		r, err = s.recovery(id)
		e.r = &r
	default:
		err = fmt.Errorf("stored event %s has unknown kind %d", id, s.kind)
	}
	return e, err
}

func (s *scanned) touchpoint(id uuid.UUID) (touchpoint.Touchpoint, error) {
	t := touchpoint.Touchpoint{
		ID: id, CustomerID: s.customer, Time: unixTime(s.timeNs),
		Channel: touchpoint.Channel(s.channel), Stage: touchpoint.Stage(s.stage), Outcome: touchpoint.Outcome(s.outcome),
		Feedback: touchpoint.Feedback{CSAT: unrate(s.csat), NPS: unrate(s.nps), CES: unrate(s.ces), Sentiment: unrate(s.sent)},
		Duration: time.Duration(s.duration), Wait: time.Duration(s.wait),
	}
	var err error
	if t.Value, err = unmoney(s.amount, s.currency); err != nil {
		return t, err
	}
	if len(s.attrs) > 0 {
		if t.Attributes, err = decodeAttributes(s.attrs); err != nil {
			return t, fmt.Errorf("stored attributes of %s: %w", id, err)
		}
	}
	return t, nil
}

func (s *scanned) failure(id uuid.UUID) (journey.Failure, error) {
	f := journey.Failure{
		ID: id, CustomerID: s.customer, Time: unixTime(s.timeNs), Kind: journey.Kind(s.failureKind),
		Severity: journey.Severity(s.severity), Channel: touchpoint.Channel(s.channel), Note: s.note,
	}
	if len(s.ref) > 0 {
		ref, err := uuid.FromBytes(s.ref)
		if err != nil {
			return f, fmt.Errorf("stored touchpoint id of %s: %w", id, err)
		}
		f.TouchpointID = ref
	}
	var err error
	f.Loss, err = unmoney(s.amount, s.currency)
	return f, err
}

func (s *scanned) recovery(id uuid.UUID) (journey.Recovery, error) {
	r := journey.Recovery{
		ID: id, CustomerID: s.customer, Time: unixTime(s.timeNs), Actions: journey.Action(s.actions),
		Initiative: journey.Initiative(s.initiative), Channel: touchpoint.Channel(s.channel), Contacts: int(s.cnt),
	}
	ref, err := uuid.FromBytes(s.ref)
	if err != nil {
		return r, fmt.Errorf("stored failure id of %s: %w", id, err)
	}
	r.FailureID = ref
	if s.resolved.Valid {
		r.ResolvedAt = unixTime(s.resolved.Int64)
	}
	r.Compensation, err = unmoney(s.amount, s.currency)
	return r, err
}

func unixTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

func unrate(v sql.NullFloat64) touchpoint.Rating {
	if !v.Valid {
		return touchpoint.Rating{}
	}
	return touchpoint.Rate(v.Float64)
}

// unmoney reads an amount back. NUMERIC columns pad the fraction to their
// scale ("19.90000000"); the padding is dropped so the value reads as
// written (Money compares numerically either way).
func unmoney(amount sql.NullString, currency string) (touchpoint.Money, error) {
	if !amount.Valid {
		return touchpoint.Money{}, nil
	}
	text := amount.String
	if strings.Contains(text, ".") {
		text = strings.TrimRight(strings.TrimRight(text, "0"), ".")
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return touchpoint.Money{}, fmt.Errorf("stored amount %q: %w", amount.String, err)
	}
	return touchpoint.Money{Amount: d, Currency: currency}, nil
}
