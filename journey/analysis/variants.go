package analysis

import (
	"cmp"
	"encoding/binary"
	"iter"
	"slices"

	"github.com/cemkit/cem/journey"
)

// Variant is one distinct sequence of activities and the journeys that
// followed it exactly.
type Variant struct {
	// Activities is the sequence, one entry per touchpoint.
	Activities []Activity
	// Count is the number of journeys with this sequence.
	Count int
	// Share is Count over the report's Journeys.
	Share float64
	// Duration describes the time from the first to the last touchpoint of
	// those journeys.
	Duration DurationStats
}

// VariantReport is the result of [Variants].
type VariantReport struct {
	// Journeys is the number of non-empty journeys read.
	Journeys int
	// Variants are sorted by Count, most frequent first; ties are ordered
	// by the activity sequences, so the order never depends on the input's.
	Variants []Variant
}

// Top returns the k most frequent variants (all of them if there are
// fewer; none for k ≤ 0). The slice is the report's own.
func (r VariantReport) Top(k int) []Variant {
	return r.Variants[:max(0, min(k, len(r.Variants)))]
}

// variantAcc accumulates one variant.
type variantAcc struct {
	ids      []int
	count    int
	duration sketch
}

// Variants groups journeys by their sequence of activities at grain g (the
// "trace variants" of process mining, van der Aalst 2016, ch. 7), in one
// pass with memory bounded by the number of distinct variants. Nil and
// empty journeys are skipped. A journey of one touchpoint is a variant of
// one activity with zero duration.
//
// Variants returns a *touchpoint.ValidationError when g is not a defined
// grain.
func Variants(journeys iter.Seq[*journey.Journey], g Grain) (VariantReport, error) {
	if err := g.Validate(); err != nil {
		return VariantReport{}, err
	}
	acts := newActivityIndex()
	byKey := make(map[string]*variantAcc)
	var key []byte
	n := 0
	for j := range journeys {
		if !usable(j) {
			continue
		}
		n++
		tps := j.Touchpoints()
		key = key[:0]
		for _, tp := range tps {
			key = binary.AppendUvarint(key, uint64(acts.id(g.Of(tp))))
		}
		v := byKey[string(key)]
		if v == nil {
			v = &variantAcc{ids: decodeIDs(key, len(tps))}
			byKey[string(key)] = v
		}
		v.count++
		v.duration.addDuration(tps[len(tps)-1].Time.Sub(tps[0].Time))
	}
	return variantReport(n, acts, byKey), nil
}

// decodeIDs reads back the activity ids of a variant key.
func decodeIDs(key []byte, n int) []int {
	ids := make([]int, 0, n)
	for len(key) > 0 {
		id, w := binary.Uvarint(key)
		ids = append(ids, int(id))
		key = key[w:]
	}
	return ids
}

func variantReport(n int, acts *activityIndex, byKey map[string]*variantAcc) VariantReport {
	rep := VariantReport{Journeys: n, Variants: make([]Variant, 0, len(byKey))}
	for _, v := range byKey {
		seq := make([]Activity, len(v.ids))
		for i, id := range v.ids {
			seq[i] = acts.list[id]
		}
		rep.Variants = append(rep.Variants, Variant{
			Activities: seq,
			Count:      v.count,
			Share:      ratio(v.count, n),
			Duration:   durationStats(&v.duration),
		})
	}
	slices.SortFunc(rep.Variants, func(a, b Variant) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return slices.CompareFunc(a.Activities, b.Activities, Activity.Compare)
	})
	return rep
}
