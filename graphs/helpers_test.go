package graphs

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// randomize overwrites every parameter with U(-scale, scale) values, so that
// no layer is zero and every gradient is informative.
func randomize(params []*Param, rng *rand.Rand, scale float64) {
	for _, p := range params {
		p.fillUniform(rng, scale)
	}
}

// spiralBatch returns n random 2-D points in [-1, 1]² and alternating labels.
func spiralBatch(rng *rand.Rand, n int) ([]float64, []int) {
	x := make([]float64, 2*n)
	for i := range x {
		x[i] = 2*rng.Float64() - 1
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = i % 2
	}
	return x, labels
}

// lossAt runs the program on the loaded batch and returns the loss.
func lossAt(t *testing.T, p *Program) float64 {
	t.Helper()
	if err := p.Run(); err != nil {
		t.Fatal(err)
	}
	return p.Loss()
}

// runGraph runs a graph once with a tape machine.
func runGraph(t *testing.T, g *G.ExprGraph) {
	t.Helper()
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
}

// matrixInput returns a float64 input node holding rows × cols values.
func matrixInput(b *Builder, name string, rows, cols int, values []float64) *G.Node {
	n := b.Input(name, rows, cols)
	copy(n.Value().Data().([]float64), values)
	return n
}

var _ = tensor.Float64
