package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cemkit/cem/loyalty/clv"
)

// estimate is one fitted parameter.
type estimate struct {
	name          string
	value, stdErr float64
}

// result is a fit in a model-independent shape for printing.
type result struct {
	model      string
	params     []estimate
	ll         float64
	customers  float64
	rows       int
	iterations int
}

// predictor is what the continuous-time models predict per customer.
type predictor interface {
	PAlive(clv.Summary) (float64, error)
	ExpectedPurchases(clv.Summary, float64) (float64, error)
}

func newResult[M any](name string, f *clv.Fit[M], params func(M) []float64, names ...string) result {
	r := result{model: name, ll: f.LogLikelihood, customers: f.Customers, rows: f.Rows, iterations: f.Iterations}
	v, se := params(f.Model), params(f.StdErr)
	for i, n := range names {
		r.params = append(r.params, estimate{n, v[i], se[i]})
	}
	return r
}

// fitTransactionModel fits one of the continuous-time models.
func fitTransactionModel(ctx context.Context, model string, data []clv.Summary) (result, predictor, error) {
	switch model {
	case "bgnbd":
		f, err := clv.FitBGNBD(ctx, data, clv.FitOptions{})
		if err != nil {
			return result{}, nil, err
		}
		return newResult("BG/NBD", f, func(m clv.BGNBD) []float64 { return []float64{m.R, m.Alpha, m.A, m.B} }, "r", "alpha", "a", "b"), f.Model, nil
	case "pnbd":
		f, err := clv.FitParetoNBD(ctx, data, clv.FitOptions{})
		if err != nil {
			return result{}, nil, err
		}
		return newResult("Pareto/NBD", f, func(m clv.ParetoNBD) []float64 { return []float64{m.R, m.Alpha, m.S, m.Beta} }, "r", "alpha", "s", "beta"), f.Model, nil
	case "mbgnbd":
		f, err := clv.FitMBGNBD(ctx, data, clv.FitOptions{})
		if err != nil {
			return result{}, nil, err
		}
		return newResult("MBG/NBD", f, func(m clv.MBGNBD) []float64 { return []float64{m.R, m.Alpha, m.A, m.B} }, "r", "alpha", "a", "b"), f.Model, nil
	}
	return result{}, nil, fmt.Errorf("model %q is not a continuous-time transaction model: want bgnbd, pnbd or mbgnbd", model)
}

// runSummary fits the model to a summary file and prints the report.
func runSummary(ctx context.Context, c config, w io.Writer) error {
	d, err := readDataset(c.data)
	if err != nil {
		return err
	}
	var (
		res  result
		rows [][]string
	)
	switch c.model {
	case "bgbb":
		res, rows, err = fitPatterns(ctx, c, d)
	case "gg":
		res, rows, err = fitSpend(ctx, c, d)
	default:
		res, rows, err = fitSummaries(ctx, c, d)
	}
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(w, res)
	}
	writeResult(w, res)
	fmt.Fprintln(w)
	return writeTable(w, rows)
}

func fitSummaries(ctx context.Context, c config, d *dataset) (result, [][]string, error) {
	if d.summaries == nil {
		return result{}, nil, fmt.Errorf("%s: model %s needs frequency, recency and T columns", c.data, c.model)
	}
	res, m, err := fitTransactionModel(ctx, c.model, d.summaries)
	if err != nil {
		return result{}, nil, err
	}
	rows := [][]string{{"customer", "x", "t_x", "T", "P(alive)", fmt.Sprintf("E[purchases next %g]", c.horizon)}}
	for i, s := range d.summaries[:min(c.show, len(d.summaries))] {
		p, err := m.PAlive(s)
		if err != nil {
			return result{}, nil, err
		}
		e, err := m.ExpectedPurchases(s, c.horizon)
		if err != nil {
			return result{}, nil, err
		}
		rows = append(rows, []string{d.ids[i], fmt.Sprint(s.Frequency), fmt.Sprint(s.Recency), fmt.Sprint(s.Age), fmt.Sprintf("%.4f", p), fmt.Sprintf("%.4f", e)})
	}
	return res, rows, nil
}

