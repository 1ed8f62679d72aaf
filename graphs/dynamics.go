package graphs

import (
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// VectorField adds f(t, h) to the graph it was bound to. h is a batch of
// states, one row per sample, and the result has the same shape.
type VectorField func(t float64, h *G.Node) (*G.Node, error)

// Dynamics is a learned vector field f(t, h; θ), the right-hand side of
// dh/dt = f(t, h). The solvers take any Dynamics, so a new model of
// continuous depth is one type that implements this interface.
type Dynamics interface {
	// Dim returns the width of the state h.
	Dim() int
	// Params returns θ.
	Params() []*Param
	// Bind prepares the dynamics for one graph, for example by creating
	// the nodes that every evaluation shares, and returns the vector field.
	Bind(b *Builder) (VectorField, error)
}

// MLPDynamics is the vector field of the spiral study: an MLP on the
// concatenation [h; t], dim+1 → hidden → hidden → dim, with tanh after the
// first two layers and a linear output. With Autonomous set the time input
// is dropped and the first layer is dim → hidden.
type MLPDynamics struct {
	Net        *MLP
	Autonomous bool
}

// NewMLPDynamics returns the dynamics with PyTorch's default initialisation,
// except that the output layer starts at zero. Then f ≡ 0 and the flow
// starts as the identity map.
func NewMLPDynamics(rng *rand.Rand, dt tensor.Dtype, dim, hidden int, autonomous bool) *MLPDynamics {
	in := dim + 1
	if autonomous {
		in = dim
	}
	net := NewMLP(rng, dt, "dynamics", []int{in, hidden, hidden, dim}, []Activation{Tanh, Tanh, Identity})
	net.Layers[2].ZeroInit()
	return &MLPDynamics{Net: net, Autonomous: autonomous}
}

// Dim returns the state width.
func (d *MLPDynamics) Dim() int { return d.Net.Layers[len(d.Net.Layers)-1].Out() }

// Params returns the MLP's parameters.
func (d *MLPDynamics) Params() []*Param { return d.Net.Params() }

// Bind returns the vector field. The first layer's weight matrix of shape
// (dim+1, hidden) holds the rows that multiply h and, last, the row that
// multiplies t, so [h; t]·W + b = h·W_h + (b + t·w_t) and no
// concatenation is needed. The fused dense op reads both parts of W
// directly; the stock graph slices W into two views of the one node.
func (d *MLPDynamics) Bind(b *Builder) (VectorField, error) {
	if d.Autonomous {
		return func(_ float64, h *G.Node) (*G.Node, error) { return d.Net.Apply(b, h) }, nil
	}

	first := d.Net.Layers[0]
	rest := &MLP{Layers: d.Net.Layers[1:], Activations: d.Net.Activations[1:]}
	if !b.Stock {
		w, bias := b.Node(first.W), b.Node(first.B)
		return func(t float64, h *G.Node) (*G.Node, error) {
			a, err := denseAtTime(h, w, bias, t, d.Net.Activations[0])
			if err != nil {
				return nil, err
			}
			return rest.Apply(b, a)
		}, nil
	}

	wh, wt, bias, err := d.splitFirstLayer(b)
	if err != nil {
		return nil, err
	}

	return func(t float64, h *G.Node) (*G.Node, error) {
		biasAtT := bias
		if t != 0 {
			tw, err := G.Mul(wt, b.Scalar(t))
			if err != nil {
				return nil, err
			}
			if biasAtT, err = G.Add(bias, tw); err != nil {
				return nil, err
			}
		}
		z, err := affine(h, wh, biasAtT)
		if err != nil {
			return nil, err
		}
		a, err := d.Net.Activations[0].Apply(z)
		if err != nil {
			return nil, err
		}
		return rest.Apply(b, a)
	}, nil
}
