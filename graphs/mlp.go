package graphs

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Activation is an elementwise nonlinearity applied after a layer.
type Activation int

// The activations the models use.
const (
	Identity Activation = iota
	Tanh
	ReLU
)

// String returns the activation's usual name.
func (a Activation) String() string {
	switch a {
	case Identity:
		return "identity"
	case Tanh:
		return "tanh"
	case ReLU:
		return "relu"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Apply adds the activation of x to the graph.
func (a Activation) Apply(x *G.Node) (*G.Node, error) {
	switch a {
	case Identity:
		return x, nil
	case Tanh:
		return G.Tanh(x)
	case ReLU:
		return G.Rectify(x)
	}
	return nil, fmt.Errorf("unknown activation %d", int(a))
}

// MLP is a stack of dense layers. Activations[i] follows Layers[i].
type MLP struct {
	Layers      []*Linear
	Activations []Activation
}

// NewMLP returns an MLP with layer widths sizes[0] → sizes[1] → … and the
// given activation after each layer. len(acts) must be len(sizes)-1.
func NewMLP(rng *rand.Rand, dt tensor.Dtype, name string, sizes []int, acts []Activation) *MLP {
	if len(acts) != len(sizes)-1 {
		panic(fmt.Sprintf("graphs: MLP %s has %d layers but %d activations", name, len(sizes)-1, len(acts)))
	}
	m := &MLP{Activations: append([]Activation(nil), acts...)}
	for i := 0; i+1 < len(sizes); i++ {
		m.Layers = append(m.Layers, NewLinear(rng, dt, fmt.Sprintf("%s.%d", name, i), sizes[i], sizes[i+1]))
	}
	return m
}

// Params returns the parameters of every layer in order.
func (m *MLP) Params() []*Param {
	var out []*Param
	for _, l := range m.Layers {
		out = append(out, l.Params()...)
	}
	return out
}

// Apply adds the MLP applied to x to the graph.
func (m *MLP) Apply(b *Builder, x *G.Node) (*G.Node, error) {
	h := x
	for i, l := range m.Layers {
		var err error
		if h, err = l.applyActivated(b, h, m.Activations[i]); err != nil {
			return nil, fmt.Errorf("layer %s: %w", l.W.Name, err)
		}
	}
	return h, nil
}
