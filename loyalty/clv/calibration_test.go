package clv_test

import (
	"bufio"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cemkit/cem/journey"
	"github.com/cemkit/cem/loyalty/clv"
	"github.com/cemkit/cem/touchpoint"
)

// sampleJourneys reads CDNOW_sample.txt into one journey of purchase
// touchpoints per sample customer, as a host would hold them.
func sampleJourneys(t *testing.T) map[string]*journey.Journey {
	t.Helper()
	f, err := os.Open("testdata/CDNOW_sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	limits := touchpoint.Limits{Now: func() time.Time { return time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }}
	out := map[string]*journey.Journey{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 5 {
			t.Fatalf("line %d: %q", line, sc.Text())
		}
		id := strings.TrimLeft(fields[1], "0")
		day, err := time.Parse("20060102", fields[2])
		if err != nil {
			t.Fatal(err)
		}
		value, err := touchpoint.NewMoney(fields[4], "USD")
		if err != nil {
			t.Fatal(err)
		}
		j := out[id]
		if j == nil {
			j = journey.NewWithLimits(id, limits)
			out[id] = j
		}
		err = j.Add(touchpoint.Touchpoint{ID: touchpoint.IDFromKey("cdnow", strconv.Itoa(line)), CustomerID: id,
			Time: day, Channel: touchpoint.Web, Stage: touchpoint.Purchase, Value: value})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestCalibrationReproducesCDNOWSummaries computes the calibration
// summaries of the 2,357 CDNOW sample customers from their transactions and
// compares them with the published summary file (x, t_x, T in weeks, and
// zbar, the mean repeat-transaction value), which the papers' fits start
// from.
func TestCalibrationReproducesCDNOWSummaries(t *testing.T) {
	js := sampleJourneys(t)
	want := readCSV(t, "testdata/cdnow_customers_summary_with_transactions.csv")
	if len(js) != len(want) {
		t.Fatalf("%d customers in the transactions, %d in the summary", len(js), len(want))
	}
	cal := clv.Calibration{Cutoff: time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)}
	bad := 0
	for _, row := range want {
		id := row[0]
		s, sp, ok, err := cal.Summarize(js[id])
		if err != nil || !ok {
			t.Fatalf("customer %s: Summarize = %v, %v", id, ok, err)
		}
		x, tx, age, zbar := atof(t, row[1]), atof(t, row[2]), atof(t, row[3]), atof(t, row[4])
		if s.Frequency != x || math.Abs(s.Recency-tx) > 0.006 || math.Abs(s.Age-age) > 0.006 ||
			(x > 0 && math.Abs(sp.MeanValue-zbar) > 0.006) {
			bad++
			if bad <= 5 {
				t.Errorf("customer %s: got x=%v t_x=%.3f T=%.3f zbar=%.3f, want %v %v %v %v",
					id, s.Frequency, s.Recency, s.Age, sp.MeanValue, x, tx, age, zbar)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d customers differ from the published summaries", bad, len(want))
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	var out [][]string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, strings.Split(l, ","))
		}
	}
	return out
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCalibrationRules(t *testing.T) {
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	l := touchpoint.Limits{Now: func() time.Time { return at.AddDate(1, 0, 0) }}
	eur := func(s string) touchpoint.Money { m, _ := touchpoint.NewMoney(s, "EUR"); return m }
	buy := func(n int, days float64, v touchpoint.Money) touchpoint.Touchpoint {
		return touchpoint.Touchpoint{ID: touchpoint.IDFromKey("cal", strconv.Itoa(n)), CustomerID: "c",
			Time: at.Add(time.Duration(days * float64(24*time.Hour))), Channel: touchpoint.Web,
			Stage: touchpoint.Purchase, Value: v}
	}
	j := journey.NewWithLimits("c", l)
	failed := buy(4, 14, eur("99"))
	failed.Outcome = touchpoint.Failed
	browse := buy(5, 21, eur("1"))
	browse.Stage = touchpoint.Browse
	if err := j.Add(buy(1, 0, eur("10")), buy(2, 7, eur("20")), buy(3, 7.1, eur("5")), failed, browse,
		buy(6, 28, touchpoint.Money{}), buy(7, 70, eur("40"))); err != nil {
		t.Fatal(err)
	}
	cal := clv.Calibration{Cutoff: at.Truncate(24 * time.Hour).Add(35 * 24 * time.Hour)}
	s, sp, ok, err := cal.Summarize(j)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	// Day 0 starts the clock; days 7 (two purchases, one transaction) and 28
	// repeat; the failed purchase, the browse and day 70 (after the cutoff)
	// do not count. Only day 7 carries a value: 20 + 5.
	if s.Frequency != 2 || math.Abs(s.Recency-4) > 1e-9 || math.Abs(s.Age-5) > 1e-9 {
		t.Errorf("summary = %+v, want x=2, t_x=4 weeks, T=5 weeks", s)
	}
	if sp.Frequency != 1 || sp.MeanValue != 25 {
		t.Errorf("spend = %+v, want one valued repeat transaction of 25", sp)
	}
	if _, _, ok, err := (clv.Calibration{Cutoff: at.Add(-time.Hour)}).Summarize(j); ok || err != nil {
		t.Errorf("before the first purchase: ok=%v err=%v, want not in the cohort", ok, err)
	}
	usd, _ := touchpoint.NewMoney("3", "USD")
	if err := j.Add(buy(8, 30, usd)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := cal.Summarize(j); !errors.Is(err, touchpoint.ErrCurrencyMismatch) {
		t.Errorf("mixed currencies: err = %v, want ErrCurrencyMismatch", err)
	}
	for _, c := range []clv.Calibration{{}, {Cutoff: at, Unit: -time.Hour}} {
		if _, _, _, err := c.Summarize(j); !errors.Is(err, clv.ErrInvalidInput) {
			t.Errorf("%+v: err = %v, want ErrInvalidInput", c, err)
		}
	}
	if _, _, _, err := cal.Summarize(nil); !errors.Is(err, clv.ErrInvalidInput) {
		t.Errorf("nil journey: err = %v, want ErrInvalidInput", err)
	}
}
