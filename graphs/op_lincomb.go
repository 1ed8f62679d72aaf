package graphs

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// linCombOp computes Σ_j coef[j]·x_j over inputs of one shape in one pass:
// the stage states and updates of a Runge-Kutta step, h + dt·Σ_j a_j·k_j,
// and the residual update of a ResNet. Its gradient with respect to x_j is
// coef[j]·g.
type linCombOp struct {
	fusedOp
	coef []float64
}

func (op *linCombOp) Arity() int            { return len(op.coef) }
func (op *linCombOp) Type() hm.Type         { return matrixFnType(len(op.coef)) }
func (op *linCombOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "LinComb%v", op.coef) }
func (op *linCombOp) Hashcode() uint32      { return hashOp(op) }
func (op *linCombOp) String() string        { return fmt.Sprintf("LinComb%v", op.coef) }
func (op *linCombOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	for i := range s {
		if !s[i].Eq(s[0]) {
			return nil, fmt.Errorf("linear combination: input %d has shape %v, input 0 has %v", i, s[i], s[0])
		}
	}
	return s[0].Clone(), nil
}

func (op *linCombOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	out := op.out.get(in[0].Dtype(), in[0].Shape()...)
	switch out.Dtype() {
	case tensor.Float32:
		linComb(backing[float32](out), in, op.coef)
	case tensor.Float64:
		linComb(backing[float64](out), in, op.coef)
	default:
		return nil, fmt.Errorf("linear combination: unsupported dtype %v", out.Dtype())
	}
	return out, nil
}

func linComb[T float32 | float64](dst []T, in []*tensor.Dense, coef []float64) {
	first, c0 := backing[T](in[0]), T(coef[0])
	for i, v := range first {
		dst[i] = c0 * v
	}
	for j := 1; j < len(in); j++ {
		x, c := backing[T](in[j]), T(coef[j])
		for i, v := range x {
			dst[i] += c * v
		}
	}
}

func (op *linCombOp) DiffWRT(n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	return out
}

func (op *linCombOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	grads := make(G.Nodes, len(inputs))
	for j, c := range op.coef {
		if c == 1 {
			grads[j] = grad
			continue
		}
		var err error
		if grads[j], err = G.ApplyOp(&linCombOp{coef: []float64{c}}, grad); err != nil {
			return nil, err
		}
	}
	return grads, nil
}

// linearCombination adds Σ_j coef[j]·x[j] to the graph as one node.
func linearCombination(coef []float64, x ...*G.Node) (*G.Node, error) {
	if len(coef) != len(x) {
		return nil, fmt.Errorf("linear combination: %d coefficients for %d inputs", len(coef), len(x))
	}
	return G.ApplyOp(&linCombOp{coef: coef}, x...)
}
