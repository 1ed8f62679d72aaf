package graphs

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LiquidTauMin is the floor of the liquid time constant τ. A softplus alone
// underflows to exactly 0 for raw values below about -708 in float64 (-103
// in float32), and 1/τ would then be infinite.
const LiquidTauMin = 1e-3

// LiquidDynamics is the liquid time-constant (LTC) cell of Hasani, Lechner,
// Amini, Rus and Grosu, "Liquid Time-constant Networks", AAAI 2021, as a
// vector field:
//
//	dh/dt = −[1/τ + g(h, t)] ⊙ h + g(h, t) ⊙ A
//
// g is a small MLP on [h; t] with a sigmoid output, so the effective time
// constant of each unit, 1/(1/τ + g), changes with the state. τ and A are
// learned per hidden unit, and τ = LiquidTauMin + softplus(TauRaw) keeps it
// positive for any raw value.
type LiquidDynamics struct {
	// Gate is g before its sigmoid: [h; t] → hidden → dim with tanh and a
	// linear output.
	Gate *MLPDynamics
	// TauRaw holds the raw parameter of τ, shape (1, dim).
	TauRaw *Param
	// A holds the reversal potentials, shape (1, dim): the value each unit
	// is pulled towards while its gate is open.
	A *Param
}

// NewLiquidDynamics returns LTC dynamics on a state of width dim whose gate
// has one hidden layer of the given width. The gate has PyTorch's default
// initialisation, τ starts at 1 and A is drawn from U(-1, 1).
func NewLiquidDynamics(rng *rand.Rand, dt tensor.Dtype, dim, hidden int) *LiquidDynamics {
	gate := NewMLP(rng, dt, "liquid.gate", []int{dim + 1, hidden, dim}, []Activation{Tanh, Identity})
	d := &LiquidDynamics{
		Gate:   &MLPDynamics{Net: gate},
		TauRaw: NewParam("liquid.tau_raw", dt, 1, dim),
		A:      NewParam("liquid.A", dt, 1, dim),
	}
	raw := make([]float64, dim)
	for i := range raw {
		raw[i] = LiquidTauRaw(1)
	}
	if err := d.TauRaw.SetFloat64s(raw); err != nil {
		panic(err) // the length matches by construction
	}
	d.A.fillUniform(rng, 1)
	return d
}

// LiquidTau returns τ = LiquidTauMin + softplus(raw), computed as the graph
// computes it: softplus(raw) is 0 below raw = -708 and raw above 16.
func LiquidTau(raw float64) float64 {
	switch {
	case raw < -708:
		return LiquidTauMin
	case raw > 16:
		return LiquidTauMin + raw
	}
	return LiquidTauMin + math.Log1p(math.Exp(raw))
}

// LiquidTauRaw returns the raw value whose τ is tau, the inverse of
// LiquidTau for tau > LiquidTauMin.
func LiquidTauRaw(tau float64) float64 {
	return math.Log(math.Expm1(tau - LiquidTauMin))
}

// Dim returns the state width.
func (d *LiquidDynamics) Dim() int { return d.A.Size() }

// Params returns the gate's parameters, then TauRaw and A.
func (d *LiquidDynamics) Params() []*Param {
	return append(d.Gate.Params(), d.TauRaw, d.A)
}

// Taus returns the current time constants τ, one per unit.
func (d *LiquidDynamics) Taus() []float64 {
	raw := d.TauRaw.Float64s()
	out := make([]float64, len(raw))
	for i, r := range raw {
		out[i] = LiquidTau(r)
	}
	return out
}

// Bind returns the vector field. 1/τ is computed once per graph, and every
// evaluation of f reads that node.
func (d *LiquidDynamics) Bind(b *Builder) (VectorField, error) {
	gate, err := d.Gate.Bind(b)
	if err != nil {
		return nil, fmt.Errorf("liquid gate: %w", err)
	}
	invTau, err := liquidInverseTau(b, b.Node(d.TauRaw))
	if err != nil {
		return nil, err
	}
	a := b.Node(d.A)

	return func(t float64, h *G.Node) (*G.Node, error) {
		logits, err := gate(t, h)
		if err != nil {
			return nil, fmt.Errorf("liquid gate: %w", err)
		}
		g, err := G.Sigmoid(logits)
		if err != nil {
			return nil, err
		}
		rate, err := G.BroadcastAdd(g, invTau, nil, []byte{0}) // 1/τ + g, (batch, dim)
		if err != nil {
			return nil, fmt.Errorf("liquid: 1/τ + g: %w", err)
		}
		decay, err := G.HadamardProd(rate, h)
		if err != nil {
			return nil, fmt.Errorf("liquid: (1/τ + g) ⊙ h: %w", err)
		}
		drive, err := G.BroadcastHadamardProd(g, a, nil, []byte{0})
		if err != nil {
			return nil, fmt.Errorf("liquid: g ⊙ A: %w", err)
		}
		return G.Sub(drive, decay)
	}, nil
}

// liquidInverseTau adds 1/τ = 1/(LiquidTauMin + softplus(raw)) to the graph.
func liquidInverseTau(b *Builder, raw *G.Node) (*G.Node, error) {
	soft, err := G.Softplus(raw)
	if err != nil {
		return nil, fmt.Errorf("liquid: softplus(τ raw): %w", err)
	}
	tau, err := G.Add(soft, b.Scalar(LiquidTauMin))
	if err != nil {
		return nil, fmt.Errorf("liquid: τ: %w", err)
	}
	invTau, err := G.Inverse(tau)
	if err != nil {
		return nil, fmt.Errorf("liquid: 1/τ: %w", err)
	}
	return invTau, nil
}

// LiquidClassifier is the spiral Neural ODE with LiquidDynamics in place of
// the MLP dynamics. It differs from an ODEClassifier only in its name,
// "liquid", so that results and checkpoints do not collide with the plain
// Neural ODE of the same tableau.
type LiquidClassifier struct {
	*ODEClassifier
}

// NewLiquidClassifier returns the spiral architecture a with LTC dynamics
// whose gate has gateHidden hidden units, integrated on [0, 1] in a.Steps
// steps of tab. a.Hidden is not used.
func NewLiquidClassifier(rng *rand.Rand, dt tensor.Dtype, a Arch, gateHidden int, tab Tableau) (*LiquidClassifier, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if gateHidden < 1 {
		return nil, fmt.Errorf("liquid: gate width %d, want at least 1", gateHidden)
	}
	solver := Solver{Tableau: tab, Steps: a.Steps, T0: 0, T1: 1}
	if err := solver.Validate(); err != nil {
		return nil, err
	}
	lift := NewLinear(rng, dt, "lift", a.In, a.Dim)
	dyn := NewLiquidDynamics(rng, dt, a.Dim, gateHidden)
	head := newHead(rng, dt, a)
	return &LiquidClassifier{&ODEClassifier{Lift: lift, Dynamics: dyn, Head: head, Solver: solver}}, nil
}

// Name returns "liquid".
func (m *LiquidClassifier) Name() string { return "liquid" }
