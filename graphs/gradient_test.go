package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

// TestGradientMatchesFiniteDifferences compares the gradient of the whole
// classifier graph (lift, unrolled solver, head, cross-entropy) with central
// differences of the loss, in float64, on a few entries of every parameter.
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	for _, kind := range []string{"euler", "rk4", "resnet"} {
		t.Run(kind, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, 4))
			a := SpiralArch
			a.Steps = 4
			m, err := NewSpiralModel(kind, rng, tensor.Float64, a)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range m.Params() {
				if p.Name == "dynamics.2.W" || p.Name == "dynamics.2.b" {
					p.fillUniform(rng, 0.3) // a zero output layer would zero the gradients of the layers before it
				}
			}
			prog, err := Compile(m, tensor.Float64, 10, true)
			if err != nil {
				t.Fatal(err)
			}
			defer prog.Close()
			x, labels := spiralBatch(rng, 7) // fewer rows than the batch: padding must not leak into the gradient
			if err := prog.Load(x, labels); err != nil {
				t.Fatal(err)
			}
			lossAt(t, prog)
			grads := make([][]float64, len(prog.Params))
			for i, g := range prog.Gradients() {
				grads[i] = valueFloat64s(g.Value())
			}

			const h = 1e-6
			checked := 0
			for i, p := range prog.Params {
				data := p.Value.Data().([]float64)
				for _, j := range []int{0, len(data) / 2, len(data) - 1} {
					orig := data[j]
					data[j] = orig + h
					plus := lossAt(t, prog)
					data[j] = orig - h
					minus := lossAt(t, prog)
					data[j] = orig
					numeric := (plus - minus) / (2 * h)
					analytic := grads[i][j]
					// Rounding in the differences is about 1e-16·loss/h ≈ 1e-10,
					// so the tolerance has an absolute part above that.
					if diff := math.Abs(numeric - analytic); diff > 1e-8+1e-5*math.Abs(numeric) {
						t.Errorf("%s[%d]: graph gradient %.9g, finite difference %.9g (difference %.2g)", p.Name, j, analytic, numeric, diff)
					}
					checked++
				}
			}
			if checked < 3*len(prog.Params) {
				t.Errorf("checked %d entries, want %d", checked, 3*len(prog.Params))
			}
		})
	}
}
