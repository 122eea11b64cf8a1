package scoring_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/scoring"
	"github.com/cemkit/cem/touchpoint"
)

// exampleJourney is a shopper who browsed happily, bought, got a late
// delivery, complained by phone and was recovered well.
func exampleJourney() *journey.Journey {
	at := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	key := touchpoint.IDFromKey
	loss, _ := touchpoint.NewMoney("15", "EUR")
	price, _ := touchpoint.NewMoney("60", "EUR")
	j := journey.New("anna")
	_ = j.Add(
		touchpoint.Touchpoint{ID: key("ex", "browse"), CustomerID: "anna", Time: at, Channel: touchpoint.Web, Stage: touchpoint.Browse,
			Feedback: touchpoint.Feedback{CSAT: touchpoint.Rate(4)}},
		touchpoint.Touchpoint{ID: key("ex", "buy"), CustomerID: "anna", Time: at.Add(time.Hour), Channel: touchpoint.Web, Stage: touchpoint.Purchase,
			Feedback: touchpoint.Feedback{CSAT: touchpoint.Rate(5)}, Value: price},
		touchpoint.Touchpoint{ID: key("ex", "call"), CustomerID: "anna", Time: at.Add(72 * time.Hour), Channel: touchpoint.Phone, Stage: touchpoint.Support,
			Feedback: touchpoint.Feedback{CSAT: touchpoint.Rate(2), CES: touchpoint.Rate(5)}},
		touchpoint.Touchpoint{ID: key("ex", "review"), CustomerID: "anna", Time: at.Add(96 * time.Hour), Channel: touchpoint.Web, Stage: touchpoint.Advocacy,
			Feedback: touchpoint.Feedback{NPS: touchpoint.Rate(9)}},
	)
	_ = j.AddFailure(journey.Failure{ID: key("ex", "late"), CustomerID: "anna", Time: at.Add(70 * time.Hour),
		Kind: journey.LateDelivery, Severity: journey.Moderate, Channel: touchpoint.Web, Loss: loss})
	_ = j.AddRecovery(journey.Recovery{ID: key("ex", "fix"), FailureID: key("ex", "late"), CustomerID: "anna",
		Time: at.Add(72 * time.Hour), ResolvedAt: at.Add(74 * time.Hour), Actions: journey.Apology | journey.Explanation | journey.Discount,
		Compensation: loss, Channel: touchpoint.Phone})
	return j
}

func ExampleMean() {
	r, err := scoring.Mean{}.Score(exampleJourney())
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.1f from %d touchpoints with feedback\n", r.Score, r.Evidence)
	// Output: 73.5 from 4 touchpoints with feedback
}

func ExamplePeakEndRule() {
	fmt.Println(scoring.PeakEndRule([]float64{3, 8, 5, 7}))
	fmt.Println(scoring.PeakEndRule([]float64{2, 8, 4, 1}))
	// Output:
	// 7.5
	// 4.5
}

func ExamplePeakEnd() {
	r, _ := scoring.PeakEnd{}.Score(exampleJourney())
	fmt.Printf("%.1f\n", r.Score)
	// Output: 95.0
}

func ExampleExplain() {
	r, err := scoring.Explain(scoring.Recovery{}, exampleJourney())
	if err != nil {
		panic(err)
	}
	for _, c := range r.Contributions {
		fmt.Printf("%+6.2f %-10s %s\n", c.Points, c.Kind, c.Text)
	}
	fmt.Printf("%6.2f score\n", r.Score)
	// Output:
	// +50.00 baseline   starting point: neutral (50)
	//  +6.25 touchpoint CSAT 4/5 at browse (web), above neutral, 25% of the weight
	// +12.50 touchpoint CSAT 5/5 at purchase (web), above neutral, 25% of the weight
	//  -5.21 touchpoint CSAT 2/5, CES 5/7 effort at support (phone), below neutral, 25% of the weight
	// +10.00 touchpoint NPS 9/10 at advocacy (web), above neutral, 25% of the weight
	// -16.88 failure    moderate late_delivery failure on web (customer lost 15 EUR)
	// +14.59 recovery   resolved in 4h0m0s by apology+explanation+discount after 1 contact(s); justice 0.86 (outcome 1.00, procedure 0.81, treatment 0.80) earned back 86% of the cost
	//  +5.00 recovery   recovery paradox: the only failure was recovered so well that satisfaction can end above the no-failure level
	//  76.25 score
}

func ExampleFromConfig() {
	stored := []byte(`{"strategy":"composite","params":{"parts":[
		{"name":"feedback","weight":1,"scorer":{"strategy":"recency","params":{"half_life":"168h"}}},
		{"name":"recovery","weight":1,"scorer":{"strategy":"recovery","params":{"no_paradox":true}}}]}}`)
	var c scoring.Config
	if err := json.Unmarshal(stored, &c); err != nil {
		panic(err)
	}
	s, err := scoring.FromConfig(c)
	if err != nil {
		panic(err)
	}
	r, _ := s.Score(exampleJourney())
	fmt.Printf("%.1f\n", r.Score)

	_, err = scoring.FromConfig(scoring.Config{Strategy: "vibes"})
	fmt.Println(err)
	// Output:
	// 71.6
	// scoring: invalid strategy "vibes": must be one of mean, weighted, recency, peak_end, effort, recovery, composite
}

func ExampleScoreAll() {
	journeys := slices.Values([]*journey.Journey{exampleJourney(), journey.New("ben")})
	stream := func(yield func(*journey.Journey, error) bool) {
		for j := range journeys {
			if !yield(j, nil) {
				return
			}
		}
	}
	var c scoring.Collector
	for s, err := range scoring.ScoreAll(context.Background(), scoring.PeakEnd{}, stream, 2) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d %q %.1f\n", s.Index, s.CustomerID, s.Result.Score)
		c.Add(s.Journey, s.Result)
	}
	p, _ := c.Population()
	fmt.Printf("mean %.1f, median %.1f, delighted %d\n", p.All.Mean, p.All.Quantiles[2].Value, p.Bands[scoring.Delighted])
	// Output:
	// 0 "anna" 95.0
	// 1 "ben" 50.0
	// mean 72.5, median 72.5, delighted 1
}

func ExampleBands_Classify() {
	for _, score := range []float64{35, 70, 92} {
		b, _ := scoring.Bands{}.Classify(score)
		fmt.Println(score, b)
	}
	// Output:
	// 35 at_risk
	// 70 steady
	// 92 delighted
}
