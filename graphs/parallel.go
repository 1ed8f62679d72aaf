package graphs

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/viterin/vek/vek32"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ParallelProgram runs each batch on several replicas of one model's
// compiled graph at once, one per core, in the way of data-parallel
// training. Every replica is the same graph for a slice of the batch rows,
// and all of them read the model's one set of parameter tensors. Each real
// row carries the loss weight 1/(rows of the whole batch), so the sum of
// the replicas' losses is the batch's mean loss and the sum of their
// gradients is its gradient.
//
// A single graph spends much of a step in work that runs on one core:
// activations, small products and the tape machine itself. Replicas keep
// both cores busy through all of it.
type ParallelProgram struct {
	Model  Model
	Batch  int
	Params []*Param
	// Evals is the number of evaluations of the dynamics in one forward
	// pass of the whole batch, as for Program.
	Evals int

	replicas []*Program
	active   int             // replicas that hold rows of the current batch
	grads    []*tensor.Dense // the summed gradient of each parameter
	rows     int
}

// CompileParallel compiles m for batches of up to batch rows, split across
// workers replicas; workers ≤ 0 means one per core (GOMAXPROCS). With one
// worker it is the same as Compile.
func CompileParallel(m Model, dt tensor.Dtype, batch int, train bool, workers int) (*ParallelProgram, error) {
	if batch < 1 {
		return nil, fmt.Errorf("compile %s: batch size %d, want at least 1", m.Name(), batch)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, batch)
	per := (batch + workers - 1) / workers
	p := &ParallelProgram{Model: m, Batch: batch, Params: m.Params()}
	for start := 0; start < batch; start += per {
		r, err := Compile(m, dt, min(per, batch-start), train)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.replicas = append(p.replicas, r)
	}
	p.Evals = p.replicas[0].Evals
	if train {
		for _, param := range p.Params {
			p.grads = append(p.grads, tensor.New(tensor.WithShape(param.Value.Shape()...), tensor.Of(dt)))
		}
	}
	return p, nil
}

// Workers returns the number of replicas.
func (p *ParallelProgram) Workers() int { return len(p.replicas) }

// Load splits a batch across the replicas, in order, as Program.Load
// describes for one graph.
func (p *ParallelProgram) Load(x []float64, labels []int) error {
	n := len(labels)
	if n < 1 || n > p.Batch {
		return fmt.Errorf("load: %d samples, want 1 to %d", n, p.Batch)
	}
	in := len(x) / n
	if len(x) != n*in {
		return fmt.Errorf("load: %d input values for %d samples", len(x), n)
	}
	weight := 1 / float64(n)
	p.active, p.rows = 0, n
	for start, r := 0, 0; start < n; r++ {
		end := min(start+p.replicas[r].Batch, n)
		if err := p.replicas[r].loadWeighted(x[start*in:end*in], labels[start:end], weight); err != nil {
			return err
		}
		p.active++
		start = end
	}
	return nil
}

// Run executes the loaded replicas concurrently.
func (p *ParallelProgram) Run() error {
	if p.active == 1 {
		return p.replicas[0].Run()
	}
	release := reserveCores(p.active)
	defer release()
	errs := make([]error, p.active)
	var wg sync.WaitGroup
	for r := range p.active {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[r] = p.replicas[r].Run()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Loss returns the loss of the last run: the sum over the replicas.
func (p *ParallelProgram) Loss() float64 {
	total := 0.0
	for _, r := range p.replicas[:p.active] {
		total += r.Loss()
	}
	return total
}

// Logits returns the logits of the last run for the real rows, in order.
func (p *ParallelProgram) Logits() [][]float64 {
	out := make([][]float64, 0, p.rows)
	for _, r := range p.replicas[:p.active] {
		out = append(out, r.Logits()...)
	}
	return out
}

// Correct returns how many real rows of the last run have their label as
// the largest logit.
func (p *ParallelProgram) Correct(labels []int) int { return countCorrect(p.Logits(), labels) }

// Step trains on one batch: load it, run the replicas, check the loss, sum
// their gradients and let opt update the parameters.
func (p *ParallelProgram) Step(opt *Adam, x []float64, labels []int) (StepResult, error) {
	if p.grads == nil {
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

	grads := make([]G.Value, len(p.grads))
	for i, sum := range p.grads {
		if err := p.sumGradient(i, sum); err != nil {
			return res, err
		}
		grads[i] = sum
	}
	return res, opt.Step(p.Params, grads)
}

// sumGradient writes the sum of the active replicas' gradients of
// parameter i into sum.
func (p *ParallelProgram) sumGradient(i int, sum *tensor.Dense) error {
	for r, replica := range p.replicas[:p.active] {
		g := replica.grads[i].Value()
		switch dst := sum.Data().(type) {
		case []float32:
			src, ok := g.Data().([]float32)
			if !ok || len(src) != len(dst) {
				return fmt.Errorf("step %s: gradient of %s has type %T", p.Model.Name(), p.Params[i].Name, g.Data())
			}
			if r == 0 {
				copy(dst, src)
			} else {
				vek32.Add_Inplace(dst, src)
			}
		case []float64:
			src, ok := g.Data().([]float64)
			if !ok || len(src) != len(dst) {
				return fmt.Errorf("step %s: gradient of %s has type %T", p.Model.Name(), p.Params[i].Name, g.Data())
			}
			if r == 0 {
				copy(dst, src)
				continue
			}
			for j, v := range src {
				dst[j] += v
			}
		}
	}
	return nil
}

// Close releases every replica.
func (p *ParallelProgram) Close() error {
	var errs []error
	for _, r := range p.replicas {
		errs = append(errs, r.Close())
	}
	return errors.Join(errs...)
}
