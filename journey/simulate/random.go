package simulate

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// gamma draws from a Gamma(shape, rate) distribution with the method of
// Marsaglia & Tsang (2000), boosting shapes below 1 by U^(1/shape). Only the
// standard library's uniform and normal draws are used, so the sequence
// depends on the seed alone.
func gamma(rng *rand.Rand, shape, rate float64) float64 {
	if shape < 1 {
		u := rng.Float64()
		return gamma(rng, shape+1, rate) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v / rate
		}
	}
}

// beta draws from a Beta(a, b) distribution as X/(X+Y) of two gamma draws.
func beta(rng *rand.Rand, a, b float64) float64 {
	x := gamma(rng, a, 1)
	y := gamma(rng, b, 1)
	if x+y == 0 {
		return 0.5
	}
	return x / (x + y)
}

// exponential draws a duration with the given mean.
func exponential(rng *rand.Rand, mean time.Duration) time.Duration {
	return time.Duration(rng.ExpFloat64() * float64(mean))
}

// chance reports whether an event of probability p happens.
func chance(rng *rand.Rand, p float64) bool { return p > 0 && rng.Float64() < p }

// pick returns the index of the weight chosen in proportion to the weights,
// which must sum to about 1; rounding slack falls on the last index.
func pick(rng *rand.Rand, weights func(int) float64, n int) int {
	u := rng.Float64()
	for i := range n - 1 {
		u -= weights(i)
		if u < 0 {
			return i
		}
	}
	return n - 1
}

// newID returns a version 7 UUID for an event at t whose random bits come
// from rng, so that generated IDs are both time-ordered and reproducible.
func newID(rng *rand.Rand, t time.Time) uuid.UUID {
	var id uuid.UUID
	ms := uint64(t.UnixMilli())
	binary.BigEndian.PutUint64(id[8:], rng.Uint64())
	binary.BigEndian.PutUint64(id[0:8], ms<<16|rng.Uint64()&0x0fff)
	id[6] = id[6]&0x0f | 0x70 // version 7
	id[8] = id[8]&0x3f | 0x80 // RFC 9562 variant
	return id
}
