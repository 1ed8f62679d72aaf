package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// AdjointProgram runs a Neural ODE with gradients from the adjoint method
// (Chen et al., Neural Ordinary Differential Equations, NeurIPS 2018,
// Sec. 2) instead of backpropagation through the unrolled solver.
//
// The forward pass integrates h from t = 0 to 1 and keeps only h(1). The
// backward pass integrates the augmented state [h, a, g] from t = 1 back to
// 0 with the same tableau and number of steps, where
//
//	dh/dt = f(t, h),  da/dt = -a·∂f/∂h,  dg/dt = -a·∂f/∂θ,
//
// starting from h(1), a(1) = ∂L/∂h(1) and g(1) = 0. Then a(0) = ∂L/∂h(0)
// and g(0) = ∂L/∂θ. h is recomputed backwards instead of stored, so the
// memory does not grow with the number of steps. The gradients differ from
// those of the unrolled graph by the solver's error, which vanishes as the
// step shrinks.
//
// The lift, the dynamics and the head each have a small graph of their own
// that is compiled once and run for every batch and every evaluation.
type AdjointProgram struct {
	Model  *ODEClassifier
	Batch  int
	Params []*Param
	// Evals is the number of evaluations of the dynamics in one forward
	// pass, BackwardEvals in one backward pass.
	Evals, BackwardEvals int

	lift    *liftGraph
	head    *headGraph
	field   *fieldEvaluator // f alone, for the forward pass
	adjoint *fieldEvaluator // f and its products, nil without training

	n       int       // values in a batch of states: Batch × Dim
	h       []float64 // h(0) before the forward solve, h(1) after it
	aug     []float64 // [h, a, g] during the backward solve
	forward *valueStepper
	reverse *valueStepper

	index map[*Param]int // position in Params
	sums  [][]float64    // gradient sums, aligned with Params
	grads []G.Value      // the sums in the model's dtype, aligned with Params
	rows  int
}

// CompileAdjoint builds the graphs of m, which must be an *ODEClassifier,
// for batches of up to batch rows. With train set it adds the gradients.
func CompileAdjoint(m Model, dt tensor.Dtype, batch int, train bool) (*AdjointProgram, error) {
	ode, ok := m.(*ODEClassifier)
	if !ok {
		return nil, fmt.Errorf("compile %s: adjoint gradients need a Neural ODE (*graphs.ODEClassifier), not %T", m.Name(), m)
	}
	if batch < 1 {
		return nil, fmt.Errorf("compile %s: batch size %d, want at least 1", m.Name(), batch)
	}
	if err := ode.Solver.Validate(); err != nil {
		return nil, fmt.Errorf("compile %s: %w", m.Name(), err)
	}
	p := &AdjointProgram{
		Model: ode, Batch: batch, Params: m.Params(),
		Evals: ode.Solver.EvalsPerSolve(),
		n:     batch * ode.Dynamics.Dim(),
		index: map[*Param]int{},
	}
	for i, param := range p.Params {
		p.index[param] = i
	}

	var err error
	if p.lift, err = newLiftGraph(ode.Lift, dt, batch, train); err != nil {
		return nil, fmt.Errorf("compile %s: lift: %w", m.Name(), err)
	}
	if p.head, err = newHeadGraph(ode.Head, dt, batch, ode.Dynamics.Dim(), train); err != nil {
		return nil, fmt.Errorf("compile %s: head: %w", m.Name(), err)
	}
	if p.field, err = newFieldEvaluator(ode.Dynamics, dt, batch, false); err != nil {
		return nil, fmt.Errorf("compile %s: dynamics: %w", m.Name(), err)
	}
	p.h = make([]float64, p.n)
	p.forward = newValueStepper(ode.Solver.Tableau, p.n)

	if train {
		if p.adjoint, err = newFieldEvaluator(ode.Dynamics, dt, batch, true); err != nil {
			return nil, fmt.Errorf("compile %s: dynamics: %w", m.Name(), err)
		}
		p.BackwardEvals = p.Evals
		size := 2*p.n + CountParams(ode.Dynamics.Params())
		p.aug = make([]float64, size)
		p.reverse = newValueStepper(ode.Solver.Tableau, size)
		for _, param := range p.Params {
			p.sums = append(p.sums, make([]float64, param.Size()))
			p.grads = append(p.grads, tensor.New(tensor.WithShape(param.Value.Shape()...), tensor.Of(dt)))
		}
	}
	return p, nil
}

// Load copies a batch into the input nodes, as Program.Load does.
func (p *AdjointProgram) Load(x []float64, labels []int) error {
	if err := loadBatch(p.lift.x, p.head.targets, x, labels, 1/float64(len(labels))); err != nil {
		return err
	}
	p.rows = len(labels)
	return nil
}

// Run computes the logits and the loss of the loaded batch: the lift, the
// solve from t = 0 to 1 and the head.
func (p *AdjointProgram) Run() error {
	if err := p.lift.run(); err != nil {
		return fmt.Errorf("lift: %w", err)
	}
	copyScaled(p.h, p.lift.h0.Value(), 1)

	solver := p.Model.Solver
	f := func(t float64, h, dh []float64) error {
		return p.field.eval(t, h, nil, dh, nil, nil, 1)
	}
	if err := p.forward.solve(f, solver.T0, solver.T1, solver.Steps, p.h); err != nil {
		return fmt.Errorf("forward solve: %w", err)
	}

	if err := p.head.run(p.h); err != nil {
		return fmt.Errorf("head: %w", err)
	}
	return nil
}

