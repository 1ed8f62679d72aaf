package train

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

// Config is the training setup.
type Config struct {
	Epochs       int     `json:"epochs"`
	Batch        int     `json:"batch"`
	LearningRate float64 `json:"learning_rate"`
	// MinLearningRate is where cosine annealing ends.
	MinLearningRate float64 `json:"min_learning_rate"`
	// Seed drives the shuffling of the batches.
	Seed uint64 `json:"seed"`
	// EvalEvery evaluates the test accuracy every so many epochs (and
	// always after the last).
	EvalEvery int `json:"eval_every"`
	// Gradient is the gradient mode: Direct (the default when empty) or
	// Adjoint.
	Gradient string `json:"gradient"`
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	switch {
	case c.Epochs < 1:
		return fmt.Errorf("epochs = %d, want at least 1", c.Epochs)
	case c.Batch < 1:
		return fmt.Errorf("batch = %d, want at least 1", c.Batch)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 1):
		return fmt.Errorf("learning rate = %g, want a positive finite number", c.LearningRate)
	case c.EvalEvery < 1:
		return fmt.Errorf("eval-every = %d, want at least 1", c.EvalEvery)
	case c.Gradient != "" && c.Gradient != Direct && c.Gradient != Adjoint:
		return fmt.Errorf("gradient = %q, want %s or %s", c.Gradient, Direct, Adjoint)
	}
	return nil
}

// History is what a run measured.
type History struct {
	Model  string `json:"model"`
	Params int    `json:"params"`
	// TrainSeconds is the wall-clock time of the training steps alone,
	// without evaluation.
	TrainSeconds float64 `json:"train_seconds"`
	// NFE counts the evaluations of the dynamics in the training forward
	// passes: epochs × batches × steps × stages.
	NFE int `json:"nfe"`
	// NFEBackward counts the evaluations of the dynamics in the backward
	// solves of the adjoint method; it is zero for direct backpropagation.
	NFEBackward   int     `json:"nfe_backward"`
	TrainAccuracy float64 `json:"train_accuracy"`
	TestAccuracy  float64 `json:"test_accuracy"`
	// Per epoch: the mean training loss and accuracy over the epoch's
	// batches (measured before each update), and the test accuracy where
	// evaluated (null elsewhere).
	EpochLoss          []float64  `json:"epoch_loss"`
	EpochTrainAccuracy []float64  `json:"epoch_train_accuracy"`
	EpochTestAccuracy  []*float64 `json:"epoch_test_accuracy"`
}

// Fit trains m on train and evaluates it on test. The training program is
// compiled once for cfg.Batch with the gradient mode cfg.Gradient. The
// evaluation program is compiled once for the size of the larger set. Both
// share the model's parameters.
func Fit(m graphs.Model, dt tensor.Dtype, trainSet, testSet *dataset.Set, cfg Config, progress *Progress) (*History, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	gradient := cfg.Gradient
	if gradient == "" {
		gradient = Direct
	}
	// A batch larger than the training set would only add padded rows.
	cfg.Batch = min(cfg.Batch, trainSet.Len())
	prog, params, evals, backwardEvals, err := compileTraining(m, dt, cfg.Batch, gradient)
	if err != nil {
		return nil, err
	}
	defer prog.Close()
	eval, err := NewEvaluator(m, dt, max(trainSet.Len(), testSet.Len()), gradient)
	if err != nil {
		return nil, err
	}
	defer eval.Close()

	h := &History{Model: m.Name(), Params: graphs.CountParams(params)}
	opt := graphs.NewAdam(cfg.LearningRate)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	n := trainSet.Len()
	batches := (n + cfg.Batch - 1) / cfg.Batch
	progress.Start(m.Name(), cfg.Epochs, batches)

	var trained time.Duration
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		opt.LearningRate = graphs.CosineAnnealing(epoch-1, cfg.Epochs, cfg.LearningRate, cfg.MinLearningRate)
		perm := rng.Perm(n)

		start := time.Now()
		lossSum, correct := 0.0, 0
		for b := range batches {
			idx := perm[b*cfg.Batch : min((b+1)*cfg.Batch, n)]
			x, labels := trainSet.Gather(idx)
			res, err := prog.Step(opt, x, labels)
			if err != nil {
				var div *graphs.DivergenceError
				if errors.As(err, &div) {
					div.Epoch, div.Batch = epoch, b+1
				}
				return h, err
			}
			lossSum += res.Loss * float64(len(idx))
			correct += res.Correct
			h.NFE += evals
			h.NFEBackward += backwardEvals
		}
		trained += time.Since(start)

		h.EpochLoss = append(h.EpochLoss, lossSum/float64(n))
		h.EpochTrainAccuracy = append(h.EpochTrainAccuracy, float64(correct)/float64(n))
		var testAcc *float64
		if epoch%cfg.EvalEvery == 0 || epoch == cfg.Epochs {
			acc, err := eval.Accuracy(testSet)
			if err != nil {
				return h, err
			}
			testAcc = &acc
		}
		h.EpochTestAccuracy = append(h.EpochTestAccuracy, testAcc)
		progress.Epoch(m.Name(), epoch, cfg.Epochs, h.EpochLoss[epoch-1], h.EpochTrainAccuracy[epoch-1], trained)
	}
	h.TrainSeconds = trained.Seconds()

	if h.TrainAccuracy, err = eval.Accuracy(trainSet); err != nil {
		return h, err
	}
	if h.TestAccuracy, err = eval.Accuracy(testSet); err != nil {
		return h, err
	}
	progress.Done(m.Name(), h)
	return h, nil
}
