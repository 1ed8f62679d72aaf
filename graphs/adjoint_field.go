package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fieldGraph is one evaluation of the dynamics in a graph of its own. It
// computes f(t, h) for a batch of states. For the adjoint it also computes
// the vector-Jacobian products a·∂f/∂h and a·∂f/∂θ, the gradients of
// sum(a ⊙ f) with respect to h and θ.
type fieldGraph struct {
	builder *Builder
	h, a    *G.Node // (batch, dim) inputs; a is nil without products
	t       *G.Node // 1×1 input, nil when t is a constant of the graph
	f       *G.Node
	cost    *G.Node // sum(a ⊙ f), nil without products
	gradH   *G.Node
	gradθ   G.Nodes // aligned with the dynamics' Params
	vm      G.VM
}

// newFieldGraph builds the graph for dynamics d. If d implements
// TimeNodeDynamics, t is an input node and the graph serves every time;
// otherwise the graph is built for the one time t.
func newFieldGraph(d Dynamics, dt tensor.Dtype, batch int, products bool, t float64) (*fieldGraph, error) {
	b := NewBuilder(dt)
	g := &fieldGraph{builder: b, h: b.Input("h", batch, d.Dim())}
	if td, ok := d.(TimeNodeDynamics); ok {
		g.t = b.TimeInput("t")
		field, err := td.BindTimeNode(b)
		if err != nil {
			return nil, err
		}
		if g.f, err = field(g.t, g.h); err != nil {
			return nil, fmt.Errorf("dynamics: %w", err)
		}
	} else {
		field, err := d.Bind(b)
		if err != nil {
			return nil, err
		}
		if g.f, err = field(t, g.h); err != nil {
			return nil, fmt.Errorf("dynamics at t = %g: %w", t, err)
		}
	}

	if products {
		g.a = b.Input("a", batch, d.Dim())
		weighted, err := G.HadamardProd(g.a, g.f)
		if err != nil {
			return nil, err
		}
		if g.cost, err = G.Sum(weighted); err != nil {
			return nil, err
		}
		wrt := G.Nodes{g.h}
		for _, p := range d.Params() {
			wrt = append(wrt, b.Node(p))
		}
		grads, err := G.Grad(g.cost, wrt...)
		if err != nil {
			return nil, fmt.Errorf("vector-Jacobian products of the dynamics: %w", err)
		}
		g.gradH, g.gradθ = grads[0], grads[1:]
	}
	g.vm = G.NewTapeMachine(b.Graph)
	return g, nil
}

// run evaluates the graph at time t for the states h and, with products,
// the adjoints a.
func (g *fieldGraph) run(t float64, h, a []float64) error {
	if g.t != nil {
		if err := setValues(g.t.Value(), []float64{t}); err != nil {
			return err
		}
	}
	if err := setValues(g.h.Value(), h); err != nil {
		return err
	}
	if g.a != nil {
		if err := setValues(g.a.Value(), a); err != nil {
			return err
		}
	}
	defer g.vm.Reset()
	return g.vm.RunAll()
}

// retained counts the forward values that the products read.
func (g *fieldGraph) retained() Retained {
	if g.cost == nil {
		return Retained{}
	}
	return CountRetained(g.cost, g.builder.ParamNodes())
}

func (g *fieldGraph) close() error { return g.vm.Close() }

// fieldEvaluator evaluates the dynamics on values in Go slices. With a
// TimeNodeDynamics it reuses one graph for every evaluation. With any other
// Dynamics it builds and discards a graph per evaluation, because the time
// is a constant of the graph.
// NOTE: that fallback keeps memory flat in the number of steps but compiles
// a graph at every evaluation, which is much slower.
type fieldEvaluator struct {
	dynamics Dynamics
	dtype    tensor.Dtype
	batch    int
	products bool
	reused   *fieldGraph // nil for the per-evaluation fallback
}

func newFieldEvaluator(d Dynamics, dt tensor.Dtype, batch int, products bool) (*fieldEvaluator, error) {
	e := &fieldEvaluator{dynamics: d, dtype: dt, batch: batch, products: products}
	if _, ok := d.(TimeNodeDynamics); ok {
		g, err := newFieldGraph(d, dt, batch, products, 0)
		if err != nil {
			return nil, err
		}
		e.reused = g
	}
	return e, nil
}

// eval writes f(t, h) into f and, with products, a·∂f/∂h into gradH and
// a·∂f/∂θ into gradθ, the parameters' values one after the other in the
// order of the dynamics' Params. scale multiplies the products, so the
// adjoint passes -1 for the right-hand side of its equations.
func (e *fieldEvaluator) eval(t float64, h, a, f, gradH, gradθ []float64, scale float64) error {
	g := e.reused
	if g == nil {
		var err error
		if g, err = newFieldGraph(e.dynamics, e.dtype, e.batch, e.products, t); err != nil {
			return err
		}
		defer g.close()
	}
	if err := g.run(t, h, a); err != nil {
		return err
	}
	copyScaled(f, g.f.Value(), 1)
	if !e.products {
		return nil
	}
	copyScaled(gradH, g.gradH.Value(), scale)
	offset := 0
	for _, n := range g.gradθ {
		size := n.Shape().TotalSize()
		copyScaled(gradθ[offset:offset+size], n.Value(), scale)
		offset += size
	}
	return nil
}

// retained counts the values the products read in one evaluation. The
// fallback builds a graph to count them.
func (e *fieldEvaluator) retained() (Retained, error) {
	if e.reused != nil {
		return e.reused.retained(), nil
	}
	g, err := newFieldGraph(e.dynamics, e.dtype, e.batch, e.products, 0)
	if err != nil {
		return Retained{}, err
	}
	defer g.close()
	return g.retained(), nil
}

func (e *fieldEvaluator) close() error {
	if e.reused == nil {
		return nil
	}
	return e.reused.close()
}

// copyScaled writes scale times the values of a float32 or float64 tensor
// into dst without allocating.
func copyScaled(dst []float64, v G.Value, scale float64) {
	switch data := v.Data().(type) {
	case []float32:
		for i := range dst {
			dst[i] = scale * float64(data[i])
		}
	case []float64:
		for i := range dst {
			dst[i] = scale * data[i]
		}
	}
}
