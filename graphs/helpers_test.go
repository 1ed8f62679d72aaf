package graphs

import (
	"math"
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

// compareWithFiniteDifferences checks grads[i][j], the graph gradient of
// params[i] entry j, against central differences of loss for the entries
// that entries picks. loss must rerun the graph with the current values.
func compareWithFiniteDifferences(t *testing.T, params []*Param, grads [][]float64, loss func() float64, entries func(p *Param) []int) {
	t.Helper()
	const h = 1e-6
	for i, p := range params {
		data := p.Value.Data().([]float64)
		for _, j := range entries(p) {
			orig := data[j]
			data[j] = orig + h
			plus := loss()
			data[j] = orig - h
			minus := loss()
			data[j] = orig
			numeric := (plus - minus) / (2 * h)
			// Rounding in the differences is about 1e-16·loss/h ≈ 1e-10, so
			// the tolerance has an absolute part above that.
			if diff := math.Abs(numeric - grads[i][j]); diff > 1e-8+1e-5*math.Abs(numeric) {
				t.Errorf("%s[%d]: graph gradient %.9g, finite difference %.9g (difference %.2g)", p.Name, j, grads[i][j], numeric, diff)
			}
		}
	}
}

// firstMiddleLast picks three entries of a parameter.
func firstMiddleLast(p *Param) []int { return []int{0, p.Size() / 2, p.Size() - 1} }
