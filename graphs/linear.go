package graphs

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Linear is a dense layer y = x·W + b on a batch of row vectors: W has shape
// (in, out) and b has shape (1, out).
type Linear struct {
	W, B *Param
}

// NewLinear returns a layer initialised as PyTorch's nn.Linear: every weight
// and bias drawn from U(-1/√in, 1/√in).
func NewLinear(rng *rand.Rand, dt tensor.Dtype, name string, in, out int) *Linear {
	l := &Linear{
		W: NewParam(name+".W", dt, in, out),
		B: NewParam(name+".b", dt, 1, out),
	}
	bound := kaimingUniformBound(in)
	l.W.fillUniform(rng, bound)
	l.B.fillUniform(rng, bound)
	return l
}

// In returns the input width.
func (l *Linear) In() int { return l.W.Value.Shape()[0] }

// Out returns the output width.
func (l *Linear) Out() int { return l.W.Value.Shape()[1] }

// Params returns W and b.
func (l *Linear) Params() []*Param { return []*Param{l.W, l.B} }

// ZeroInit sets W and b to zero.
func (l *Linear) ZeroInit() {
	for _, p := range l.Params() {
		if err := p.SetFloat64s(make([]float64, p.Size())); err != nil {
			panic(err) // the length matches by construction
		}
	}
}

// Apply adds x·W + b to the graph.
func (l *Linear) Apply(b *Builder, x *G.Node) (*G.Node, error) {
	return l.applyActivated(b, x, Identity)
}

// applyActivated adds act(x·W + b) to the graph: one fused node, or stock
// nodes when b.Stock is set.
func (l *Linear) applyActivated(b *Builder, x *G.Node, act Activation) (*G.Node, error) {
	if !b.Stock {
		return dense(x, b.Node(l.W), b.Node(l.B), act)
	}
	z, err := affine(x, b.Node(l.W), b.Node(l.B))
	if err != nil {
		return nil, err
	}
	return act.Apply(z)
}

// affine adds x·w + bias to the graph, broadcasting the (1, out) bias over
// the rows of x.
func affine(x, w, bias *G.Node) (*G.Node, error) {
	xw, err := G.Mul(x, w)
	if err != nil {
		return nil, fmt.Errorf("x·W with x %v and W %v: %w", x.Shape(), w.Shape(), err)
	}
	return G.BroadcastAdd(xw, bias, nil, []byte{0})
}
