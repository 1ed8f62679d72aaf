package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Solver integrates dh/dt = f(t, h) from T0 to T1 in Steps equal steps of
// an explicit Runge-Kutta method.
type Solver struct {
	Tableau Tableau
	Steps   int
	T0, T1  float64
}

// StepSize returns dt = (T1 - T0) / Steps.
func (s Solver) StepSize() float64 { return (s.T1 - s.T0) / float64(s.Steps) }

// EvalsPerSolve returns the number of evaluations of f in one solve: the
// number of function evaluations (NFE) of one forward pass.
func (s Solver) EvalsPerSolve() int { return s.Steps * s.Tableau.Stages() }

// Validate checks the tableau and the step count.
func (s Solver) Validate() error {
	if s.Steps < 1 {
		return fmt.Errorf("solver: steps = %d, want at least 1", s.Steps)
	}
	return s.Tableau.Validate()
}

// Trajectory is the unrolled solution in a graph.
type Trajectory struct {
	// States holds h at T0 and after each step: Steps+1 nodes.
	States G.Nodes
	// Times holds the time of each state.
	Times []float64
	// Evals counts the evaluations of f that the graph contains.
	Evals int
}

// Final returns the state at T1.
func (tr *Trajectory) Final() *G.Node { return tr.States[len(tr.States)-1] }

// Integrate unrolls the solve into the graph of f: each step adds its
// stage evaluations and its update to the chain that starts at h0.
func (s Solver) Integrate(f VectorField, b *Builder, h0 *G.Node) (*Trajectory, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	dt := s.StepSize()
	tr := &Trajectory{States: G.Nodes{h0}, Times: []float64{s.T0}}
	h := h0
	for n := range s.Steps {
		t := s.T0 + float64(n)*dt
		next, evals, err := s.Tableau.Step(f, b, t, dt, h)
		if err != nil {
			return nil, fmt.Errorf("%s step %d at t = %g: %w", s.Tableau.Name, n, t, err)
		}
		tr.Evals += evals
		tr.States = append(tr.States, next)
		tr.Times = append(tr.Times, s.T0+float64(n+1)*dt)
		h = next
	}
	return tr, nil
}

// Step adds one step of size dt from (t, h) to the graph and returns the
// new state and the number of evaluations of f it made.
func (tab Tableau) Step(f VectorField, b *Builder, t, dt float64, h *G.Node) (*G.Node, int, error) {
	k := make(G.Nodes, tab.Stages())
	for i := range k {
		stageState, err := combine(b, h, dt, tab.A[i], k[:i])
		if err != nil {
			return nil, i, err
		}
		if k[i], err = f(t+tab.C[i]*dt, stageState); err != nil {
			return nil, i, fmt.Errorf("stage %d: %w", i, err)
		}
	}
	next, err := combine(b, h, dt, tab.B, k)
	return next, len(k), err
}

// combine returns h + dt·Σ_j coef[j]·k[j], skipping zero coefficients. With
// no nonzero coefficient it returns h itself.
func combine(b *Builder, h *G.Node, dt float64, coef []float64, k G.Nodes) (*G.Node, error) {
	if !b.Stock {
		weights, terms := []float64{1}, G.Nodes{h}
		for j, c := range coef {
			if c != 0 {
				weights = append(weights, c*dt)
				terms = append(terms, k[j])
			}
		}
		if len(terms) == 1 {
			return h, nil
		}
		return linearCombination(weights, terms...)
	}
	out := h
	for j, c := range coef {
		if c == 0 {
			continue
		}
		term, err := G.Mul(k[j], b.Scalar(c*dt))
		if err != nil {
			return nil, err
		}
		if out, err = G.Add(out, term); err != nil {
			return nil, err
		}
	}
	return out, nil
}