func fitPatterns(ctx context.Context, c config, d *dataset) (result, [][]string, error) {
	if d.patterns == nil {
		return result{}, nil, fmt.Errorf("%s: model bgbb needs frequency, recency, periods and weights columns", c.data)
	}
	f, err := clv.FitBGBB(ctx, d.patterns, clv.FitOptions{})
	if err != nil {
		return result{}, nil, err
	}
	res := newResult("BG/BB", f, func(m clv.BGBB) []float64 { return []float64{m.Alpha, m.Beta, m.Gamma, m.Delta} }, "alpha", "beta", "gamma", "delta")
	k := int(c.horizon)
	if c.horizon == 39 { // the default is in weeks; five opportunities suit yearly patterns
		k = 5
	}
	rows := [][]string{{"pattern", "x", "t_x", "n", "customers", "P(alive next)", fmt.Sprintf("E[transactions next %d]", k)}}
	for i, p := range d.patterns[:min(c.show, len(d.patterns))] {
		pa, err := f.Model.PAlive(p)
		if err != nil {
			return result{}, nil, err
		}
		e, err := f.Model.ExpectedPurchases(p, k)
		if err != nil {
			return result{}, nil, err
		}
		rows = append(rows, []string{d.ids[i], fmt.Sprint(p.Frequency), fmt.Sprint(p.Recency), fmt.Sprint(p.Periods), fmt.Sprint(p.Weight), fmt.Sprintf("%.4f", pa), fmt.Sprintf("%.4f", e)})
	}
	return res, rows, nil
}

func fitSpend(ctx context.Context, c config, d *dataset) (result, [][]string, error) {
	if d.spends == nil {
		return result{}, nil, fmt.Errorf("%s: model gg needs a zbar or monetary_value column", c.data)
	}
	f, err := clv.FitGammaGamma(ctx, d.spends, clv.FitOptions{})
	if err != nil {
		return result{}, nil, err
	}
	res := newResult("Gamma-Gamma", f, func(m clv.GammaGamma) []float64 { return []float64{m.P, m.Q, m.V} }, "p", "q", "v")
	rows := [][]string{{"customer", "x", "mean value", "E[spend per transaction]"}}
	for i, s := range d.spends[:min(c.show, len(d.spends))] {
		e, err := f.Model.ExpectedSpend(s)
		if err != nil {
			return result{}, nil, err
		}
		rows = append(rows, []string{d.ids[i], fmt.Sprint(s.Frequency), fmt.Sprintf("%.2f", s.MeanValue), fmt.Sprintf("%.2f", e)})
	}
	return res, rows, nil
}

func writeResult(w io.Writer, r result) {
	fmt.Fprintf(w, "%s fitted on %v customers (%d distinct rows), %d iterations\n", r.model, r.customers, r.rows, r.iterations)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range r.params {
		fmt.Fprintf(tw, "  %s\t%.4f\t± %.4f\n", p.name, p.value, p.stdErr)
	}
	fmt.Fprintf(tw, "  log-likelihood\t%.4f\t\n", r.ll)
	tw.Flush()
}

func writeTable(w io.Writer, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range rows {
		for _, c := range r {
			fmt.Fprintf(tw, "%s\t", c)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// jsonResult is the -json output.
type jsonResult struct {
	Model         string             `json:"model"`
	Customers     float64            `json:"customers"`
	LogLikelihood float64            `json:"log_likelihood"`
	Params        map[string]float64 `json:"params"`
	StdErrors     map[string]float64 `json:"std_errors"`
}

func toJSON(r result) jsonResult {
	out := jsonResult{Model: r.model, Customers: r.customers, LogLikelihood: r.ll,
		Params: map[string]float64{}, StdErrors: map[string]float64{}}
	for _, p := range r.params {
		out.Params[p.name] = p.value
		out.StdErrors[p.name] = p.stdErr
	}
	return out
}

func writeJSON(w io.Writer, r result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(toJSON(r))
}
