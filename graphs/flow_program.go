package graphs

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FlowProgram is one solve of a flow, compiled once into a graph for a
// fixed batch size and run for every batch. A training program also holds
// the negative log-likelihood (NLL) of the batch and its gradients.
//
// As in Program, a smaller batch is zero-padded, and the padded rows carry
// zero weight in the loss.
type FlowProgram struct {
	Flow   *Flow
	Solver Solver
	Batch  int
	Params []*Param
	// Evals is the number of evaluations of the dynamics in one solve.
	Evals int

	builder *Builder
	start   *G.Node // (Batch, d+1): the points and ℓ = 0
	path    *Trajectory
	// states receives a copy of every state of the path during a run. The
	// tape machine may overwrite a node's value in place once its last
	// reader has run, so Value() of an intermediate node is not reliable
	// after the run.
	states []G.Value
	// The loss is Σ quad ⊙ s² + Σ linear ⊙ s + log 2π for the final state
	// s = [z, ℓ]: quad holds w_i/2 in the z columns and linear holds w_i in
	// the ℓ column, with w_i = 1/n for the n real rows and 0 for padding.
	quad, linear *G.Node
	loss         *G.Node
	grads        G.Nodes
	vm           G.VM
	rows         int
}

// CompileFlow builds the solve of f by solver for batches of up to batch
// points. With train set, solver must run from data to base (f.Solver),
// and the program adds the NLL under the standard normal base and its
// gradients.
func CompileFlow(f *Flow, solver Solver, dt tensor.Dtype, batch int, train bool) (*FlowProgram, error) {
	if batch < 1 {
		return nil, fmt.Errorf("compile flow: batch size %d, want at least 1", batch)
	}
	if train && !sameSolver(solver, f.Solver) {
		return nil, fmt.Errorf("compile flow: training needs the data-to-base solver from t = %g to %g, got %g to %g", f.Solver.T0, f.Solver.T1, solver.T0, solver.T1)
	}
	b := NewBuilder(dt)
	p := &FlowProgram{Flow: f, Solver: solver, Batch: batch, Params: f.Params(), builder: b}
	width := f.Dynamics.Dim()
	p.start = b.Input("state", batch, width)

	field, err := f.Dynamics.Bind(b)
	if err != nil {
		return nil, fmt.Errorf("compile flow: %w", err)
	}
	if p.path, err = solver.Integrate(field, b, p.start); err != nil {
		return nil, fmt.Errorf("compile flow: %w", err)
	}
	p.Evals = p.path.Evals
	p.states = make([]G.Value, len(p.path.States))
	for k, state := range p.path.States {
		G.Read(state, &p.states[k])
	}

	if train {
		p.quad = b.Input("nll.quad", batch, width)
		p.linear = b.Input("nll.linear", batch, width)
		if p.loss, err = flowNLL(b, p.path.Final(), p.quad, p.linear, f.Dynamics.DataDim()); err != nil {
			return nil, fmt.Errorf("compile flow: loss: %w", err)
		}
		wrt := make(G.Nodes, len(p.Params))
		for i, param := range p.Params {
			wrt[i] = b.Node(param)
		}
		if p.grads, err = G.Grad(p.loss, wrt...); err != nil {
			return nil, fmt.Errorf("compile flow: gradients: %w", err)
		}
	}
	p.vm = G.NewTapeMachine(b.Graph, G.WithEngine(sumEngine{}))
	return p, nil
}

// sameSolver reports whether two solvers run the same steps of the same
// tableau over the same interval.
func sameSolver(a, b Solver) bool {
	return a.Tableau.Name == b.Tableau.Name && a.Steps == b.Steps && a.T0 == b.T0 && a.T1 == b.T1
}

// flowNLL adds the weighted mean of ½|z|² + ℓ + (d/2)·log 2π over the
// rows of the final state s = [z, ℓ]: the NLL −log N(z) + ℓ = −log p(x).
func flowNLL(b *Builder, s, quad, linear *G.Node, dim int) (*G.Node, error) {
	sq, err := G.Square(s)
	if err != nil {
		return nil, err
	}
	quadTerms, err := G.HadamardProd(quad, sq)
	if err != nil {
		return nil, err
	}
	linearTerms, err := G.HadamardProd(linear, s)
	if err != nil {
		return nil, err
	}
	terms, err := G.Add(quadTerms, linearTerms)
	if err != nil {
		return nil, err
	}
	total, err := G.Sum(terms)
	if err != nil {
		return nil, err
	}
	return G.Add(total, b.Scalar(0.5*float64(dim)*math.Log(2*math.Pi)))
}

