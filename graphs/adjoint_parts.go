package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// liftGraph computes h(0) = lift(x) and, for training, the gradients of
// sum(upstream ⊙ h(0)) with respect to the lift's parameters: with
// upstream = ∂L/∂h(0) these are the lift's part of ∂L/∂θ.
type liftGraph struct {
	builder  *Builder
	x        *G.Node
	upstream *G.Node
	h0       *G.Node
	cost     *G.Node
	params   []*Param
	grads    G.Nodes // aligned with params
	vm       G.VM
}

func newLiftGraph(lift *Linear, dt tensor.Dtype, batch int, train bool) (*liftGraph, error) {
	b := NewBuilder(dt)
	g := &liftGraph{builder: b, x: b.Input("x", batch, lift.In())}
	var err error
	if g.h0, err = lift.Apply(b, g.x); err != nil {
		return nil, err
	}
	if train {
		g.upstream = b.Input("upstream", batch, lift.Out())
		weighted, err := G.HadamardProd(g.upstream, g.h0)
		if err != nil {
			return nil, err
		}
		if g.cost, err = G.Sum(weighted); err != nil {
			return nil, err
		}
		g.params = b.Params()
		if g.grads, err = G.Grad(g.cost, b.ParamNodes()...); err != nil {
			return nil, fmt.Errorf("gradients: %w", err)
		}
	}
	g.vm = G.NewTapeMachine(b.Graph)
	return g, nil
}

func (g *liftGraph) run() error {
	defer g.vm.Reset()
	return g.vm.RunAll()
}

func (g *liftGraph) retained() Retained {
	if g.cost == nil {
		return Retained{}
	}
	return CountRetained(g.cost, g.builder.ParamNodes())
}

// headGraph computes the logits and the cross-entropy loss from h(1) and,
// for training, the gradients of the loss with respect to the head's
// parameters and to h(1).
type headGraph struct {
	builder *Builder
	h1      *G.Node
	targets *G.Node
	logits  *G.Node
	loss    *G.Node
	params  []*Param
	grads   G.Nodes // aligned with params
	gradH1  *G.Node
	vm      G.VM
}

func newHeadGraph(head *MLP, dt tensor.Dtype, batch, dim int, train bool) (*headGraph, error) {
	b := NewBuilder(dt)
	g := &headGraph{builder: b, h1: b.Input("h1", batch, dim)}
	var err error
	if g.logits, err = head.Apply(b, g.h1); err != nil {
		return nil, err
	}
	g.targets = b.Input("targets", batch, g.logits.Shape()[1])
	if g.loss, err = crossEntropy(b, g.logits, g.targets); err != nil {
		return nil, fmt.Errorf("loss: %w", err)
	}
	if train {
		g.params = b.Params()
		grads, err := G.Grad(g.loss, append(b.ParamNodes(), g.h1)...)
		if err != nil {
			return nil, fmt.Errorf("gradients: %w", err)
		}
		g.grads, g.gradH1 = grads[:len(g.params)], grads[len(g.params)]
	}
	g.vm = G.NewTapeMachine(b.Graph)
	return g, nil
}

// run evaluates the head on the states h1.
func (g *headGraph) run(h1 []float64) error {
	if err := setValues(g.h1.Value(), h1); err != nil {
		return err
	}
	defer g.vm.Reset()
	return g.vm.RunAll()
}

func (g *headGraph) retained() Retained {
	if g.gradH1 == nil {
		return Retained{}
	}
	return CountRetained(g.loss, g.builder.ParamNodes())
}
