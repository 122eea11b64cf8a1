package eventlog_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cemkit/cem/eventlog"
	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/journey/simulate"
	"github.com/cemkit/cem/touchpoint"
)

// A host's export is read as it is: its headers, separator, time layout
// and activity names are mapped, and bad rows are skipped and reported.
func ExampleCSVReader() {
	export := `case;activity;timestamp;channel;csat
c-7;Enter shop;2025-03-01 10:00;store;
c-7;Pay;2025-03-01 10:20;store;4
c-7;Teleport;2025-03-01 10:30;store;
c-8;Pay;yesterday;web;5
`
	r := eventlog.NewCSVReader(strings.NewReader(export), eventlog.CSVOptions{
		Columns:    eventlog.Columns{CustomerID: "case", Stage: "activity", Time: "timestamp"},
		Comma:      ';',
		TimeLayout: "2006-01-02 15:04",
		Stages:     map[string]touchpoint.Stage{"Enter shop": touchpoint.Arrival, "Pay": touchpoint.Purchase},
		Policy:     eventlog.Skip,
	})
	for tp, err := range r.Touchpoints() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(tp.CustomerID, tp.Time.Format(time.Kitchen), tp.Stage, tp.Feedback.CSAT)
	}
	for _, bad := range r.Report().Skipped {
		var verr *touchpoint.ValidationError
		errors.As(bad, &verr)
		fmt.Printf("skipped line %d, column %d (%s): %s\n", bad.Line, bad.Column, bad.Field, verr.Rule)
	}
	// Output:
	// c-7 10:00AM arrival absent
	// c-7 10:20AM purchase 4
	// skipped line 4, column 2 (activity): unknown stage: not in the stage mapping
	// skipped line 5, column 3 (timestamp): must match the layout 2006-01-02 15:04
}

// Journeys go out as JSON Lines, one event per line, and come back whole.
func ExampleJSONLWriter() {
	j, err := simulate.Scenario("c-42", time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)).
		Browse(touchpoint.Store).Fail(journey.OutOfStock, journey.Moderate, "12.50").
		After(26*time.Hour).Call().Recover(journey.Apology|journey.Discount, "10.00").
		Journey()
	if err != nil {
		fmt.Println(err)
		return
	}
	var log strings.Builder
	w := eventlog.NewJSONLWriter(&log)
	if err := w.WriteJourney(j); err != nil {
		fmt.Println(err)
		return
	}
	if err := w.Flush(); err != nil {
		fmt.Println(err)
		return
	}
	for line := range strings.Lines(log.String()) {
		fmt.Print(line[:strings.Index(line, `"id"`)], "…\n")
	}
	back, err := eventlog.Journeys(eventlog.NewJSONLReader(strings.NewReader(log.String()), eventlog.JSONLOptions{}).Events(), touchpoint.Limits{})
	fmt.Println(len(back), back[0].Equal(j), err)
	// Output:
	// {"type":"touchpoint","event":{…
	// {"type":"touchpoint","event":{…
	// {"type":"failure","event":{…
	// {"type":"recovery","event":{…
	// 1 true <nil>
}

// Export a simulated customer base as a CSV event log.
func ExampleCSVWriter() {
	w := eventlog.NewCSVWriter(os.Stdout, eventlog.Columns{
		ID: "-", CSAT: "-", NPS: "-", CES: "-", Sentiment: "-", Duration: "-", Wait: "-", Attributes: "-",
	})
	cfg := simulate.DefaultConfig(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 1)
	for j, err := range simulate.Generate(cfg, 4) {
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, tp := range j.Touchpoints()[:4] {
			tp.Time = tp.Time.Truncate(time.Second)
			if err := w.Write(tp); err != nil {
				fmt.Println(err)
				return
			}
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// customer_id,time,channel,stage,outcome,amount,currency
	// c-000000,2025-02-08T23:04:56Z,app,arrival,ok,,
	// c-000000,2025-02-08T23:05:58Z,app,browse,ok,,
	// c-000000,2025-02-08T23:06:58Z,app,assistance,ok,,
	// c-000000,2025-02-08T23:13:29Z,app,purchase,ok,13.18,EUR
}