// Load copies a batch of points, d values each, into the start state with
// ℓ = 0.
func (p *FlowProgram) Load(points []float64) error {
	d := p.Flow.Dynamics.DataDim()
	if len(points) == 0 || len(points)%d != 0 {
		return fmt.Errorf("load flow batch: %d values, want a positive multiple of the dimension %d", len(points), d)
	}
	n := len(points) / d
	if n > p.Batch {
		return fmt.Errorf("load flow batch: %d points, want at most the batch size %d", n, p.Batch)
	}
	width := d + 1
	state := make([]float64, p.Batch*width)
	for i := range n {
		copy(state[i*width:i*width+d], points[i*d:(i+1)*d])
	}
	if err := setValues(p.start.Value(), state); err != nil {
		return err
	}
	p.rows = n
	if p.quad == nil {
		return nil
	}

	quad := make([]float64, p.Batch*width)
	linear := make([]float64, p.Batch*width)
	w := 1 / float64(n)
	for i := range n {
		for j := range d {
			quad[i*width+j] = w / 2
		}
		linear[i*width+d] = w
	}
	if err := setValues(p.quad.Value(), quad); err != nil {
		return err
	}
	return setValues(p.linear.Value(), linear)
}

// Run executes the graph once on the loaded batch.
func (p *FlowProgram) Run() error {
	defer p.vm.Reset()
	return p.vm.RunAll()
}

// Loss returns the mean NLL in nats of the last run of a training program.
func (p *FlowProgram) Loss() float64 {
	if p.loss == nil {
		return math.NaN()
	}
	return scalarValue(p.loss.Value())
}

// States returns the number of states along the path: Steps+1.
func (p *FlowProgram) States() int { return len(p.path.States) }

// State returns the state after k steps (0 is the start) of the real rows
// of the last run.
func (p *FlowProgram) State(k int) FlowState {
	d := p.Flow.Dynamics.DataDim()
	width := d + 1
	values := valueFloat64s(p.states[k])
	s := FlowState{Time: p.path.Times[k], Points: make([]float64, 0, p.rows*d), LogDensityChange: make([]float64, p.rows)}
	for i := range p.rows {
		s.Points = append(s.Points, values[i*width:i*width+d]...)
		s.LogDensityChange[i] = values[i*width+d]
	}
	return s
}

// Final returns the state at the end of the solve.
func (p *FlowProgram) Final() FlowState { return p.State(len(p.path.States) - 1) }

// LogLikelihoods returns log p(x) for every real row of the last run of a
// data-to-base program: log N(z(T1)) − ℓ(T1).
func (p *FlowProgram) LogLikelihoods() []float64 {
	final := p.Final()
	d := final.Dim()
	out := make([]float64, len(final.LogDensityChange))
	for i, change := range final.LogDensityChange {
		out[i] = StandardNormalLogDensity(final.Points[i*d:(i+1)*d]) - change
	}
	return out
}

// Step trains on one batch of points: load it, run the forward and the
// backward pass, check the loss, and let opt update the parameters. It
// returns the batch's mean NLL before the update.
func (p *FlowProgram) Step(opt *Adam, points []float64) (float64, error) {
	if p.grads == nil {
		return math.NaN(), fmt.Errorf("step %s: program was compiled without gradients", p.Flow.Name())
	}
	if err := p.Load(points); err != nil {
		return math.NaN(), err
	}
	if err := p.Run(); err != nil {
		return math.NaN(), fmt.Errorf("step %s: %w", p.Flow.Name(), err)
	}
	loss := p.Loss()
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &DivergenceError{Model: p.Flow.Name(), Loss: loss}
	}
	grads := make([]G.Value, len(p.grads))
	for i, g := range p.grads {
		grads[i] = g.Value()
	}
	return loss, opt.Step(p.Params, grads)
}

// Close releases the machine.
func (p *FlowProgram) Close() error { return p.vm.Close() }

// MapPoints runs the program over all points, d values each, in chunks of
// its batch size, and returns the state after every step, each covering
// all points. It fails on a NaN or infinite state.
func (p *FlowProgram) MapPoints(points []float64) ([]FlowState, error) {
	d := p.Flow.Dynamics.DataDim()
	if len(points)%d != 0 {
		return nil, fmt.Errorf("map points: %d values, want a multiple of the dimension %d", len(points), d)
	}
	n := len(points) / d
	out := make([]FlowState, p.States())
	for k := range out {
		out[k] = FlowState{Time: p.path.Times[k], Points: make([]float64, 0, n*d), LogDensityChange: make([]float64, 0, n)}
	}
	for start := 0; start < n; start += p.Batch {
		end := min(start+p.Batch, n)
		if err := p.Load(points[start*d : end*d]); err != nil {
			return nil, err
		}
		if err := p.Run(); err != nil {
			return nil, fmt.Errorf("map points %d to %d: %w", start, end, err)
		}
		for k := range out {
			s := p.State(k)
			out[k].Points = append(out[k].Points, s.Points...)
			out[k].LogDensityChange = append(out[k].LogDensityChange, s.LogDensityChange...)
		}
	}
	for _, s := range out {
		if err := s.checkFinite(); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Flow.Name(), err)
		}
	}
	return out, nil
}
