package clv

import (
	"math"
	"testing"
)

func BenchmarkRowLL(b *testing.B) {
	m := bgFamily{0.243, 4.414, 0.793, 2.426, 0}
	c := m.consts(2, true)
	g := make([]float64, 4)
	var s float64
	for i := 0; b.Loop(); i++ {
		s += m.rowLL(&c, 10+float64(i&15), 30, 1, g)
	}
	_ = s
}

func BenchmarkExp(b *testing.B) {
	var s float64
	for i := 0; b.Loop(); i++ {
		s += math.Exp(-float64(i & 15))
	}
	_ = s
}
func BenchmarkLog(b *testing.B) {
	var s float64
	for i := 0; b.Loop(); i++ {
		s += math.Log(1 + float64(i&15))
	}
	_ = s
}

func BenchmarkCompress(b *testing.B) {
	data := make([]Summary, 100000)
	for i := range data {
		x := float64(i % 7)
		data[i] = Summary{x, x * float64(i%1000) / 100, 40 + float64(i%3333)/100}
		if x == 0 {
			data[i].Recency = 0
		}
	}
	for b.Loop() {
		compress(data)
	}
}
