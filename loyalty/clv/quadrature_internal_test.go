package clv

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestIntegrate(t *testing.T) {
	tests := []struct {
		name   string
		f      func(float64) float64
		breaks []float64
		want   float64
		reason string
	}{
		{"degree 21", func(u float64) float64 { return 22 * math.Pow(u, 21) }, []float64{0, 1}, 1,
			"one 15-point Kronrod panel is exact for polynomials of degree 22 and less"},
		{"boundary layer", func(u float64) float64 { return 1e4 * math.Exp(-1e4*u) }, append([]float64{0, 700}, around(0, 1e-4, 0, 700)...), -math.Expm1(-7e6),
			"nearly all the mass within 1e-3 of one end of a long range"},
		{"peak", func(u float64) float64 { return math.Exp(-(u-300)*(u-300)*1e4) / math.Sqrt(math.Pi/1e4) }, append([]float64{0, 700}, around(300, 1e-2, 0, 700)...), 1,
			"a narrow peak resolved by breaks around it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slices.Sort(tt.breaks)
			got, err := integrate(tt.f, tt.breaks, 1e-11)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 1e-10*tt.want {
				t.Errorf("integrate() = %.17g, want %.17g (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

// An integrand that oscillates 160,000 times needs far more than maxPanels
// panels: integrate says so instead of returning a poor number.
func TestIntegrateNoConvergence(t *testing.T) {
	_, err := integrate(func(u float64) float64 { return 1 + math.Sin(1e6*u) }, []float64{0, 1}, 1e-11)
	if !errors.Is(err, ErrNoConvergence) {
		t.Errorf("integrate() err = %v, want ErrNoConvergence", err)
	}
}