// Backward computes the gradient of the loss of the last Run with respect
// to every parameter: the head's by backpropagation, the dynamics' by the
// adjoint solve from t = 1 back to 0, the lift's by backpropagation of a(0).
func (p *AdjointProgram) Backward() error {
	if p.adjoint == nil {
		return fmt.Errorf("backward %s: program was compiled without gradients", p.Model.Name())
	}
	for _, s := range p.sums {
		clear(s)
	}
	p.addGradients(p.head.params, p.head.grads)

	n := p.n
	copy(p.aug[:n], p.h)
	copyScaled(p.aug[n:2*n], p.head.gradH1.Value(), 1)
	clear(p.aug[2*n:])
	augmented := func(t float64, y, dy []float64) error {
		return p.adjoint.eval(t, y[:n], y[n:2*n], dy[:n], dy[n:2*n], dy[2*n:], -1)
	}
	solver := p.Model.Solver
	if err := p.reverse.solve(augmented, solver.T1, solver.T0, solver.Steps, p.aug); err != nil {
		return fmt.Errorf("adjoint solve: %w", err)
	}
	offset := 2 * n
	for _, param := range p.Model.Dynamics.Params() {
		addScaled(p.sums[p.index[param]], 1, p.aug[offset:offset+param.Size()])
		offset += param.Size()
	}

	if err := setValues(p.lift.upstream.Value(), p.aug[n:2*n]); err != nil {
		return err
	}
	if err := p.lift.run(); err != nil {
		return fmt.Errorf("lift: %w", err)
	}
	p.addGradients(p.lift.params, p.lift.grads)

	for i, s := range p.sums {
		if err := setValues(p.grads[i], s); err != nil {
			return err
		}
	}
	return nil
}

// addGradients adds the values of the gradient nodes of params to the
// sums, so that a parameter shared by two parts gets both contributions.
func (p *AdjointProgram) addGradients(params []*Param, grads G.Nodes) {
	for i, param := range params {
		sum := p.sums[p.index[param]]
		switch data := grads[i].Value().Data().(type) {
		case []float32:
			for j, v := range data {
				sum[j] += float64(v)
			}
		case []float64:
			addScaled(sum, 1, data)
		}
	}
}

// Step trains on one batch: load it, run the forward pass, check the loss,
// run the backward pass and let opt update the parameters.
func (p *AdjointProgram) Step(opt *Adam, x []float64, labels []int) (StepResult, error) {
	if p.adjoint == nil {
		return StepResult{}, fmt.Errorf("step %s: program was compiled without gradients", p.Model.Name())
	}
	if err := p.Load(x, labels); err != nil {
		return StepResult{}, err
	}
	if err := p.Run(); err != nil {
		return StepResult{}, fmt.Errorf("step %s: %w", p.Model.Name(), err)
	}
	res := StepResult{Loss: p.Loss(), Correct: p.Correct(labels)}
	if err := checkLoss(p.Model.Name(), res.Loss); err != nil {
		return res, err
	}
	if err := p.Backward(); err != nil {
		return res, fmt.Errorf("step %s: %w", p.Model.Name(), err)
	}
	return res, opt.Step(p.Params, p.grads)
}

// Loss returns the loss of the last run.
func (p *AdjointProgram) Loss() float64 { return scalarValue(p.head.loss.Value()) }

// Logits returns the logits of the last run for the real rows.
func (p *AdjointProgram) Logits() [][]float64 { return logitRows(p.head.logits, p.rows) }

// Correct returns how many real rows of the last run have their label as
// the largest logit.
func (p *AdjointProgram) Correct(labels []int) int { return countCorrect(p.Logits(), labels) }

// Gradients returns the gradients of the last Backward, aligned with
// Params, or nil for a program compiled without training.
func (p *AdjointProgram) Gradients() []G.Value { return p.grads }

// Retained counts the memory the backward pass keeps. It adds the retained
// values of the lift, head and dynamics graphs under the rule of Retained,
// each graph once because every run reuses it, and the float64 buffers of
// the solves (h, the augmented state and the stage buffers). None of it
// depends on the number of steps.
func (p *AdjointProgram) Retained() (Retained, error) {
	r := p.lift.retained()
	head := p.head.retained()
	r.Nodes += head.Nodes
	r.Bytes += head.Bytes
	if p.adjoint != nil {
		field, err := p.adjoint.retained()
		if err != nil {
			return Retained{}, err
		}
		r.Nodes += field.Nodes
		r.Bytes += field.Bytes + int64(8*len(p.aug)) + p.reverse.bytes()
	}
	r.Bytes += int64(8*len(p.h)) + p.forward.bytes()
	return r, nil
}

// Close releases the machines.
func (p *AdjointProgram) Close() error {
	err := p.lift.vm.Close()
	if e := p.head.vm.Close(); err == nil {
		err = e
	}
	if e := p.field.close(); err == nil {
		err = e
	}
	if p.adjoint != nil {
		if e := p.adjoint.close(); err == nil {
			err = e
		}
	}
	return err
}
