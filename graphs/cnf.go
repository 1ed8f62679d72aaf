package graphs

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// CNFDynamics is the vector field of a continuous normalizing flow (Chen,
// Rubanova, Bettencourt and Duvenaud, "Neural Ordinary Differential
// Equations", NeurIPS 2018) in d dimensions. A velocity v(t, z), an MLP on
// [z; t], moves the points, and the instantaneous change of variables
//
//	d log p(z(t))/dt = −tr(∂v/∂z)
//
// moves their log-density. The state is augmented to [z, ℓ], width d+1, so
// that the solvers integrate both unchanged: f(t, [z, ℓ]) = [v(t, z),
// −tr(∂v/∂z)]. Started at ℓ = 0, ℓ(t) is the change of log-density
// along the path.
//
// The trace is exact: the graph computes the d diagonal entries of the
// Jacobian in closed form by forward-mode differentiation through the MLP
// (see jacobianTrace), so training differentiates through them with
// first derivatives only.
type CNFDynamics struct {
	// Net is the velocity: (d+1) → hidden … → d. Every hidden layer is
	// followed by Tanh or Identity and the output layer by Identity.
	Net *MLP
}

// NewCNFDynamics returns a velocity MLP on d dimensions with the given
// hidden widths and tanh after every hidden layer. It has PyTorch's default
// initialisation except for a zero output layer, so the flow starts as the
// identity map and the model density as the base density.
func NewCNFDynamics(rng *rand.Rand, dt tensor.Dtype, dim int, hidden []int) (*CNFDynamics, error) {
	if dim < 1 {
		return nil, fmt.Errorf("cnf: dimension %d, want at least 1", dim)
	}
	if len(hidden) == 0 {
		return nil, fmt.Errorf("cnf: no hidden layer, want at least one")
	}
	sizes := []int{dim + 1}
	var acts []Activation
	for i, h := range hidden {
		if h < 1 {
			return nil, fmt.Errorf("cnf: hidden layer %d has width %d, want at least 1", i, h)
		}
		sizes = append(sizes, h)
		acts = append(acts, Tanh)
	}
	sizes = append(sizes, dim)
	acts = append(acts, Identity)
	net := NewMLP(rng, dt, "cnf", sizes, acts)
	net.Layers[len(net.Layers)-1].ZeroInit()
	return &CNFDynamics{Net: net}, nil
}

// DataDim returns d, the dimension of the points.
func (c *CNFDynamics) DataDim() int { return c.Net.Layers[len(c.Net.Layers)-1].Out() }

// Dim returns the width of the augmented state [z, ℓ], d+1.
func (c *CNFDynamics) Dim() int { return c.DataDim() + 1 }

// Params returns the velocity's parameters.
func (c *CNFDynamics) Params() []*Param { return c.Net.Params() }

// validate checks the layer shapes and activations that jacobianTrace
// supports.
func (c *CNFDynamics) validate() error {
	layers := c.Net.Layers
	if len(layers) < 2 || len(c.Net.Activations) != len(layers) {
		return fmt.Errorf("cnf: velocity has %d layers and %d activations, want at least 2 layers and one activation each", len(layers), len(c.Net.Activations))
	}
	d := c.DataDim()
	if layers[0].In() != d+1 {
		return fmt.Errorf("cnf: first layer takes %d inputs, want d+1 = %d ([z; t])", layers[0].In(), d+1)
	}
	for i, act := range c.Net.Activations {
		last := i == len(layers)-1
		if last && act != Identity {
			return fmt.Errorf("cnf: output activation %v, want identity", act)
		}
		if !last && act != Tanh && act != Identity {
			return fmt.Errorf("cnf: hidden activation %v after layer %d has no closed-form derivative here; use tanh or identity", act, i)
		}
	}
	return nil
}

// Bind returns the augmented vector field [v(t, z), −tr(∂v/∂z)].
//
// The state is never sliced. Because z·W_z = [z, ℓ]·diag(1, …, 1, 0)·W for
// the first weight matrix W, whose rows are [W_z; w_t], the velocity reads
// the whole state through a masked copy of W. The output is assembled with
// two matrix products with constant 0/1 matrices as well.
func (c *CNFDynamics) Bind(b *Builder) (VectorField, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	d := c.DataDim()
	first := c.Net.Layers[0]
	w := b.Node(first.W)
	bias := b.Node(first.B)

	// Constant selectors: diag(1, …, 1, 0), the unit rows e_j and e_t of the
	// first weight matrix, and the maps from v and −tr into the state.
	mask := make([]float64, (d+1)*(d+1))
	for j := range d {
		mask[j*(d+1)+j] = 1
	}
	zOnly, err := matMul(constMatrix(b, "cnf.mask", d+1, d+1, mask), w)
	if err != nil {
		return nil, fmt.Errorf("cnf: masking W: %w", err)
	}
	wt, err := matMul(constMatrix(b, "cnf.e_t", 1, d+1, unitVector(d+1, d)), w)
	if err != nil {
		return nil, fmt.Errorf("cnf: time row of W: %w", err)
	}
	rows := make(G.Nodes, d) // row j of W_z, shape (1, hidden)
	for j := range d {
		if rows[j], err = matMul(constMatrix(b, fmt.Sprintf("cnf.e_%d", j), 1, d+1, unitVector(d+1, j)), w); err != nil {
			return nil, fmt.Errorf("cnf: row %d of W: %w", j, err)
		}
	}
	out := c.Net.Layers[len(c.Net.Layers)-1]
	wOut := b.Node(out.W)
	cols := make(G.Nodes, d) // column j of the output weights, shape (hidden, 1)
	for j := range d {
		if cols[j], err = matMul(wOut, constMatrix(b, fmt.Sprintf("cnf.e_%dᵀ", j), d, 1, unitVector(d, j))); err != nil {
			return nil, fmt.Errorf("cnf: column %d of the output weights: %w", j, err)
		}
	}
	embed := make([]float64, d*(d+1))
	for j := range d {
		embed[j*(d+1)+j] = 1
	}
	placeV := constMatrix(b, "cnf.place_v", d, d+1, embed)
	placeTrace := constMatrix(b, "cnf.place_trace", 1, d+1, unitVector(d+1, d))

	net := &jacobianMLP{net: c.Net, firstW: zOnly, rows: rows, outCols: cols}
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
		v, trace, err := net.apply(b, h, biasAtT)
		if err != nil {
			return nil, fmt.Errorf("cnf: %w", err)
		}
		vPart, err := G.Mul(v, placeV)
		if err != nil {
			return nil, err
		}
		negTrace, err := G.Neg(trace)
		if err != nil {
			return nil, err
		}
		tracePart, err := G.Mul(negTrace, placeTrace)
		if err != nil {
			return nil, err
		}
		return G.Add(vPart, tracePart)
	}, nil
}

// unitVector returns the n values of e_j.
func unitVector(n, j int) []float64 {
	e := make([]float64, n)
	e[j] = 1
	return e
}

// constMatrix returns an input node holding fixed values. No gradient is
// taken with respect to it.
func constMatrix(b *Builder, name string, rows, cols int, values []float64) *G.Node {
	n := b.Input(name, rows, cols)
	if err := setValues(n.Value(), values); err != nil {
		panic(err) // b.Input makes a float32 or float64 tensor
	}
	return n
}

// matMul is G.Mul with the operand shapes in its error.
func matMul(x, y *G.Node) (*G.Node, error) {
	out, err := G.Mul(x, y)
	if err != nil {
		return nil, fmt.Errorf("%v × %v: %w", x.Shape(), y.Shape(), err)
	}
	return out, nil
}
