package spiralmodel

import (
	"flag"
	"fmt"
	"io"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/train"
)

// Flags are the command-line settings of a program that studies trained
// spiral models.
type Flags struct {
	Out    string
	Seed   uint64
	Epochs int
	Quiet  bool
}

// Register adds -out, -seed, -epochs and -quiet to fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.Out, "out", "results", "output folder: reads checkpoints/spiral-MODEL.ckpt, writes the JSON and figures/")
	fs.Uint64Var(&f.Seed, "seed", 0, "seed of the data set, and of the weights and batch order of a model trained here")
	fs.IntVar(&f.Epochs, "epochs", DefaultEpochs, "training epochs, used only for a model whose checkpoint is missing or unusable")
	fs.BoolVar(&f.Quiet, "quiet", false, "print no training progress")
}

// Validate checks the flags before any work: epochs, a writable output
// folder, and that no existing checkpoint of models was trained with
// another seed.
func (f *Flags) Validate(models []string) error {
	if f.Epochs < 1 {
		return fmt.Errorf("invalid -epochs %d: want at least 1", f.Epochs)
	}
	if err := results.CheckWritable(f.Out); err != nil {
		return fmt.Errorf("invalid -out: %v", err)
	}
	for _, name := range models {
		if err := CheckSeed(f.Out, name, f.Seed); err != nil {
			return fmt.Errorf("invalid -seed: %v", err)
		}
	}
	return nil
}

// Data returns the spiral training and test sets of the seed.
func (f *Flags) Data() (trainSet, testSet *dataset.Set, err error) {
	return dataset.TrainTest(DefaultPoints, f.Seed)
}

// LoadAll loads or trains each model in order (see LoadOrTrain). program
// and commit go into the checkpoint of a model trained here; log receives
// the reason for any training.
func (f *Flags) LoadAll(models []string, program, commit string, trainSet, testSet *dataset.Set, log io.Writer) ([]*Loaded, error) {
	cfg := TrainConfig(f.Epochs, f.Seed)
	progress := train.NewProgress(f.Quiet)
	var out []*Loaded
	for _, name := range models {
		l, err := LoadOrTrain(f.Out, name, program, commit, cfg, trainSet, testSet, progress, log)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// CheckpointInfo records in a result file where a model's parameters came
// from.
type CheckpointInfo struct {
	Model string `json:"model"`
	Path  string `json:"path"`
	// TrainedNow is true when the program trained the model because its
	// checkpoint was missing or unusable.
	TrainedNow bool              `json:"trained_now"`
	Meta       map[string]string `json:"meta"`
}

// Info returns the checkpoint record of l.
func (l *Loaded) Info() CheckpointInfo {
	return CheckpointInfo{Model: l.Name(), Path: l.Path, TrainedNow: l.Trained, Meta: l.Meta}
}
