package train

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

func TestNFECountsTrainingForwardPasses(t *testing.T) {
	// 300 points in batches of 128 make 3 batches per epoch (the last of
	// 44 points), so NFE = epochs × 3 × steps × stages.
	trainSet, testSet, err := dataset.TrainTest(300, 1)
	if err != nil {
		t.Fatal(err)
	}
	arch := graphs.SpiralArch
	arch.Steps = 3
	arch.Hidden = 16
	tests := []struct {
		kind   string
		stages int
	}{
		{"euler", 1},
		{"midpoint", 2},
		{"rk4", 4},
		{"resnet", 0},
	}
	for _, tt := range tests {
		m, err := graphs.NewSpiralModel(tt.kind, rand.New(rand.NewPCG(1, 0)), tensor.Float32, arch)
		if err != nil {
			t.Fatal(err)
		}
		cfg := Config{Epochs: 2, Batch: 128, LearningRate: 0.01, Seed: 1, EvalEvery: 1}
		h, err := Fit(m, tensor.Float32, trainSet, testSet, cfg, NewProgress(true))
		if err != nil {
			t.Fatal(err)
		}
		if want := 2 * 3 * 3 * tt.stages; h.NFE != want {
			t.Errorf("%s: NFE = %d, want %d", tt.kind, h.NFE, want)
		}
		if len(h.EpochLoss) != 2 || len(h.EpochTestAccuracy) != 2 {
			t.Errorf("%s: %d epoch losses and %d test accuracies, want 2 each", tt.kind, len(h.EpochLoss), len(h.EpochTestAccuracy))
		}
	}
}

func TestShortRunBeatsChance(t *testing.T) {
	trainSet, testSet, err := dataset.TrainTest(1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	m, err := graphs.NewSpiralModel("euler", rand.New(rand.NewPCG(0, 0)), tensor.Float32, graphs.SpiralArch)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Epochs: 30, Batch: 128, LearningRate: 0.01, Seed: 0, EvalEvery: 10}
	h, err := Fit(m, tensor.Float32, trainSet, testSet, cfg, NewProgress(true))
	if err != nil {
		t.Fatal(err)
	}
	// Chance is 50%; a linear classifier on the raw points stays near it.
	if h.TestAccuracy < 0.65 {
		t.Errorf("test accuracy after 30 epochs = %.3f, want at least 0.65", h.TestAccuracy)
	}
	if first, last := h.EpochLoss[0], h.EpochLoss[len(h.EpochLoss)-1]; !(last < first) {
		t.Errorf("loss went from %.4f to %.4f, want a decrease", first, last)
	}
}

func TestDivergenceNamesModelEpochBatch(t *testing.T) {
	trainSet, testSet, _ := dataset.TrainTest(300, 1)
	arch := graphs.SpiralArch
	arch.Steps = 2
	m, _ := graphs.NewSpiralModel("euler", rand.New(rand.NewPCG(1, 0)), tensor.Float32, arch)
	head := m.Params()[len(m.Params())-1]
	head.Value.Data().([]float32)[0] = float32(math.Inf(1)) // an infinite logit makes the loss NaN
	cfg := Config{Epochs: 3, Batch: 128, LearningRate: 0.01, Seed: 1, EvalEvery: 1}
	_, err := Fit(m, tensor.Float32, trainSet, testSet, cfg, NewProgress(true))
	var div *graphs.DivergenceError
	if !errors.As(err, &div) {
		t.Fatalf("Fit returned %v, want a DivergenceError", err)
	}
	if div.Model != "euler" || div.Epoch != 1 || div.Batch != 1 {
		t.Errorf("divergence at model %q epoch %d batch %d, want euler, 1, 1", div.Model, div.Epoch, div.Batch)
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{Epochs: 1, Batch: 1, LearningRate: 0.1, EvalEvery: 1}
	if err := good.Validate(); err != nil {
		t.Errorf("valid config rejected: %v", err)
	}
	bad := []Config{
		{Epochs: 0, Batch: 1, LearningRate: 0.1, EvalEvery: 1},
		{Epochs: 1, Batch: -1, LearningRate: 0.1, EvalEvery: 1},
		{Epochs: 1, Batch: 1, LearningRate: 0, EvalEvery: 1},
		{Epochs: 1, Batch: 1, LearningRate: math.NaN(), EvalEvery: 1},
		{Epochs: 1, Batch: 1, LearningRate: 0.1, EvalEvery: 0},
	}
	for _, c := range bad {
		if err := c.Validate(); err == nil {
			t.Errorf("invalid config %+v accepted", c)
		}
	}
}
