package spiralmodel

import (
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

// The default settings of the spiral program. Programs that train a missing
// model use them, so that every checkpoint of a model comes from the same
// recipe whichever program wrote it.
const (
	DefaultEpochs       = 500
	DefaultBatch        = 128
	DefaultLearningRate = 0.01
	DefaultEvalEvery    = 5
	// DefaultPoints is the size of the training set and of the test set.
	DefaultPoints = 1000
)

// Dtype is the element type the spiral models are trained and run in.
var Dtype = tensor.Float32

// Arch is the architecture of every spiral checkpoint.
var Arch = graphs.SpiralArch

// Experiment names the checkpoints, results/checkpoints/spiral-MODEL.ckpt.
const Experiment = "spiral"

// TrainConfig returns the spiral program's default training setup with the
// given number of epochs and seed.
func TrainConfig(epochs int, seed uint64) train.Config {
	return train.Config{
		Epochs: epochs, Batch: DefaultBatch, LearningRate: DefaultLearningRate, MinLearningRate: 0,
		Seed: seed, EvalEvery: DefaultEvalEvery,
	}
}
