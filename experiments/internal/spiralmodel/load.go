package spiralmodel

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
)

// Loaded is a spiral model with the origin of its parameters.
type Loaded struct {
	Model graphs.Model
	// Path is the checkpoint file the parameters came from or went to.
	Path string
	// Trained is true when the checkpoint was missing or unusable and the
	// model was trained by this process.
	Trained bool
	// Meta is the checkpoint's provenance: the experiment that trained it,
	// its seed, epochs and commit.
	Meta map[string]string
}

// Name returns the model name, such as "euler".
func (l *Loaded) Name() string { return l.Model.Name() }

// newModel returns an untrained model of the given kind. The weights drawn
// here are overwritten by a checkpoint or by training from the seed.
func newModel(name string, seed uint64) (graphs.Model, error) {
	// Every model starts from the same random stream, as in the spiral
	// program, so a model trained here equals one trained there.
	return graphs.NewSpiralModel(name, rand.New(rand.NewPCG(seed, 0)), Dtype, Arch)
}

// Load reads the model name from its checkpoint under out. The error states
// why the checkpoint cannot be used: missing, corrupt, for another model or
// for another architecture.
func Load(out, name string) (*Loaded, error) {
	m, err := newModel(name, 0)
	if err != nil {
		return nil, err
	}
	path := results.CheckpointPath(out, Experiment, name)
	h, err := results.LoadCheckpoint(path, m, Arch)
	if err != nil {
		return nil, err
	}
	return &Loaded{Model: m, Path: path, Meta: h.Meta}, nil
}

// CheckSeed returns an error when the checkpoint of model name under out
// exists, is readable and was trained with a seed other than seed. The
// seed also draws the data, so such a model would be evaluated on data
// from another draw than its training set. A missing or unreadable
// checkpoint passes, because LoadOrTrain replaces it.
func CheckSeed(out, name string, seed uint64) error {
	path := results.CheckpointPath(out, Experiment, name)
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	h, _, err := graphs.ReadCheckpoint(f)
	if err != nil {
		return nil
	}
	if got, ok := h.Meta["seed"]; ok && got != strconv.FormatUint(seed, 10) {
		return fmt.Errorf("checkpoint %s was trained with seed %s, not %d; pass -seed %s or use another -out", path, got, seed, got)
	}
	return nil
}

// LoadOrTrain loads model name from its checkpoint under out. When the
// checkpoint is missing or cannot be used, it writes the reason to log,
// trains the model on trainSet with cfg (showing progress), and saves the
// checkpoint with program as the training experiment. A loaded checkpoint
// whose seed differs from cfg.Seed is an error and is left untouched.
func LoadOrTrain(out, name, program, commit string, cfg train.Config, trainSet, testSet *dataset.Set, progress *train.Progress, log io.Writer) (*Loaded, error) {
	loaded, err := Load(out, name)
	if err == nil {
		if err := CheckSeed(out, name, cfg.Seed); err != nil {
			return nil, err
		}
		return loaded, nil
	}
	path := results.CheckpointPath(out, Experiment, name)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(log, "%s: no checkpoint %s; training %s with the spiral settings for %d epochs (-epochs), seed %d\n", program, path, name, cfg.Epochs, cfg.Seed)
	} else {
		// Keep the unusable file, which may be another run's model of a
		// different architecture, next to the new one.
		backup := path + ".bak"
		if renameErr := os.Rename(path, backup); renameErr != nil {
			return nil, fmt.Errorf("cannot use %v, and moving it aside failed: %w", err, renameErr)
		}
		fmt.Fprintf(log, "%s: cannot use %v; moved it to %s and training %s with the spiral settings for %d epochs (-epochs), seed %d\n", program, err, backup, name, cfg.Epochs, cfg.Seed)
	}

	m, err := newModel(name, cfg.Seed)
	if err != nil {
		return nil, err
	}
	if _, err := train.Fit(m, Dtype, trainSet, testSet, cfg, progress); err != nil {
		return nil, fmt.Errorf("train %s: %w", name, err)
	}
	meta := map[string]string{
		"experiment": program,
		"seed":       strconv.FormatUint(cfg.Seed, 10),
		"epochs":     strconv.Itoa(cfg.Epochs),
		"commit":     commit,
	}
	if err := results.SaveCheckpoint(path, m, Arch, meta); err != nil {
		return nil, err
	}
	return &Loaded{Model: m, Path: path, Trained: true, Meta: meta}, nil
}
