package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// newRandomODE returns a float64 Neural ODE whose parameters are all drawn
// from U(-0.5, 0.5), so that the dynamics are far from zero and every
// gradient is informative.
func newRandomODE(t *testing.T, tab Tableau, steps int, seed uint64) *ODEClassifier {
	t.Helper()
	a := SpiralArch
	a.Steps = steps
	a.Hidden = 32
	m, err := NewODEClassifier(rand.New(rand.NewPCG(seed, 1)), tensor.Float64, a, tab)
	if err != nil {
		t.Fatal(err)
	}
	randomize(m.Params(), rand.New(rand.NewPCG(seed, 2)), 0.5)
	return m
}

// directGradients returns the loss and the gradients of the unrolled graph.
func directGradients(t *testing.T, m Model, x []float64, labels []int, batch int) (float64, [][]float64) {
	t.Helper()
	prog, err := Compile(m, tensor.Float64, batch, true)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	if err := prog.Load(x, labels); err != nil {
		t.Fatal(err)
	}
	loss := lossAt(t, prog)
	var grads [][]float64
	for _, g := range prog.Gradients() {
		grads = append(grads, valueFloat64s(g.Value()))
	}
	return loss, grads
}

// adjointGradients returns the loss and the adjoint gradients.
func adjointGradients(t *testing.T, m Model, x []float64, labels []int, batch int) (float64, [][]float64) {
	t.Helper()
	prog, err := CompileAdjoint(m, tensor.Float64, batch, true)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	if err := prog.Load(x, labels); err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(); err != nil {
		t.Fatal(err)
	}
	if err := prog.Backward(); err != nil {
		t.Fatal(err)
	}
	var grads [][]float64
	for _, g := range prog.Gradients() {
		grads = append(grads, valueFloat64s(g))
	}
	return prog.Loss(), grads
}

// relativeError returns |got - want| / |want| over all values together,
// with |·| the Euclidean norm.
func relativeError(got, want [][]float64) float64 {
	var diff, norm float64
	for i := range want {
		for j := range want[i] {
			diff += (got[i][j] - want[i][j]) * (got[i][j] - want[i][j])
			norm += want[i][j] * want[i][j]
		}
	}
	return math.Sqrt(diff / norm)
}

func TestAdjointMatchesDirectGradients(t *testing.T) {
	tests := []struct {
		tab      Tableau
		steps    []int
		maxFinal float64 // bound on the error at the largest step count
	}{
		{Euler, []int{10, 20, 40}, 0.03},
		{RK4, []int{5, 10, 20, 40}, 1e-4},
	}
	for _, tt := range tests {
		t.Run(tt.tab.Name, func(t *testing.T) {
			x, labels := spiralBatch(rand.New(rand.NewPCG(9, 9)), 12) // fewer rows than the batch of 16
			previous := math.Inf(1)
			for _, steps := range tt.steps {
				m := newRandomODE(t, tt.tab, steps, 3)
				directLoss, direct := directGradients(t, m, x, labels, 16)
				adjointLoss, adjoint := adjointGradients(t, m, x, labels, 16)
				if d := math.Abs(adjointLoss - directLoss); d > 1e-12*math.Abs(directLoss) {
					t.Errorf("%d steps: adjoint loss %.15g, unrolled loss %.15g", steps, adjointLoss, directLoss)
				}
				rel := relativeError(adjoint, direct)
				t.Logf("%d steps: relative gradient error %.3g", steps, rel)
				if !(rel < previous) {
					t.Errorf("%d steps: relative error %.3g, not below %.3g at fewer steps", steps, rel, previous)
				}
				previous = rel
			}
			if previous >= tt.maxFinal {
				t.Errorf("relative error %.3g at %d steps, want below %g", previous, tt.steps[len(tt.steps)-1], tt.maxFinal)
			}
		})
	}
}

// timeConstantDynamics hides BindTimeNode, so the adjoint takes its path
// for dynamics that bake t into the graph.
type timeConstantDynamics struct{ inner *MLPDynamics }

func (d timeConstantDynamics) Dim() int                             { return d.inner.Dim() }
func (d timeConstantDynamics) Params() []*Param                     { return d.inner.Params() }
func (d timeConstantDynamics) Bind(b *Builder) (VectorField, error) { return d.inner.Bind(b) }

func TestAdjointWithoutTimeNode(t *testing.T) {
	// The per-evaluation graphs of a plain Dynamics and the one reusable
	// graph of a TimeNodeDynamics compute the same numbers.
	x, labels := spiralBatch(rand.New(rand.NewPCG(5, 5)), 8)
	m := newRandomODE(t, Midpoint, 4, 7)
	loss, want := adjointGradients(t, m, x, labels, 8)

	m.Dynamics = timeConstantDynamics{m.Dynamics.(*MLPDynamics)}
	fallbackLoss, got := adjointGradients(t, m, x, labels, 8)
	if fallbackLoss != loss {
		t.Errorf("loss %.17g with t baked in, %.17g with t as a node", fallbackLoss, loss)
	}
	if rel := relativeError(got, want); rel > 1e-13 {
		t.Errorf("gradients differ by a relative %.3g between the two paths", rel)
	}
}

func TestBindTimeNodeMatchesBind(t *testing.T) {
	// f(t, h) with t as a node equals f with t baked in, at several times.
	m := newRandomODE(t, Euler, 1, 11)
	h := make([]float64, 4*m.Dynamics.Dim())
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range h {
		h[i] = 2*rng.Float64() - 1
	}
	reused, err := newFieldGraph(m.Dynamics, tensor.Float64, 4, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer reused.close()
	for _, tm := range []float64{0, 0.25, 1} {
		baked, err := newFieldGraph(timeConstantDynamics{m.Dynamics.(*MLPDynamics)}, tensor.Float64, 4, false, tm)
		if err != nil {
			t.Fatal(err)
		}
		if err := baked.run(tm, h, nil); err != nil {
			t.Fatal(err)
		}
		if err := reused.run(tm, h, nil); err != nil {
			t.Fatal(err)
		}
		want, got := valueFloat64s(baked.f.Value()), valueFloat64s(reused.f.Value())
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-14 {
				t.Errorf("t = %g: f[%d] = %.17g with a time node, %.17g with t baked in", tm, i, got[i], want[i])
				break
			}
		}
		baked.close()
	}
}

func TestCompileAdjointRejectsResNet(t *testing.T) {
	a := SpiralArch
	a.Steps = 2
	m, err := NewSpiralModel("resnet", rand.New(rand.NewPCG(1, 1)), tensor.Float32, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CompileAdjoint(m, tensor.Float32, 4, true); err == nil {
		t.Error("CompileAdjoint accepted a ResNet")
	}
}

var _ G.Value = (*tensor.Dense)(nil)
