package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Builder holds one expression graph under construction and binds
// parameters to it. Each parameter becomes one input node per graph, and
// every layer that uses the parameter reads that same node.
type Builder struct {
	Graph *G.ExprGraph
	Dtype tensor.Dtype
	// Stock builds layers and solver updates from Gorgonia's stock ops
	// instead of the fused ops of this package. The two graphs compute
	// the same values. The stock one is slower and serves as a reference
	// in tests and benchmarks.
	Stock bool

	nodes  map[*Param]*G.Node
	params []*Param
}

// NewBuilder starts an empty graph whose values have dtype dt.
func NewBuilder(dt tensor.Dtype) *Builder {
	return &Builder{Graph: G.NewGraph(), Dtype: dt, nodes: make(map[*Param]*G.Node)}
}

// Node returns the graph node bound to p, creating it on first use.
func (b *Builder) Node(p *Param) *G.Node {
	if n, ok := b.nodes[p]; ok {
		return n
	}
	if p.Value.Dtype() != b.Dtype {
		panic(fmt.Sprintf("graphs: parameter %s has dtype %v in a %v graph", p.Name, p.Value.Dtype(), b.Dtype))
	}
	n := G.NodeFromAny(b.Graph, p.Value, G.WithName(p.Name))
	b.nodes[p] = n
	b.params = append(b.params, p)
	return n
}

// Params returns the parameters bound to the graph, in order of first use.
func (b *Builder) Params() []*Param { return b.params }

// ParamNodes returns the nodes of Params, in the same order.
func (b *Builder) ParamNodes() G.Nodes {
	out := make(G.Nodes, len(b.params))
	for i, p := range b.params {
		out[i] = b.nodes[p]
	}
	return out
}

// Scalar returns a constant node of the graph's dtype.
func (b *Builder) Scalar(v float64) *G.Node {
	if b.Dtype == tensor.Float32 {
		return G.NewConstant(float32(v))
	}
	return G.NewConstant(v)
}

// Input returns a matrix input node of the given shape, bound to a
// zero-filled tensor that the caller overwrites before each run.
func (b *Builder) Input(name string, rows, cols int) *G.Node {
	value := tensor.New(tensor.WithShape(rows, cols), tensor.Of(b.Dtype))
	return G.NewMatrix(b.Graph, b.Dtype, G.WithShape(rows, cols), G.WithName(name), G.WithValue(value))
}
