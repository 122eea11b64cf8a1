package simulate_test

import (
	"math"
	"testing"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

// TestModelFrequencies checks that the chain, the channel mix and the
// failure rules act with the probabilities configured: each observed share
// lies within 4 standard errors of its probability.
func TestModelFrequencies(t *testing.T) {
	cfg := simulate.DefaultConfig(start, 4000)
	cfg.Chain = simulate.Chain{
		touchpoint.Arrival:  {{To: touchpoint.Browse, P: 1}},
		touchpoint.Browse:   {{To: touchpoint.Purchase, P: 1}},
		touchpoint.Purchase: {{To: touchpoint.Delivery, P: 0.3}, {To: simulate.End, P: 0.7}},
		touchpoint.Delivery: {{To: simulate.End, P: 1}},
	}
	cfg.Switch, cfg.Proneness, cfg.Policies = 0, 0, nil
	cfg.Failures = []simulate.FailureRule{{Stage: touchpoint.Browse, Kind: journey.OutOfStock, Severity: journey.Minor, P: 0.2}}
	var purchases, deliveries, browses, failures, customers, web float64
	for c, err := range simulate.Customers(cfg, 21) {
		if err != nil {
			t.Fatal(err)
		}
		customers++
		if c.Home == touchpoint.Web {
			web++
		}
		for _, tp := range c.Journey.Touchpoints() {
			switch tp.Stage {
			case touchpoint.Purchase:
				purchases++
			case touchpoint.Delivery:
				deliveries++
			case touchpoint.Browse:
				browses++
			}
			if tp.Channel != c.Home {
				t.Fatalf("%s: touchpoint on %s, home %s, with switching off", c.Journey.CustomerID(), tp.Channel, c.Home)
			}
		}
		failures += float64(len(c.Journey.Failures()))
	}
	for _, c := range []struct {
		what      string
		hits, all float64
		p         float64
	}{
		{"purchases followed by a delivery", deliveries, purchases, 0.3},
		{"browse touchpoints that fail", failures, browses, 0.2},
		{"customers at home on the web", web, customers, 0.45},
	} {
		se := math.Sqrt(c.p * (1 - c.p) / c.all)
		if got := c.hits / c.all; math.Abs(got-c.p) > 4*se {
			t.Errorf("share of %s = %.4f over %.0f, want %.2f ± %.4f (4 SE)", c.what, got, c.all, c.p, 4*se)
		}
	}
	if browses != purchases {
		t.Errorf("%.0f browse touchpoints for %.0f purchases; the chain makes one each", browses, purchases)
	}
}
