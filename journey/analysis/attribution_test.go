package analysis_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/analysis"
	"github.com/cemkit/cem/touchpoint"
)

// attributionJourneys are the four paths of the worked example:
//
//	web → store(purchase) → conversion     (100.00 EUR)
//	web → null
//	store(purchase) → conversion            (50.00 EUR; the phone call after it is not on the path)
//	email → web → null
//
// start→web 1/2, start→store 1/4, start→email 1/4; web→store 1/3,
// web→null 2/3; store→conversion 1; email→web 1. P(conversion) =
// 1/2·1/3 + 1/4 + 1/4·1/3 = 1/2. Without web 1/4 (RE 1/2), without store 0
// (RE 1), without email 5/12 (RE 1/6). ΣRE = 5/3, so of the 2 conversions
// web earns 0.6, store 1.2, email 0.2.
func attributionJourneys(t *testing.T) []*journey.Journey {
	buy := func(at time.Duration, value string) ev {
		return ev{what: "purchase@store", at: at, value: value}
	}
	return []*journey.Journey{
		build(t, "p1", at("browse@web", 0), buy(time.Hour, "100.00 EUR")),
		build(t, "p2", at("browse@web", 0)),
		build(t, "p3", buy(0, "50.00 EUR"), at("support@phone", time.Hour)),
		build(t, "p4", at("assistance@email", 0), at("browse@web", time.Hour)),
	}
}

