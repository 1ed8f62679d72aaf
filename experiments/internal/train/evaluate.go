package train

import (
	"fmt"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

// Evaluator runs a forward-only program of a model over whole data sets in
// chunks of its batch size.
type Evaluator struct {
	prog  forwardProgram
	model string
	batch int
}

// NewEvaluator compiles the forward pass of m for chunks of batch points.
// The gradient mode (Direct or Adjoint) selects the program: the adjoint
// one keeps no intermediate states of the solve.
func NewEvaluator(m graphs.Model, dt tensor.Dtype, batch int, gradient string) (*Evaluator, error) {
	prog, err := compileForward(m, dt, batch, gradient)
	if err != nil {
		return nil, err
	}
	return &Evaluator{prog: prog, model: m.Name(), batch: batch}, nil
}

// Close releases the program.
func (e *Evaluator) Close() error { return e.prog.Close() }

// Logits returns the logits of every point of x (two values per point).
func (e *Evaluator) Logits(x []float64) ([][]float64, error) {
	n := len(x) / 2
	out := make([][]float64, 0, n)
	for start := 0; start < n; start += e.batch {
		end := min(start+e.batch, n)
		if err := e.prog.Load(x[2*start:2*end], make([]int, end-start)); err != nil {
			return nil, err
		}
		if err := e.prog.Run(); err != nil {
			return nil, fmt.Errorf("evaluate %s: %w", e.model, err)
		}
		out = append(out, e.prog.Logits()...)
	}
	return out, nil
}

// Accuracy returns the fraction of s classified correctly.
func (e *Evaluator) Accuracy(s *dataset.Set) (float64, error) {
	logits, err := e.Logits(s.X)
	if err != nil {
		return 0, err
	}
	correct := 0
	for i, row := range logits {
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		if best == s.Labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(s.Len()), nil
}
