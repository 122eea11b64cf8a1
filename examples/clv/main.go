// Command clv fits a customer-lifetime model of package
// github.com/cemkit/cem/loyalty/clv to a summary file and prints the
// estimates, their standard errors and a few customers' predictions.
//
// Usage:
//
//	go run ./examples/clv [-model bgnbd|pnbd|mbgnbd|bgbb|gg] [-data FILE] [-json]
//	go run ./examples/clv -model bgnbd -transactions loyalty/clv/testdata/CDNOW_master.txt
//
// The summary formats are those of the Python library lifetimes:
// "ID,frequency,recency,T" and "ID,x,t_x,T,zbar" (weeks), and
// "frequency,recency,periods,weights" for BG/BB. With -transactions the
// program builds the summaries from a CDNOW-style transaction log itself
// and compares predicted with actual repeat purchases in the 39-week
// holdout period.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

// defaultData returns the file a model reads when -data is not given,
// relative to the repository root, and whether the model is known.
func defaultData(model string) (string, bool) {
	switch model {
	case "bgnbd", "pnbd", "mbgnbd":
		return "loyalty/clv/testdata/cdnow_customers_summary.csv", true
	case "gg":
		return "loyalty/clv/testdata/cdnow_customers_summary_with_transactions.csv", true
	case "bgbb":
		return "loyalty/clv/testdata/donations.csv", true
	}
	return "", false
}

type config struct {
	model, data, transactions string
	json                      bool
	horizon                   float64
	show                      int
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("clv", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var c config
	fs.StringVar(&c.model, "model", "bgnbd", "model: bgnbd, pnbd, mbgnbd, bgbb or gg")
	fs.StringVar(&c.data, "data", "", "summary CSV (default: the model's CDNOW or donations file under loyalty/clv/testdata)")
	fs.StringVar(&c.transactions, "transactions", "", "CDNOW-style transaction log to build summaries from, with a holdout comparison")
	fs.BoolVar(&c.json, "json", false, "print parameters, standard errors and log-likelihood as JSON")
	fs.Float64Var(&c.horizon, "horizon", 39, "prediction horizon, in the data's time unit (weeks); opportunities for bgbb")
	fs.IntVar(&c.show, "customers", 5, "number of customers whose predictions are printed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	file, ok := defaultData(c.model)
	if !ok {
		return fmt.Errorf("unknown model %q: want bgnbd, pnbd, mbgnbd, bgbb or gg", c.model)
	}
	if c.data == "" {
		c.data = file
	}
	ctx := context.Background()
	if c.transactions != "" {
		return runTransactions(ctx, c, stdout)
	}
	return runSummary(ctx, c, stdout)
}
