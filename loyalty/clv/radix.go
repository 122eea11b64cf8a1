package clv

import "math"

// radixMin is the length from which radixSort beats a comparison sort;
// below it, its 64 Ki-entry histograms cost more than they save.
const radixMin = 8192

// radixSort sorts a stably by key(e), least significant 16 bits first.
// Passes in which every key has the same digit are skipped, so small or
// clustered keys cost one counting pass per digit. Used by compress, where
// it is several times faster than a comparison sort.
func radixSort[E any](a []E, key func(E) uint64) {
	if len(a) < 2 {
		return
	}
	buf := make([]E, len(a))
	src, dst := a, buf
	count := make([]int, 1<<16)
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count)
		for _, e := range src {
			count[key(e)>>shift&0xffff]++
		}
		if count[key(src[0])>>shift&0xffff] == len(src) {
			continue // one digit value: this pass would not move anything
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, e := range src {
			d := key(e) >> shift & 0xffff
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
}

// floatKey maps a non-negative float64 to a uint64 with the same order
// (−0 and +0 both map to 0).
func floatKey(v float64) uint64 {
	if v == 0 {
		return 0
	}
	return math.Float64bits(v)
}
