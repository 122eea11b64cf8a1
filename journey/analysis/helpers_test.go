package analysis_test

import (
	"iter"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/touchpoint"
)

// t0 is the start of every hand-built journey.
var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// clock accepts times up to 2036, so generated journeys validate.
var clock = touchpoint.Limits{Now: func() time.Time { return t0.AddDate(10, 0, 0) }}

// ev is one touchpoint of a hand-built journey: "stage@channel" at t0+at.
type ev struct {
	what  string
	at    time.Duration
	value string // "100.00 EUR" or ""
	fail  bool
}

func at(what string, d time.Duration) ev { return ev{what: what, at: d} }

// build makes a journey for customer from evs; IDs derive from the
// customer and the position, so builds are reproducible.
func build(tb testing.TB, customer string, evs ...ev) *journey.Journey {
	tb.Helper()
	j := journey.NewWithLimits(customer, clock)
	for i, e := range evs {
		stage, ch, _ := strings.Cut(e.what, "@")
		tp := touchpoint.Touchpoint{
			ID:         touchpoint.IDFromKey("analysis-test", customer+"/"+strconv.Itoa(i)),
			CustomerID: customer, Time: t0.Add(e.at),
			Stage: touchpoint.Stage(stage), Channel: touchpoint.Channel(ch),
		}
		if ch == "" {
			tp.Channel = touchpoint.Web
		}
		if e.fail {
			tp.Outcome = touchpoint.Failed
		}
		if e.value != "" {
			amount, cur, _ := strings.Cut(e.value, " ")
			m, err := touchpoint.NewMoney(amount, cur)
			if err != nil {
				tb.Fatal(err)
			}
			tp.Value = m
		}
		if err := j.Add(tp); err != nil {
			tb.Fatalf("build %s: %v", customer, err)
		}
	}
	return j
}

// gen is a seeded generator of plausible journeys, streamed so that a
// million of them never sit in memory together.
type gen struct {
	seed uint64
	n    int
}

var (
	genChannels = []touchpoint.Channel{touchpoint.Store, touchpoint.Web, touchpoint.Phone, touchpoint.Email, touchpoint.Chat, touchpoint.App}
	genKinds    = []journey.Kind{journey.OutOfStock, journey.LateDelivery, journey.WrongItem, journey.LongWait}
	genActions  = []journey.Action{journey.Apology, journey.Apology | journey.Refund, journey.Replacement | journey.Explanation, journey.Discount}
)

// all yields the n journeys.
func (g gen) all() iter.Seq[*journey.Journey] {
	return func(yield func(*journey.Journey) bool) {
		r := rand.New(rand.NewPCG(g.seed, 0x5eed))
		for i := range g.n {
			if !yield(g.one(r, i)) {
				return
			}
		}
	}
}

// slice collects the journeys, for tests that reorder them.
func (g gen) slice() []*journey.Journey { return slices.Collect(g.all()) }

func randomID(r *rand.Rand) uuid.UUID {
	var id uuid.UUID
	for i := range 2 {
		v := r.Uint64()
		for k := range 8 {
			id[i*8+k] = byte(v >> (8 * k))
		}
	}
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

// one generates journey i: arrival, some browsing and help, maybe a
// purchase (likelier on the customer's favourite channel), maybe delivery,
// a failure with a recovery, support or a return.
func (g gen) one(r *rand.Rand, i int) *journey.Journey {
	cust := "c" + strconv.Itoa(i)
	j := journey.NewWithLimits(cust, clock)
	fav := genChannels[r.IntN(len(genChannels))]
	when := t0.Add(time.Duration(r.IntN(365*24)) * time.Hour)
	var tps []touchpoint.Touchpoint
	add := func(s touchpoint.Stage, c touchpoint.Channel) {
		when = when.Add(time.Duration(1+r.IntN(48*60)) * time.Minute)
		tps = append(tps, touchpoint.Touchpoint{ID: randomID(r), CustomerID: cust, Time: when, Stage: s, Channel: c})
	}
	pick := func() touchpoint.Channel {
		if r.IntN(2) == 0 {
			return fav
		}
		return genChannels[r.IntN(len(genChannels))]
	}
	add(touchpoint.Arrival, pick())
	for range r.IntN(3) {
		add(touchpoint.Browse, pick())
	}
	if r.IntN(4) == 0 {
		add(touchpoint.Assistance, pick())
	}
	c := pick()
	if r.IntN(10) < 4+2*b2i(c == fav) {
		add(touchpoint.Purchase, c)
		tps[len(tps)-1].Value = touchpoint.Money{Amount: decimalCents(r), Currency: "EUR"}
		if r.IntN(2) == 0 {
			add(touchpoint.Delivery, touchpoint.Store)
		}
	}
	if err := j.Add(tps...); err != nil {
		panic(err)
	}
	if r.IntN(5) == 0 {
		addFailure(r, j, tps[len(tps)-1], cust)
	}
	return j
}

// addFailure adds a failure at the last touchpoint, recovered four times
// out of five, and a support contact.
func addFailure(r *rand.Rand, j *journey.Journey, last touchpoint.Touchpoint, cust string) {
	f := journey.Failure{ID: randomID(r), CustomerID: cust, Time: last.Time,
		Kind: genKinds[r.IntN(len(genKinds))], Severity: journey.Moderate, Channel: last.Channel}
	if err := j.AddFailure(f); err != nil {
		panic(err)
	}
	sup := touchpoint.Touchpoint{ID: randomID(r), CustomerID: cust, Time: last.Time.Add(time.Hour),
		Stage: touchpoint.Support, Channel: touchpoint.Phone}
	if err := j.Add(sup); err != nil {
		panic(err)
	}
	if r.IntN(5) == 0 {
		return
	}
	rec := journey.Recovery{ID: randomID(r), FailureID: f.ID, CustomerID: cust, Time: sup.Time,
		ResolvedAt: sup.Time.Add(time.Hour), Actions: genActions[r.IntN(len(genActions))], Channel: touchpoint.Phone}
	if err := j.AddRecovery(rec); err != nil {
		panic(err)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// syntheticScore is a known linear model of the generated journeys plus
// noise: purchases help, failures hurt, resolved failures hurt less.
func syntheticScore(j *journey.Journey) (float64, bool) {
	s := 60.0
	if j.Reached(touchpoint.Purchase) {
		s += 15
	}
	if len(j.Failures()) > 0 {
		s -= 30
		if len(j.Unrecovered()) == 0 {
			s += 20
		}
	}
	// Deterministic "noise" from the customer id.
	h := 0
	for _, c := range j.CustomerID() {
		h = h*31 + int(c)
	}
	return s + float64(h%11) - 5, true
}

// decimalCents is a price between 1.00 and 200.00.
func decimalCents(r *rand.Rand) decimal.Decimal {
	return decimal.New(int64(100+r.IntN(19901)), -2)
}
