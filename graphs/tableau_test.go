package graphs

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// rotationField is dh/dt = cos(t)·h·M with M the 2-D rotation generator
// [[0, 1], [-1, 0]] acting on row vectors. Its exact solution is
// h(t) = h(0)·R(sin t) with R(s) = [[cos s, sin s], [-sin s, cos s]], and
// the factor cos(t) makes the stage times C of a tableau matter.
func rotationField(b *Builder) VectorField {
	m := G.NewMatrix(b.Graph, tensor.Float64, G.WithShape(2, 2), G.WithName("M"),
		G.WithValue(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0, 1, -1, 0}))))
	return func(t float64, h *G.Node) (*G.Node, error) {
		hm, err := G.Mul(h, m)
		if err != nil {
			return nil, err
		}
		return G.Mul(hm, b.Scalar(math.Cos(t)))
	}
}

// solveError returns the largest absolute error at t = 2 over a few initial
// states, for the given method and number of steps.
func solveError(t *testing.T, tab Tableau, steps int) float64 {
	t.Helper()
	h0 := []float64{1, 0, 0.3, -0.7, -0.5, 0.2}
	b := NewBuilder(tensor.Float64)
	x := matrixInput(b, "h0", 3, 2, h0)
	s := Solver{Tableau: tab, Steps: steps, T0: 0, T1: 2}
	tr, err := s.Integrate(rotationField(b), b, x)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Evals != steps*tab.Stages() {
		t.Errorf("%s: %d evaluations, want %d", tab.Name, tr.Evals, steps*tab.Stages())
	}
	runGraph(t, b.Graph)
	got := valueFloat64s(tr.Final().Value())
	sn, cs := math.Sin(math.Sin(2)), math.Cos(math.Sin(2))
	worst := 0.0
	for i := range 3 {
		a, c := h0[2*i], h0[2*i+1]
		want := []float64{a*cs - c*sn, a*sn + c*cs}
		worst = max(worst, math.Abs(got[2*i]-want[0]), math.Abs(got[2*i+1]-want[1]))
	}
	return worst
}

func TestConvergenceOrder(t *testing.T) {
	for _, tab := range []Tableau{Euler, Midpoint, Heun, RK4} {
		t.Run(tab.Name, func(t *testing.T) {
			// Halving the step divides the global error by 2^order, so the
			// observed order is log2(e(N)/e(2N)).
			e1 := solveError(t, tab, 64)
			e2 := solveError(t, tab, 128)
			order := math.Log2(e1 / e2)
			t.Logf("observed order %.3f", order)
			if math.Abs(order-float64(tab.Order)) > 0.15 {
				t.Errorf("observed order %.3f (errors %.3g at 64 steps, %.3g at 128), want %d", order, e1, e2, tab.Order)
			}
		})
	}
}

func TestTableausAreValid(t *testing.T) {
	for name, tab := range Tableaus {
		if err := tab.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if tab.Name != name {
			t.Errorf("Tableaus[%q] is named %q", name, tab.Name)
		}
	}
}

func TestTableauValidateRejects(t *testing.T) {
	tests := []struct {
		name string
		tab  Tableau
	}{
		{"empty", Tableau{Name: "empty"}},
		{"implicit", Tableau{Name: "implicit", C: []float64{1}, A: [][]float64{{1}}, B: []float64{1}}},
		{"row sum", Tableau{Name: "row", C: []float64{0, 0.5}, A: [][]float64{{}, {0.4}}, B: []float64{0, 1}}},
		{"weights", Tableau{Name: "weights", C: []float64{0}, A: [][]float64{{}}, B: []float64{0.9}}},
	}
	for _, tt := range tests {
		if err := tt.tab.Validate(); err == nil {
			t.Errorf("%s: Validate accepted an invalid tableau", tt.name)
		}
	}
	if _, err := (Solver{Tableau: Euler, Steps: 0, T1: 1}).Integrate(nil, NewBuilder(tensor.Float64), nil); err == nil {
		t.Error("Integrate accepted zero steps")
	}
}
