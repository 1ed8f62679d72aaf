package graphs

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
)

// StepResult reports one training step.
type StepResult struct {
	Loss    float64
	Correct int // samples of the batch classified correctly before the update
}

// Step trains on one batch: load it, run the forward and backward pass,
// check the loss, and let opt update the parameters.
func (p *Program) Step(opt *Adam, x []float64, labels []int) (StepResult, error) {
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
	for i, g := range p.grads {
		grads[i] = g.Value()
	}
	return res, opt.Step(p.Params, grads)
}

// checkLoss returns a DivergenceError for a loss that is NaN or infinite.
func checkLoss(model string, loss float64) error {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return &DivergenceError{Model: model, Loss: loss}
	}
	return nil
}

// DivergenceError reports a loss that is NaN or infinite. The trainer adds
// the epoch and batch.
type DivergenceError struct {
	Model        string
	Epoch, Batch int // 1-based; zero when unknown
	Loss         float64
}

func (e *DivergenceError) Error() string {
	where := ""
	if e.Epoch > 0 {
		where = fmt.Sprintf(" at epoch %d, batch %d", e.Epoch, e.Batch)
	}
	return fmt.Sprintf("model %s diverged%s: loss is %v; lower the learning rate or the step size (more -steps)", e.Model, where, e.Loss)
}
