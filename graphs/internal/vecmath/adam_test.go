package vecmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAdamAgainstFloat64 runs three updates on 8·9 + 5 weights, so the
// tail after the last block of eight is covered, and compares them with
// the same updates in float64.
func TestAdamAgainstFloat64(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		const n = 8*9 + 5
		rng := rand.New(rand.NewPCG(5, 6))
		w, m, v := make([]float32, n), make([]float32, n), make([]float32, n)
		w64, m64, v64 := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range w {
			w[i] = float32(rng.NormFloat64())
			w64[i] = float64(w[i])
		}
		const beta1, beta2, eps, lr = 0.9, 0.999, 1e-8, 0.01
		for step := 1; step <= 3; step++ {
			g := make([]float32, n)
			for i := range g {
				g[i] = float32(rng.NormFloat64() * math.Pow(10, float64(i%5-3))) // 1e-3 … 10
			}
			c1 := 1 - math.Pow(beta1, float64(step))
			c2 := math.Sqrt(1 - math.Pow(beta2, float64(step)))
			c := AdamStep{Beta1: beta1, Beta2: beta2, Epsilon: eps, StepSize: lr / c1, SqrtCorrection2: c2}
			if err := Adam(w, g, m, v, c); err != nil {
				t.Fatal(err)
			}
			for i, gi := range g {
				g64 := float64(gi)
				m64[i] = beta1*m64[i] + (1-beta1)*g64
				v64[i] = beta2*v64[i] + (1-beta2)*g64*g64
				w64[i] -= lr / c1 * m64[i] / (math.Sqrt(v64[i])/c2 + eps)
			}
			for i := range w {
				if d := math.Abs(float64(w[i]) - w64[i]); d > 1e-6*(1+math.Abs(w64[i])) {
					t.Fatalf("step %d: w[%d] = %.9g, float64 gives %.9g", step, i, w[i], w64[i])
				}
				if d := math.Abs(float64(v[i]) - v64[i]); d > 1e-5*v64[i] {
					t.Fatalf("step %d: v[%d] = %.9g, float64 gives %.9g", step, i, v[i], v64[i])
				}
			}
		}
	})
}

func TestAdamRejectsInput(t *testing.T) {
	c := AdamStep{Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, StepSize: 0.1, SqrtCorrection2: 0.03}
	if err := Adam(make([]float32, 4), make([]float32, 3), make([]float32, 4), make([]float32, 4), c); err == nil {
		t.Error("Adam accepted a gradient of 3 values for 4 weights")
	}
	c.SqrtCorrection2 = 0
	if err := Adam(make([]float32, 4), make([]float32, 4), make([]float32, 4), make([]float32, 4), c); err == nil {
		t.Error("Adam accepted a zero bias correction")
	}
}

func BenchmarkAdam(b *testing.B) {
	const n = 128 * 128
	w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%7) - 3
	}
	c := AdamStep{Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, StepSize: 0.01, SqrtCorrection2: 0.5}
	b.SetBytes(7 * 4 * n) // four arrays read, three written
	for range b.N {
		if err := Adam(w, g, m, v, c); err != nil {
			b.Fatal(err)
		}
	}
}
