package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

// TestPathRecorderStatesAreEulerSteps checks every recorded state of an
// Euler model against one Euler step of the dynamics from the state before,
// evaluated in a separate graph, and the logits against a Program's.
func TestPathRecorderStatesAreEulerSteps(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	a := SpiralArch
	a.Steps = 3
	a.Hidden = 16
	m, err := NewLiquidClassifier(rng, tensor.Float64, a, 8, Euler)
	if err != nil {
		t.Fatal(err)
	}
	const n = 5
	x, labels := spiralBatch(rng, n)
	rec, err := NewPathRecorder(m, tensor.Float64, 4) // two chunks, the second padded
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	path, err := rec.Record(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(path.States) != a.Steps+1 || path.Dim != a.Dim {
		t.Fatalf("recorded %d states of width %d, want %d of width %d", len(path.States), path.Dim, a.Steps+1, a.Dim)
	}

	dt := 1 / float64(a.Steps)
	for k := 1; k <= a.Steps; k++ {
		b := NewBuilder(tensor.Float64)
		f, err := m.Dynamics.Bind(b)
		if err != nil {
			t.Fatal(err)
		}
		h := matrixInput(b, "h", n, a.Dim, path.States[k-1])
		slope, err := f(path.Times[k-1], h)
		if err != nil {
			t.Fatal(err)
		}
		runGraph(t, b.Graph)
		for i, s := range valueFloat64s(slope.Value()) {
			want := path.States[k-1][i] + dt*s
			if got := path.States[k][i]; math.Abs(got-want) > 1e-12 {
				t.Fatalf("state %d entry %d = %.15g, want the Euler step %.15g", k, i, got, want)
			}
		}
	}

	prog, err := Compile(m, tensor.Float64, n, false)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	if err := prog.Load(x, labels); err != nil {
		t.Fatal(err)
	}
	lossAt(t, prog)
	for i, row := range prog.Logits() {
		for j, want := range row {
			if got := path.Logits[i][j]; math.Abs(got-want) > 1e-12 {
				t.Errorf("logit %d of point %d = %.15g, program gives %.15g", j, i, got, want)
			}
		}
	}
}
