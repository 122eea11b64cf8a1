package loyalty

import (
	"cmp"
	"iter"
	"slices"
)

// WalletShares returns the share of wallet the Wallet Allocation Rule
// predicts for each brand a customer uses (Keiningham, Aksoy, Buoye,
// Larivière, Williams & Wilson, "Perfecting the Wallet Allocation Rule",
// MIT Sloan Management Review 2015): a brand ranked r among the N brands the
// customer uses gets
//
//	share(r) = (1 − r/(N+1)) × 2/N
//
// so with two brands the first gets 2/3 and the second 1/3, and the shares
// always sum to 1.
//
// ranks maps each brand to its rank, 1 for the most preferred; only the
// order matters, so {a:1, b:1, c:2} and {a:1, b:1, c:3} both say "a and b
// tie for first, c is third". Tied brands get fractional (average) ranks:
// brands tied over positions i..j each get rank (i+j)/2, and since the rule
// is linear in r each gets the average of the shares of the positions they
// span, so the shares still sum to 1. Every rank must be at least 1 and
// every brand name non-empty, else a *[touchpoint.ValidationError].
func WalletShares(ranks map[string]int) (map[string]float64, error) {
	if err := checkBrands(len(ranks)); err != nil {
		return nil, err
	}
	order := make([]ranked, 0, len(ranks))
	for b, r := range ranks {
		if b == "" || r < 1 {
			return nil, invalid("ranks["+b+"]", itoa(r), "brand must be named and rank at least 1")
		}
		order = append(order, ranked{b, float64(r)})
	}
	return allocate(order), nil
}

// WalletSharesByScore is [WalletShares] for a customer's ratings of the
// brands (higher is better: satisfaction, likelihood to recommend), the
// input Keiningham et al. rank. Equal ratings tie. Ratings must be finite.
func WalletSharesByScore(scores map[string]float64) (map[string]float64, error) {
	if err := checkBrands(len(scores)); err != nil {
		return nil, err
	}
	order := make([]ranked, 0, len(scores))
	for b, s := range scores {
		if b == "" || !finite(s) {
			return nil, invalid("scores["+b+"]", ftoa(s), "brand must be named and score finite")
		}
		order = append(order, ranked{b, -s})
	}
	return allocate(order), nil
}

func checkBrands(n int) error {
	if n == 0 {
		return invalid("ranks", "{}", "must name at least one brand")
	}
	return nil
}

// ranked is a brand and its sort key, lower is better.
type ranked struct {
	brand string
	key   float64
}

// allocate sorts the brands and gives each tie group the share of its
// average position.
func allocate(order []ranked) map[string]float64 {
	slices.SortFunc(order, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.brand, b.brand))
	})
	n := float64(len(order))
	out := make(map[string]float64, len(order))
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && order[j].key == order[i].key {
			j++
		}
		// Positions i+1..j, average (i+1+j)/2.
		avg := float64(i+1+j) / 2
		share := 2 * (n + 1 - avg) / (n * (n + 1))
		for _, r := range order[i:j] {
			out[r.brand] = share
		}
		i = j
	}
	return out
}

// BrandShare is one brand's share of wallet averaged over customers.
type BrandShare struct {
	// Brand names the brand.
	Brand string
	// Share is the mean share over all customers, counting 0 for those who
	// do not use the brand: the brand's expected share of the category's
	// spending. The shares of all brands sum to 1.
	Share float64
	// Users is the number of customers who use the brand, UserShare the
	// mean share among them.
	Users     int
	UserShare float64
}

// AverageWalletShares applies [WalletShares] to each customer's ranking and
// averages the shares per brand. The result is sorted by Share, largest
// first, ties by brand name. An empty or nil stream returns [ErrNoAnswers]; a bad
// ranking stops it with the error of WalletShares.
func AverageWalletShares(customers iter.Seq[map[string]int]) ([]BrandShare, error) {
	type acc struct {
		sum   float64
		users int
	}
	if customers == nil {
		return nil, ErrNoAnswers
	}
	byBrand := make(map[string]*acc)
	n := 0
	for ranks := range customers {
		shares, err := WalletShares(ranks)
		if err != nil {
			return nil, err
		}
		n++
		for b, s := range shares {
			a := byBrand[b]
			if a == nil {
				a = &acc{}
				byBrand[b] = a
			}
			a.sum += s
			a.users++
		}
	}
	if n == 0 {
		return nil, ErrNoAnswers
	}
	out := make([]BrandShare, 0, len(byBrand))
	for b, a := range byBrand {
		out = append(out, BrandShare{Brand: b, Share: a.sum / float64(n), Users: a.users, UserShare: a.sum / float64(a.users)})
	}
	slices.SortFunc(out, func(x, y BrandShare) int {
		return cmp.Or(-cmp.Compare(x.Share, y.Share), cmp.Compare(x.Brand, y.Brand))
	})
	return out, nil
}
