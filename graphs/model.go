package graphs

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a classifier that adds its forward pass to a graph.
type Model interface {
	// Name returns a short identifier such as "euler" or "resnet".
	Name() string
	// Params returns the trainable parameters, each once.
	Params() []*Param
	// Forward adds the logits of the batch x (one row per sample) to the
	// graph of b.
	Forward(b *Builder, x *G.Node) (*Output, error)
}

// Output is the result of a forward pass in a graph.
type Output struct {
	Logits *G.Node
	// Path holds the hidden state nodes after the lift and after every
	// step or block.
	// NOTE: after a run, Value() of these nodes may hold a later state,
	// because the tape machine reuses memory. PathRecorder copies them.
	Path *Trajectory
}

// Arch is the shape shared by the spiral models: a lift from In to Dim, a
// depth of Steps layers or solver steps with MLPs of width Hidden, and a
// head Dim → HeadHidden → Classes with a ReLU.
type Arch struct {
	In, Dim, Hidden, HeadHidden, Classes int
	Steps                                int
}

// SpiralArch is the architecture of the two-spiral study.
var SpiralArch = Arch{In: 2, Dim: 6, Hidden: 128, HeadHidden: 64, Classes: 2, Steps: 20}

// Validate checks that every size is positive.
func (a Arch) Validate() error {
	for _, v := range []struct {
		name  string
		value int
	}{{"in", a.In}, {"dim", a.Dim}, {"hidden", a.Hidden}, {"head hidden", a.HeadHidden}, {"classes", a.Classes}, {"steps", a.Steps}} {
		if v.value < 1 {
			return fmt.Errorf("architecture: %s = %d, want at least 1", v.name, v.value)
		}
	}
	return nil
}

// newHead returns the classifier head that every spiral model shares.
func newHead(rng *rand.Rand, dt tensor.Dtype, a Arch) *MLP {
	return NewMLP(rng, dt, "head", []int{a.Dim, a.HeadHidden, a.Classes}, []Activation{ReLU, Identity})
}

// ODEClassifier is a Neural ODE classifier: h(0) = lift(x), h(1) from the
// solver applied to the dynamics, logits = head(h(1)).
type ODEClassifier struct {
	Lift     *Linear
	Dynamics Dynamics
	Head     *MLP
	Solver   Solver
}

// NewODEClassifier returns the spiral study's Neural ODE with the
// time-dependent MLP dynamics, integrated on [0, 1] in a.Steps steps of tab.
func NewODEClassifier(rng *rand.Rand, dt tensor.Dtype, a Arch, tab Tableau) (*ODEClassifier, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	solver := Solver{Tableau: tab, Steps: a.Steps, T0: 0, T1: 1}
	if err := solver.Validate(); err != nil {
		return nil, err
	}
	lift := NewLinear(rng, dt, "lift", a.In, a.Dim)
	dyn := NewMLPDynamics(rng, dt, a.Dim, a.Hidden, false)
	head := newHead(rng, dt, a)
	return &ODEClassifier{Lift: lift, Dynamics: dyn, Head: head, Solver: solver}, nil
}

// Name returns the tableau's name.
func (m *ODEClassifier) Name() string { return m.Solver.Tableau.Name }

// Params returns the lift, dynamics and head parameters.
func (m *ODEClassifier) Params() []*Param {
	return uniqueParams(m.Lift.Params(), m.Dynamics.Params(), m.Head.Params())
}

// Forward adds lift, unrolled solve and head to the graph.
func (m *ODEClassifier) Forward(b *Builder, x *G.Node) (*Output, error) {
	h0, err := m.Lift.Apply(b, x)
	if err != nil {
		return nil, fmt.Errorf("lift: %w", err)
	}

	f, err := m.Dynamics.Bind(b)
	if err != nil {
		return nil, err
	}
	path, err := m.Solver.Integrate(f, b, h0)
	if err != nil {
		return nil, err
	}

	logits, err := m.Head.Apply(b, path.Final())
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	return &Output{Logits: logits, Path: path}, nil
}

// ResNet is the discrete counterpart: h ← h + block_i(h)/N for N blocks
// with separate weights, which is an Euler step of size 1/N with a
// different vector field at each step.
type ResNet struct {
	Lift   *Linear
	Blocks []*MLP
	Head   *MLP
}

// NewResNet returns the spiral study's ResNet MLP: a.Steps blocks
// Dim → Hidden → Hidden → Dim with tanh, tanh, linear and no time input.
func NewResNet(rng *rand.Rand, dt tensor.Dtype, a Arch) (*ResNet, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	m := &ResNet{Lift: NewLinear(rng, dt, "lift", a.In, a.Dim)}
	for i := range a.Steps {
		m.Blocks = append(m.Blocks, NewMLP(rng, dt, fmt.Sprintf("block%02d", i), []int{a.Dim, a.Hidden, a.Hidden, a.Dim}, []Activation{Tanh, Tanh, Identity}))
	}
	m.Head = newHead(rng, dt, a)
	return m, nil
}

// Name returns "resnet".
func (m *ResNet) Name() string { return "resnet" }

// Params returns the lift, block and head parameters. A block listed twice
// (shared weights) contributes its parameters once.
func (m *ResNet) Params() []*Param {
	groups := [][]*Param{m.Lift.Params()}
	for _, blk := range m.Blocks {
		groups = append(groups, blk.Params())
	}
	groups = append(groups, m.Head.Params())
	return uniqueParams(groups...)
}

// Forward adds lift, residual blocks and head to the graph.
func (m *ResNet) Forward(b *Builder, x *G.Node) (*Output, error) {
	h, err := m.Lift.Apply(b, x)
	if err != nil {
		return nil, fmt.Errorf("lift: %w", err)
	}

	n := len(m.Blocks)
	path := &Trajectory{States: G.Nodes{h}, Times: []float64{0}}
	for i, blk := range m.Blocks {
		r, err := blk.Apply(b, h)
		if err != nil {
			return nil, fmt.Errorf("block %d: %w", i, err)
		}
		if h, err = combine(b, h, 1/float64(n), []float64{1}, G.Nodes{r}); err != nil {
			return nil, err
		}
		path.States = append(path.States, h)
		path.Times = append(path.Times, float64(i+1)/float64(n))
	}

	logits, err := m.Head.Apply(b, h)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	return &Output{Logits: logits, Path: path}, nil
}

// NewSpiralModel returns the model of the given kind: "euler", "midpoint",
// "heun" and "rk4" name a Neural ODE with that tableau, "resnet" the ResNet.
func NewSpiralModel(kind string, rng *rand.Rand, dt tensor.Dtype, a Arch) (Model, error) {
	if kind == "resnet" {
		return NewResNet(rng, dt, a)
	}
	tab, ok := Tableaus[kind]
	if !ok {
		return nil, fmt.Errorf("unknown model %q: want resnet or a tableau name (euler, midpoint, heun, rk4)", kind)
	}
	return NewODEClassifier(rng, dt, a, tab)
}
