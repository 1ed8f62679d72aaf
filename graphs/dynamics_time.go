package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TimeNodeField adds f(t, h) to the graph it was bound to, reading t from a
// 1×1 matrix node. One field node built this way serves every time of a
// solve: the caller overwrites the value of t between runs, so the graph
// does not grow with the number of steps.
type TimeNodeField func(t, h *G.Node) (*G.Node, error)

// TimeNodeDynamics is a Dynamics that can also read the time from a graph
// node. The adjoint method needs it to build one reusable step graph.
// Dynamics without it still work with the adjoint, which then builds a new
// graph for every evaluation of f.
type TimeNodeDynamics interface {
	Dynamics
	// BindTimeNode prepares the dynamics for one graph, as Bind does, and
	// returns the field with t as a node.
	BindTimeNode(b *Builder) (TimeNodeField, error)
}

// TimeInput returns a 1×1 matrix input node for t, holding zero.
func (b *Builder) TimeInput(name string) *G.Node { return b.Input(name, 1, 1) }

// BindTimeNode returns the vector field with t read from a 1×1 node. The
// first layer computes h·W_h + (b + t·w_t), as Bind does, with t·w_t a
// (1×1)·(1×hidden) matrix product.
func (d *MLPDynamics) BindTimeNode(b *Builder) (TimeNodeField, error) {
	if d.Autonomous {
		return func(_, h *G.Node) (*G.Node, error) { return d.Net.Apply(b, h) }, nil
	}

	wh, wt, bias, err := d.splitFirstLayer(b)
	if err != nil {
		return nil, err
	}
	rest := &MLP{Layers: d.Net.Layers[1:], Activations: d.Net.Activations[1:]}

	return func(t, h *G.Node) (*G.Node, error) {
		tw, err := G.Mul(t, wt)
		if err != nil {
			return nil, fmt.Errorf("dynamics: t·w_t with t %v: %w", t.Shape(), err)
		}
		biasAtT, err := G.Add(bias, tw)
		if err != nil {
			return nil, err
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

// splitFirstLayer returns the rows of the first layer's weight matrix of
// shape (dim+1, hidden) that multiply h, the row that multiplies t as a
// (1, hidden) matrix, and the bias. Both slices are views of the one weight
// node.
func (d *MLPDynamics) splitFirstLayer(b *Builder) (wh, wt, bias *G.Node, err error) {
	first := d.Net.Layers[0]
	dim := d.Dim()
	w := b.Node(first.W)
	if wh, err = G.Slice(w, G.S(0, dim)); err != nil {
		return nil, nil, nil, fmt.Errorf("dynamics: slicing W_h: %w", err)
	}
	if wt, err = G.Slice(w, G.S(dim, dim+1)); err != nil {
		return nil, nil, nil, fmt.Errorf("dynamics: slicing w_t: %w", err)
	}
	if wt.Shape().Dims() == 1 { // a one-row slice drops to a vector
		if wt, err = G.Reshape(wt, tensor.Shape{1, first.Out()}); err != nil {
			return nil, nil, nil, fmt.Errorf("dynamics: reshaping w_t: %w", err)
		}
	}
	return wh, wt, b.Node(first.B), nil
}
