package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

// TestLiquidGradientMatchesFiniteDifferences compares the gradient of the
// liquid classifier's loss (lift, unrolled Euler and RK4 solves of the LTC
// dynamics, head, cross-entropy) with central differences in float64: every
// entry of τ's raw parameter and of A, and three entries of every other
// parameter.
func TestLiquidGradientMatchesFiniteDifferences(t *testing.T) {
	for _, tab := range []Tableau{Euler, RK4} {
		t.Run(tab.Name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(6, 1))
			a := SpiralArch
			a.Steps = 4
			m, err := NewLiquidClassifier(rng, tensor.Float64, a, 16, tab)
			if err != nil {
				t.Fatal(err)
			}
			dyn := m.Dynamics.(*LiquidDynamics)
			// Spread τ over (0.3, 3) so that each unit has its own rate.
			raw := make([]float64, dyn.Dim())
			for i := range raw {
				raw[i] = LiquidTauRaw(0.3 + 2.7*rng.Float64())
			}
			if err := dyn.TauRaw.SetFloat64s(raw); err != nil {
				t.Fatal(err)
			}

			prog, err := Compile(m, tensor.Float64, 10, true)
			if err != nil {
				t.Fatal(err)
			}
			defer prog.Close()
			x, labels := spiralBatch(rng, 9)
			if err := prog.Load(x, labels); err != nil {
				t.Fatal(err)
			}
			lossAt(t, prog)
			grads := make([][]float64, len(prog.Params))
			for i, g := range prog.Gradients() {
				grads[i] = valueFloat64s(g.Value())
			}

			allOfTauAndA := func(p *Param) []int {
				if p != dyn.TauRaw && p != dyn.A {
					return firstMiddleLast(p)
				}
				all := make([]int, p.Size())
				for j := range all {
					all[j] = j
				}
				return all
			}
			compareWithFiniteDifferences(t, prog.Params, grads, func() float64 { return lossAt(t, prog) }, allOfTauAndA)
		})
	}
}

// TestLiquidTauPositive checks τ = LiquidTauMin + softplus(raw) in Go and in
// the graph, in both dtypes, down to raw values where softplus underflows.
// With A = 0 and a zero gate output layer, g = sigmoid(0) = 1/2 exactly and
// the field is f(h) = −(1/τ + 1/2)·h, so the graph's f shows its 1/τ.
func TestLiquidTauPositive(t *testing.T) {
	raws := []float64{-1e6, -1000, -709, -100, -20, -1, 0, LiquidTauRaw(1), 5, 30}
	for _, raw := range raws {
		tau := LiquidTau(raw)
		if !(tau >= LiquidTauMin) || math.IsInf(tau, 0) {
			t.Errorf("LiquidTau(%g) = %g, want a finite value of at least %g", raw, tau, LiquidTauMin)
		}
	}
	if got := LiquidTau(LiquidTauRaw(1)); math.Abs(got-1) > 1e-12 {
		t.Errorf("LiquidTau(LiquidTauRaw(1)) = %.15g, want 1", got)
	}

	tests := []struct {
		dtype tensor.Dtype
		tol   float64
	}{
		{tensor.Float64, 1e-12},
		{tensor.Float32, 1e-5},
	}
	for _, tt := range tests {
		for _, raw := range raws {
			rng := rand.New(rand.NewPCG(2, 2))
			const dim = 3
			d := NewLiquidDynamics(rng, tt.dtype, dim, 4)
			d.Gate.Net.Layers[1].ZeroInit()
			if err := d.A.SetFloat64s(make([]float64, dim)); err != nil {
				t.Fatal(err)
			}
			if err := d.TauRaw.SetFloat64s([]float64{raw, raw, raw}); err != nil {
				t.Fatal(err)
			}
			for i, tau := range d.Taus() {
				if !(tau > 0) {
					t.Errorf("%v raw %g: Taus()[%d] = %g, want positive", tt.dtype, raw, i, tau)
				}
			}

			b := NewBuilder(tt.dtype)
			f, err := d.Bind(b)
			if err != nil {
				t.Fatal(err)
			}
			hValues := []float64{0.5, -1, 2, 0.25, 0, -0.75}
			h := b.Input("h", 2, dim)
			if err := setValues(h.Value(), hValues); err != nil {
				t.Fatal(err)
			}
			out, err := f(0.3, h)
			if err != nil {
				t.Fatal(err)
			}
			runGraph(t, b.Graph)

			// In float32 the graph's softplus underflows below -103, so its τ
			// is the floor there; the float64 reference is within 1e-44 of it.
			rate := 1/LiquidTau(raw) + 0.5
			for i, got := range valueFloat64s(out.Value()) {
				want := -rate * hValues[i]
				if math.IsNaN(got) || math.IsInf(got, 0) || math.Abs(got-want) > tt.tol*math.Max(1, math.Abs(want)) {
					t.Errorf("%v raw %g: f[%d] = %g, want −(1/τ + 1/2)·h = %g", tt.dtype, raw, i, got, want)
				}
			}
		}
	}
}

// TestLiquidClassifierShape checks the name, the parameter count and the
// evaluation count of the liquid model.
func TestLiquidClassifierShape(t *testing.T) {
	a := SpiralArch
	a.Steps = 5
	m, err := NewLiquidClassifier(rand.New(rand.NewPCG(1, 1)), tensor.Float32, a, 32, RK4)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name() != "liquid" {
		t.Errorf("Name() = %q, want liquid", m.Name())
	}
	// lift 2·6+6, gate (6+1)·32+32 and 32·6+6, τ and A 6 each, head 6·64+64 and 64·2+2.
	want := 18 + 256 + 198 + 12 + 448 + 130
	if got := CountParams(m.Params()); got != want {
		t.Errorf("parameters = %d, want %d", got, want)
	}
	prog, err := Compile(m, tensor.Float32, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	if prog.Evals != 5*4 {
		t.Errorf("evaluations per forward pass = %d, want 20 (5 RK4 steps of 4 stages)", prog.Evals)
	}
	if _, err := NewLiquidClassifier(rand.New(rand.NewPCG(1, 1)), tensor.Float32, a, 0, RK4); err == nil {
		t.Error("gate width 0 accepted")
	}
}
