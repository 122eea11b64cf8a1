package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cemkit/cem/loyalty/clv"
)

// The CDNOW calibration period of Fader, Hardie & Lee (2005): 39 weeks
// from 1997-01-01 to 1997-09-30, then a 39-week holdout to 1998-06-30.
var (
	calibrationEnd = time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	holdoutEnd     = calibrationEnd.AddDate(0, 0, 39*7)
)

// customerLog is one customer's distinct purchase days, ascending.
type customerLog struct {
	id   string
	days []time.Time
}

// readTransactions parses a whitespace-separated log with a header line
// whose first two columns are a customer id and a YYYYMMDD date (the
// CDNOW_master.txt format; CRLF line endings are fine). Several purchases
// on one day count as one, as in the paper's sample.
func readTransactions(r io.Reader, name string) ([]customerLog, error) {
	sc := bufio.NewScanner(r)
	byID := map[string]map[time.Time]bool{}
	var order []string
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if line == 1 || len(f) == 0 {
			continue // header, blank line
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want customer id and date, got %q", name, line, sc.Text())
		}
		d, err := time.Parse("20060102", f[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad date %q", name, line, f[1])
		}
		days, ok := byID[f[0]]
		if !ok {
			days = map[time.Time]bool{}
			byID[f[0]] = days
			order = append(order, f[0])
		}
		days[d] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make([]customerLog, 0, len(order))
	for _, id := range order {
		days := make([]time.Time, 0, len(byID[id]))
		for d := range byID[id] {
			days = append(days, d)
		}
		slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
		out = append(out, customerLog{id, days})
	}
	return out, nil
}

func weeks(d time.Duration) float64 { return d.Hours() / (24 * 7) }

// split turns a customer's log into the calibration summary (weeks since
// the first purchase) and the number of repeat purchases in the holdout.
// ok is false for customers whose first purchase is after the
// calibration period.
func split(c customerLog) (s clv.Summary, holdout int, ok bool) {
	first := c.days[0]
	if first.After(calibrationEnd) {
		return clv.Summary{}, 0, false
	}
	last := first
	for _, d := range c.days[1:] {
		switch {
		case !d.After(calibrationEnd):
			s.Frequency++
			last = d
		case !d.After(holdoutEnd):
			holdout++
		}
	}
	s.Recency = weeks(last.Sub(first))
	s.Age = weeks(calibrationEnd.Sub(first))
	return s, holdout, true
}

// holdoutRow is the comparison for customers with one calibration
// frequency (the last row collects 7 and more).
type holdoutRow struct {
	customers         int
	actual, predicted float64
}

func runTransactions(ctx context.Context, c config, w io.Writer) error {
	f, err := os.Open(c.transactions)
	if err != nil {
		return err
	}
	defer f.Close()
	logs, err := readTransactions(f, c.transactions)
	if err != nil {
		return err
	}
	var (
		data   []clv.Summary
		actual []int
	)
	for _, l := range logs {
		if s, h, ok := split(l); ok {
			data = append(data, s)
			actual = append(actual, h)
		}
	}
	res, m, err := fitTransactionModel(ctx, c.model, data)
	if err != nil {
		return err
	}
	var byX [8]holdoutRow
	var total holdoutRow
	for i, s := range data {
		e, err := m.ExpectedPurchases(s, weeks(holdoutEnd.Sub(calibrationEnd)))
		if err != nil {
			return err
		}
		row := &byX[min(int(s.Frequency), 7)]
		for _, r := range []*holdoutRow{row, &total} {
			r.customers++
			r.actual += float64(actual[i])
			r.predicted += e
		}
	}
	if c.json {
		return json.NewEncoder(w).Encode(struct {
			jsonResult
			HoldoutActual    float64 `json:"holdout_actual"`
			HoldoutPredicted float64 `json:"holdout_predicted"`
		}{toJSON(res), total.actual, total.predicted})
	}
	fmt.Fprintf(w, "Calibration %s to %s, holdout to %s (39 weeks)\n",
		calibrationEnd.AddDate(0, 0, -272).Format(time.DateOnly), calibrationEnd.Format(time.DateOnly), holdoutEnd.Format(time.DateOnly))
	writeResult(w, res)
	fmt.Fprintf(w, "\nRepeat purchases in the holdout: actual %.0f, predicted %.1f (%+.1f%%)\n\n",
		total.actual, total.predicted, 100*(total.predicted-total.actual)/total.actual)
	rows := [][]string{{"x (calibration)", "customers", "actual mean", "predicted mean"}}
	for x, r := range byX {
		label := fmt.Sprint(x)
		if x == 7 {
			label = "7+"
		}
		if r.customers == 0 {
			continue
		}
		n := float64(r.customers)
		rows = append(rows, []string{label, fmt.Sprint(r.customers), fmt.Sprintf("%.3f", r.actual/n), fmt.Sprintf("%.3f", r.predicted/n)})
	}
	return writeTable(w, rows)
}
