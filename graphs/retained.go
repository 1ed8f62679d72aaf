package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Retained is the memory that the backward pass of a graph needs from its
// forward pass, counted from the graph's structure.
//
// The rule: the forward nodes are cost and every node it depends on. Every
// other node of the graph was added by the gradient computation. A value is
// retained when a gradient node reads it as an input and it is a forward
// node that is neither a parameter nor a constant. A gradient node that
// reads only the shape of its input (Gorgonia's SizeOf) does not count as a
// reader. Each retained node
// counts once, at TotalSize × the size of its dtype, even where it is a
// view of another node (a slice or a reshape), so views of activations
// count in full. Batch inputs such as x and the one-hot targets count when a
// gradient node reads them, as in PyTorch, whose saved tensors include every
// input of an operation except the parameters.
//
// NOTE: a Gorgonia tape machine keeps the value of every node between runs,
// gradient nodes and forward values the gradient never reads included, so
// the heap a Program holds is larger than Bytes. Bytes is what a backward
// pass needs, not what this implementation allocates.
type Retained struct {
	Nodes int   // retained values
	Bytes int64 // their total size
}

// CountRetained applies the rule of Retained to the graph of cost, whose
// gradient nodes are already in the graph, with params the parameter nodes.
func CountRetained(cost *G.Node, params G.Nodes) Retained {
	g := cost.Graph()
	forward := map[*G.Node]bool{}
	stack := G.Nodes{cost}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if forward[n] {
			continue
		}
		forward[n] = true
		stack = append(stack, children(g, n)...)
	}

	isParam := map[*G.Node]bool{}
	for _, p := range params {
		isParam[p] = true
	}
	counted := map[*G.Node]bool{}
	var r Retained
	for _, n := range g.AllNodes() {
		if forward[n] || readsShapeOnly(n) {
			continue
		}
		for _, c := range children(g, n) {
			if !forward[c] || isParam[c] || isConstant(c) || counted[c] {
				continue
			}
			counted[c] = true
			r.Nodes++
			r.Bytes += int64(c.Shape().TotalSize() * int(c.Dtype().Size()))
		}
	}
	return r
}

// children returns the inputs of n in g.
func children(g *G.ExprGraph, n *G.Node) G.Nodes {
	var out G.Nodes
	it := g.From(n.ID())
	for it.Next() {
		out = append(out, it.Node().(*G.Node))
	}
	return out
}

// isConstant reports a node made by an operation with no inputs, such as
// G.NewConstant: its value is fixed when the graph is built.
func isConstant(n *G.Node) bool { return n.Op() != nil && n.Op().Arity() == 0 }

// readsShapeOnly reports an operation that uses the shape of its input and
// not its values: Gorgonia's SizeOf, which broadcasting and sums add.
// NOTE: Gorgonia v0.9.18 does not export the type, so the check compares its
// name and must follow a rename in a later version.
func readsShapeOnly(n *G.Node) bool { return fmt.Sprintf("%T", n.Op()) == "gorgonia.sizeOp" }

// Retained counts the forward values that the gradients of a training
// program read under the rule of Retained, zero for a program compiled
// without training.
func (p *Program) Retained() Retained {
	if p.grads == nil {
		return Retained{}
	}
	return CountRetained(p.loss, p.builder.ParamNodes())
}