func eur(t *testing.T, amount string) touchpoint.Money {
	m, err := touchpoint.NewMoney(amount, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var approx = cmpopts.EquateApprox(0, 1e-12)

func TestAttribute(t *testing.T) {
	got, err := analysis.Attribute(slices.Values(attributionJourneys(t)), analysis.AttributionSpec{})
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.Attribution{
		Journeys: 4, Conversions: 2, ConversionRate: 0.5,
		Value: []touchpoint.Money{eur(t, "150.00")},
		Channels: []analysis.ChannelCredit{
			{Channel: touchpoint.Email, RemovalEffect: 1.0 / 6, Markov: 0.2, MarkovValue: []touchpoint.Money{eur(t, "15.00")}},
			{Channel: touchpoint.Store, RemovalEffect: 1, Markov: 1.2, MarkovValue: []touchpoint.Money{eur(t, "90.00")},
				FirstTouch: 1, LastTouch: 2, Linear: 1.5},
			{Channel: touchpoint.Web, RemovalEffect: 0.5, Markov: 0.6, MarkovValue: []touchpoint.Money{eur(t, "45.00")},
				FirstTouch: 1, Linear: 0.5},
		},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Attribute() mismatch (-want +got):\n%s", diff)
	}
	if c := got.Credit(touchpoint.Phone); c.Markov != 0 || c.Channel != touchpoint.Phone {
		t.Errorf("Credit(phone) = %+v, want nothing: the call came after the purchase", c)
	}
}

func TestAttributeSecondOrder(t *testing.T) {
	// In a second-order chain the paths above have no shared histories
	// beyond web, so each path is its own route: removing web loses p1,
	// removing store loses p1 and p3, removing email loses nothing (p4 did
	// not convert). RE: web 1/2, store 1, email 0; ΣRE 3/2.
	got, err := analysis.Attribute(slices.Values(attributionJourneys(t)), analysis.AttributionSpec{Order: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := map[touchpoint.Channel]float64{touchpoint.Web: 2.0 / 3, touchpoint.Store: 4.0 / 3, touchpoint.Email: 0}
	for c, w := range want {
		if g := got.Credit(c).Markov; math.Abs(g-w) > 1e-12 {
			t.Errorf("order 2: Credit(%s).Markov = %v, want %v", c, g, w)
		}
	}
}

func TestAttributeBadInput(t *testing.T) {
	noBuy := []*journey.Journey{build(t, "n", at("browse@web", 0), at("browse@app", time.Hour))}
	failed := []*journey.Journey{build(t, "f", at("browse@web", 0), ev{what: "purchase@web", at: time.Hour, fail: true})}
	tests := []struct {
		reason   string
		journeys []*journey.Journey
		spec     analysis.AttributionSpec
		want     error
	}{
		{"empty input", nil, analysis.AttributionSpec{}, analysis.ErrNoConversions},
		{"nil and empty journeys", []*journey.Journey{nil, journey.New("e")}, analysis.AttributionSpec{}, analysis.ErrNoConversions},
		{"no purchase", noBuy, analysis.AttributionSpec{}, analysis.ErrNoConversions},
		{"a failed purchase is no conversion", failed, analysis.AttributionSpec{}, analysis.ErrNoConversions},
		{"negative order", noBuy, analysis.AttributionSpec{Order: -1}, touchpoint.ErrInvalid},
		{"order too high", noBuy, analysis.AttributionSpec{Order: analysis.MaxOrder + 1}, touchpoint.ErrInvalid},
	}
	for _, tt := range tests {
		if _, err := analysis.Attribute(slices.Values(tt.journeys), tt.spec); !errors.Is(err, tt.want) {
			t.Errorf("%s: Attribute() error = %v, want %v", tt.reason, err, tt.want)
		}
	}
}

func TestAttributeCustomConversion(t *testing.T) {
	// With "reached the app" as the conversion, the one-touchpoint journey
	// on the app converts on its own channel and takes all the credit.
	js := []*journey.Journey{build(t, "x", at("browse@app", 0)), build(t, "y", at("browse@web", 0))}
	onApp := func(tp touchpoint.Touchpoint) bool { return tp.Channel == touchpoint.App }
	got, err := analysis.Attribute(slices.Values(js), analysis.AttributionSpec{Converts: onApp})
	if err != nil {
		t.Fatal(err)
	}
	if got.Conversions != 1 || got.Credit(touchpoint.App).Markov != 1 || got.Credit(touchpoint.Web).Markov != 0 {
		t.Errorf("Attribute(app converts) = %+v, want the app credited with the one conversion", got)
	}
	if len(got.Value) != 0 {
		t.Errorf("Value = %v, want none: no converting touchpoint carried a value", got.Value)
	}
}

// TestAttributeProperties checks on generated journeys, for every order:
// each model's credits sum to the conversions, the values sum exactly to
// the total, the chain's P(conversion) equals the observed rate, removal
// effects lie in [0, 1], and shuffling the journeys changes nothing, to
// the last bit.
func TestAttributeProperties(t *testing.T) {
	js := gen{seed: 4, n: 3000}.slice()
	for order := 1; order <= 3; order++ {
		got, err := analysis.Attribute(slices.Values(js), analysis.AttributionSpec{Order: order})
		if err != nil {
			t.Fatal(err)
		}
		checkCredits(t, order, got)
		shuffled := slices.Clone(js)
		rand.New(rand.NewPCG(uint64(order), 9)).Shuffle(len(shuffled), func(i, k int) {
			shuffled[i], shuffled[k] = shuffled[k], shuffled[i]
		})
		again, err := analysis.Attribute(slices.Values(shuffled), analysis.AttributionSpec{Order: order})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("order %d: Attribute() depends on journey order (-original +shuffled):\n%s", order, diff)
		}
	}
}

func checkCredits(t *testing.T, order int, a analysis.Attribution) {
	t.Helper()
	conv := float64(a.Conversions)
	if rate := conv / float64(a.Journeys); math.Abs(a.ConversionRate-rate) > 1e-9 {
		t.Errorf("order %d: ConversionRate = %v, want the observed %v", order, a.ConversionRate, rate)
	}
	var markov, first, last, linear float64
	value := a.Value[0].Amount.Sub(a.Value[0].Amount)
	for _, c := range a.Channels {
		if c.RemovalEffect < 0 || c.RemovalEffect > 1 {
			t.Errorf("order %d: RE(%s) = %v, want [0, 1]", order, c.Channel, c.RemovalEffect)
		}
		markov += c.Markov
		first += c.FirstTouch
		last += c.LastTouch
		linear += c.Linear
		value = value.Add(c.MarkovValue[0].Amount)
	}
	for name, sum := range map[string]float64{"markov": markov, "first": first, "last": last, "linear": linear} {
		if math.Abs(sum-conv) > 1e-9*conv {
			t.Errorf("order %d: %s credits sum to %v, want %v conversions", order, name, sum, conv)
		}
	}
	if !value.Equal(a.Value[0].Amount) {
		t.Errorf("order %d: Markov values sum to %v, want exactly %v", order, value, a.Value[0].Amount)
	}
}

// TestMarkovValueSplitIgnoresWrittenForm splits one total equally over
// three channels. Equal amounts written differently (a SQL store returns
// "10" for a stored "10.00") must split alike: to the currency's minor
// unit, or the total's own decimals if it has more, without trailing zeros.
func TestMarkovValueSplitIgnoresWrittenForm(t *testing.T) {
	tests := []struct {
		value  string
		want   []string // phone, store, web; phone has the most credit first
		reason string
	}{
		{"10 EUR", []string{"3.34 EUR", "3.33 EUR", "3.33 EUR"}, "an integer in a currency with cents"},
		{"10.00 EUR", []string{"3.34 EUR", "3.33 EUR", "3.33 EUR"}, "the same amount with zeros"},
		{"10.0000 EUR", []string{"3.34 EUR", "3.33 EUR", "3.33 EUR"}, "more zeros than cents"},
		{"1E1 EUR", []string{"3.34 EUR", "3.33 EUR", "3.33 EUR"}, "an exponent"},
		{"0.001 EUR", []string{"0.001 EUR", "0 EUR", "0 EUR"}, "sub-cent totals keep their own decimals"},
		{"10.00 JPY", []string{"4 JPY", "3 JPY", "3 JPY"}, "yen have no minor unit"},
		{"10 KWD", []string{"3.334 KWD", "3.333 KWD", "3.333 KWD"}, "dinars have three decimals"},
		{"10 XAU", []string{"3.33333334 XAU", "3.33333333 XAU", "3.33333333 XAU"}, "gold has no minor unit: eight places"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			js := []*journey.Journey{
				build(t, "a", ev{what: "purchase@web", value: tt.value}),
				build(t, "b", ev{what: "purchase@phone", value: "0 " + tt.value[len(tt.value)-3:]}),
				build(t, "c", ev{what: "purchase@store", value: "0 " + tt.value[len(tt.value)-3:]}),
			}
			res, err := analysis.Attribute(slices.Values(js), analysis.AttributionSpec{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range res.Channels {
				for _, m := range c.MarkovValue {
					got = append(got, m.Amount.Coefficient().String()+"e"+strconv.Itoa(int(m.Amount.Exponent()))+" "+m.Currency)
				}
			}
			var want []string
			for _, s := range tt.want {
				amount, cur, _ := strings.Cut(s, " ")
				d := decimal.RequireFromString(amount)
				want = append(want, d.Coefficient().String()+"e"+strconv.Itoa(int(d.Exponent()))+" "+cur)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("MarkovValue of phone, store, web mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}
