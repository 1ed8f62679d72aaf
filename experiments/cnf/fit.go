package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

// fitResult contains the measurements of one training run of a flow.
type fitResult struct {
	// EpochNLL holds the mean training NLL per epoch in nats and in the
	// data's units, measured on each batch before its update.
	EpochNLL     []float64
	NFE          int
	TrainSeconds float64
}

// fit trains the flow by maximum likelihood on trainSet: epochs of shuffled
// mini-batches, Adam with a cosine-annealed learning rate, and the
// training step of graphs.FlowProgram.Step. trainSet is in the flow's
// coordinates z = s·x, and the reported NLL is in the data's units,
// NLL(x) = NLL(z) − logJacobian with logJacobian = d·log s.
func fit(flow *graphs.Flow, dt tensor.Dtype, trainSet *dataset.Set, cfg TrainConfig, target string, logJacobian float64, logf func(string, ...any)) (*fitResult, error) {
	prog, err := graphs.CompileFlow(flow, flow.Solver, dt, cfg.Batch, true)
	if err != nil {
		return nil, err
	}
	defer prog.Close()

	opt := graphs.NewAdam(cfg.LearningRate)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	n := trainSet.Len()
	batches := (n + cfg.Batch - 1) / cfg.Batch
	res := &fitResult{}
	logf("training cnf on %s: %d epochs of %d batches, %d evaluations of f per solve\n", target, cfg.Epochs, batches, prog.Evals)

	var trained time.Duration
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		opt.LearningRate = graphs.CosineAnnealing(epoch-1, cfg.Epochs, cfg.LearningRate, 0)
		perm := rng.Perm(n)
		start := time.Now()
		sum := 0.0
		for b := range batches {
			idx := perm[b*cfg.Batch : min((b+1)*cfg.Batch, n)]
			x, _ := trainSet.Gather(idx)
			nll, err := prog.Step(opt, x)
			if err != nil {
				var div *graphs.DivergenceError
				if errors.As(err, &div) {
					div.Model = "cnf on " + target
					div.Epoch, div.Batch = epoch, b+1
				}
				return res, err
			}
			sum += nll * float64(len(idx))
			res.NFE += prog.Evals
		}
		trained += time.Since(start)
		res.EpochNLL = append(res.EpochNLL, sum/float64(n)-logJacobian)
		if epoch%max(1, cfg.Epochs/10) == 0 || epoch == cfg.Epochs {
			logf("cnf on %s: epoch %d/%d, training NLL %.3f nats, %.0f s\n", target, epoch, cfg.Epochs, res.EpochNLL[epoch-1], trained.Seconds())
		}
	}
	res.TrainSeconds = trained.Seconds()
	return res, nil
}

// TrainConfig is the training setup of every flow.
type TrainConfig struct {
	Epochs       int     `json:"epochs"`
	Batch        int     `json:"batch"`
	LearningRate float64 `json:"learning_rate"`
	// Seed drives the data, the initial weights, the batch order and the
	// base samples.
	Seed uint64 `json:"seed"`
}

// Validate reports the first invalid setting.
func (c TrainConfig) Validate() error {
	switch {
	case c.Epochs < 1:
		return fmt.Errorf("invalid -epochs %d: want at least 1", c.Epochs)
	case c.Batch < 1:
		return fmt.Errorf("invalid -batch %d: want at least 1", c.Batch)
	case !(c.LearningRate > 0):
		return fmt.Errorf("invalid -lr %g: want a positive number", c.LearningRate)
	}
	return nil
}
