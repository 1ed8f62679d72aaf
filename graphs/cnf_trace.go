package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// jacobianMLP evaluates an MLP velocity together with the trace of its
// Jacobian with respect to z, in closed form.
//
// For the input direction e_j the forward-mode tangent of every layer is
//
//	ẏ₁ = σ′(a₁) ⊙ W_z[j, :],   ẏₖ = σ′(aₖ) ⊙ (ẏₖ₋₁·Wₖ),   v̇ = ẏ_{L−1}·W_L
//
// with σ′ = 1 − tanh² for tanh and 1 for the identity. The diagonal entry
// ∂v_j/∂z_j is v̇'s column j, ẏ_{L−1}·W_L[:, j], and the trace sums the d
// entries. The cost is d extra passes of the hidden layers, which is cheap
// for the 2-D flows here. Every operation is a first-order Gorgonia op, so
// the gradient of the trace with respect to the weights comes from G.Grad.
type jacobianMLP struct {
	net *MLP
	// firstW is the first weight matrix with its time row set to zero,
	// shape (d+1, hidden), so that [z, ℓ]·firstW = z·W_z.
	firstW *G.Node
	// rows holds W_z[j, :] as (1, hidden) nodes.
	rows G.Nodes
	// outCols holds W_L[:, j] as (hidden, 1) nodes.
	outCols G.Nodes
}

// apply returns v (batch, d) and tr(∂v/∂z) (batch, 1) for the state h
// (batch, d+1). bias is the first layer's bias with the time term added.
func (m *jacobianMLP) apply(b *Builder, h, bias *G.Node) (v, trace *G.Node, err error) {
	layers := m.net.Layers
	acts := m.net.Activations
	d := len(m.rows)

	a, err := affine(h, m.firstW, bias)
	if err != nil {
		return nil, nil, fmt.Errorf("layer %s: %w", layers[0].W.Name, err)
	}
	y, deriv, err := activate(b, acts[0], a)
	if err != nil {
		return nil, nil, fmt.Errorf("layer %s: %w", layers[0].W.Name, err)
	}
	tangents := make(G.Nodes, d)
	for j := range d {
		if tangents[j], err = scaleTangent(deriv, m.rows[j]); err != nil {
			return nil, nil, fmt.Errorf("layer %s tangent %d: %w", layers[0].W.Name, j, err)
		}
	}

	for k := 1; k < len(layers)-1; k++ {
		l := layers[k]
		if a, err = l.Apply(b, y); err != nil {
			return nil, nil, fmt.Errorf("layer %s: %w", l.W.Name, err)
		}
		if y, deriv, err = activate(b, acts[k], a); err != nil {
			return nil, nil, fmt.Errorf("layer %s: %w", l.W.Name, err)
		}
		w := b.Node(l.W)
		for j := range d {
			moved, err := matMul(tangents[j], w)
			if err != nil {
				return nil, nil, fmt.Errorf("layer %s tangent %d: %w", l.W.Name, j, err)
			}
			if tangents[j], err = scaleTangent(deriv, moved); err != nil {
				return nil, nil, fmt.Errorf("layer %s tangent %d: %w", l.W.Name, j, err)
			}
		}
	}

	out := layers[len(layers)-1]
	if v, err = out.Apply(b, y); err != nil {
		return nil, nil, fmt.Errorf("layer %s: %w", out.W.Name, err)
	}
	for j := range d {
		diag, err := matMul(tangents[j], m.outCols[j])
		if err != nil {
			return nil, nil, fmt.Errorf("diagonal entry %d: %w", j, err)
		}
		if trace == nil {
			trace = diag
		} else if trace, err = G.Add(trace, diag); err != nil {
			return nil, nil, fmt.Errorf("trace: %w", err)
		}
	}

	// With identity activations only, the Jacobian does not depend on the
	// state, and the trace is a (1, 1) node to spread over the batch.
	if rows := h.Shape()[0]; trace.Shape()[0] != rows {
		ones := constMatrix(b, "cnf.ones", rows, 1, filled(rows, 1))
		if trace, err = matMul(ones, trace); err != nil {
			return nil, nil, fmt.Errorf("trace: %w", err)
		}
	}
	return v, trace, nil
}

// activate applies act to a and returns its derivative at a as well, nil
// for the identity, whose derivative is 1.
func activate(b *Builder, act Activation, a *G.Node) (y, deriv *G.Node, err error) {
	switch act {
	case Identity:
		return a, nil, nil
	case Tanh:
		if y, err = G.Tanh(a); err != nil {
			return nil, nil, err
		}
		sq, err := G.Square(y)
		if err != nil {
			return nil, nil, err
		}
		if deriv, err = G.Sub(b.Scalar(1), sq); err != nil { // 1 − tanh²(a)
			return nil, nil, err
		}
		return y, deriv, nil
	}
	return nil, nil, fmt.Errorf("activation %v has no closed-form derivative here", act)
}

// scaleTangent returns deriv ⊙ tangent, broadcasting a (1, n) tangent over
// the rows of deriv. A nil deriv stands for the identity.
func scaleTangent(deriv, tangent *G.Node) (*G.Node, error) {
	switch {
	case deriv == nil:
		return tangent, nil
	case tangent.Shape()[0] == 1 && deriv.Shape()[0] != 1:
		return G.BroadcastHadamardProd(deriv, tangent, nil, []byte{0})
	}
	return G.HadamardProd(deriv, tangent)
}

// filled returns n copies of v.
func filled(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}
