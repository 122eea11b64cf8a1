package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/cemkit/cem/loyalty/clv"
)

// dataset is a summary file: RFM summaries (with mean spend when the file
// has it) or, for BG/BB, weighted donation patterns.
type dataset struct {
	ids       []string
	summaries []clv.Summary
	spends    []clv.Spend // nil without a zbar or monetary_value column
	patterns  []clv.Pattern
}

func readDataset(path string) (*dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseDataset(f, path)
}

// parseDataset reads the lifetimes formats "ID,frequency,recency,T",
// "ID,x,t_x,T,zbar" and "frequency,recency,periods,weights". Line endings
// may be CRLF and the last line may lack a newline.
func parseDataset(r io.Reader, name string) (*dataset, error) {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	find := func(names ...string) int {
		for _, n := range names {
			if i, ok := col[strings.ToLower(n)]; ok {
				return i
			}
		}
		return -1
	}
	num := func(row []string, i, line int) (float64, error) {
		v, err := strconv.ParseFloat(strings.TrimSpace(row[i]), 64)
		if err != nil {
			return 0, fmt.Errorf("%s:%d: column %q: %w", name, line, recs[0][i], err)
		}
		return v, nil
	}
	ix, itx := find("frequency", "x"), find("recency", "t_x")
	if ix < 0 || itx < 0 {
		return nil, fmt.Errorf("%s: header %q lacks frequency/x and recency/t_x", name, recs[0])
	}
	d := &dataset{}
	if in, iw := find("periods"), find("weights"); in >= 0 {
		for k, row := range recs[1:] {
			var v [4]float64
			for j, i := range []int{ix, itx, in, iw} {
				if i < 0 {
					v[j] = 1
					continue
				}
				if v[j], err = num(row, i, k+2); err != nil {
					return nil, err
				}
			}
			d.ids = append(d.ids, strconv.Itoa(k+1))
			d.patterns = append(d.patterns, clv.Pattern{Frequency: int(v[0]), Recency: int(v[1]), Periods: int(v[2]), Weight: v[3]})
		}
		return d, nil
	}
	iT, iid, iz := find("T"), find("ID", "customer_id"), find("zbar", "monetary_value")
	if iT < 0 {
		return nil, fmt.Errorf("%s: header %q lacks T", name, recs[0])
	}
	for k, row := range recs[1:] {
		var v [3]float64
		for j, i := range []int{ix, itx, iT} {
			if v[j], err = num(row, i, k+2); err != nil {
				return nil, err
			}
		}
		id := strconv.Itoa(k + 1)
		if iid >= 0 {
			id = strings.TrimSpace(row[iid])
		}
		d.ids = append(d.ids, id)
		d.summaries = append(d.summaries, clv.Summary{Frequency: v[0], Recency: v[1], Age: v[2]})
		if iz >= 0 {
			z, err := num(row, iz, k+2)
			if err != nil {
				return nil, err
			}
			d.spends = append(d.spends, clv.Spend{Frequency: v[0], MeanValue: z})
		}
	}
	return d, nil
}
