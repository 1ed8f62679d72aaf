package train

import (
	"fmt"

	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

// The gradient modes of Config.Gradient.
const (
	// Direct backpropagates through the unrolled solver: exact gradients
	// of the discrete forward pass, memory linear in the number of steps.
	Direct = "direct"
	// Adjoint solves the adjoint equations backwards in time: memory
	// constant in the number of steps, for Neural ODEs only.
	Adjoint = "adjoint"
)

// trainingProgram is a model compiled for training on one batch per Step.
type trainingProgram interface {
	Step(opt *graphs.Adam, x []float64, labels []int) (graphs.StepResult, error)
	Close() error
}

// forwardProgram is a model compiled for the forward pass alone.
type forwardProgram interface {
	Load(x []float64, labels []int) error
	Run() error
	Logits() [][]float64
	Close() error
}

// compileTraining compiles m for training with the given gradient mode and
// returns the program, its parameters and its evaluations of the dynamics
// per forward pass and per backward pass (zero when the backward pass
// backpropagates through the forward pass instead of solving again).
func compileTraining(m graphs.Model, dt tensor.Dtype, batch int, gradient string) (prog trainingProgram, params []*graphs.Param, forward, backward int, err error) {
	switch gradient {
	case Direct:
		// One replica of the graph per core; see graphs.ParallelProgram.
		p, err := graphs.CompileParallel(m, dt, batch, true, 0)
		if err != nil {
			return nil, nil, 0, 0, err
		}
		return p, p.Params, p.Evals, 0, nil
	case Adjoint:
		p, err := graphs.CompileAdjoint(m, dt, batch, true)
		if err != nil {
			return nil, nil, 0, 0, err
		}
		return p, p.Params, p.Evals, p.BackwardEvals, nil
	}
	return nil, nil, 0, 0, fmt.Errorf("gradient mode %q, want %s or %s", gradient, Direct, Adjoint)
}

// compileForward compiles the forward pass of m. With the adjoint mode it
// uses the adjoint program's solve, which keeps no intermediate states.
func compileForward(m graphs.Model, dt tensor.Dtype, batch int, gradient string) (forwardProgram, error) {
	if gradient == Adjoint {
		return graphs.CompileAdjoint(m, dt, batch, false)
	}
	return graphs.CompileParallel(m, dt, batch, false, 0)
}
