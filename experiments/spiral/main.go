// Command spiral trains the three classifiers of the two-spiral study (a
// Neural ODE with Euler steps, one with RK4 steps, and a ResNet MLP) and
// writes their results, checkpoints and figures.
//
// Usage:
//
//	go run ./experiments/spiral [flags]
//
// Outputs, under -out (default results):
//
//	spiral.json                       per-model accuracy, parameters, time, NFE, curves
//	checkpoints/spiral-MODEL.ckpt     trained parameters
//	figures/spiral_data.png           the training and test sets
//	figures/spiral_training.png       loss and accuracy per epoch
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
	"github.com/neuralode/neuralode/plots"
	"gorgonia.org/tensor"
)

// Config is everything that determines a run. It is written into the JSON.
type Config struct {
	Models []string     `json:"models"`
	Points int          `json:"points"`
	Arch   graphs.Arch  `json:"arch"`
	Dtype  string       `json:"dtype"`
	Train  train.Config `json:"train"`
	Out    string       `json:"out"`
}

// Report is the content of spiral.json.
type Report struct {
	results.Header
	Config Config           `json:"config"`
	Models []*train.History `json:"models"`
}

func main() {
	cfg, quiet, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "spiral: %v\n", err)
		os.Exit(2)
	}
	if err := run(cfg, train.NewProgress(quiet), os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "spiral: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (Config, bool, error) {
	fs := flag.NewFlagSet("spiral", flag.ContinueOnError)
	epochs := fs.Int("epochs", spiralmodel.DefaultEpochs, "training epochs")
	seed := fs.Uint64("seed", 0, "seed of the data, the initial weights and the batch order")
	models := fs.String("models", "euler,rk4,resnet", "comma-separated models: euler, midpoint, heun, rk4 (Neural ODEs) or resnet")
	steps := fs.Int("steps", graphs.SpiralArch.Steps, "solver steps of the ODEs and blocks of the ResNet")
	batch := fs.Int("batch", spiralmodel.DefaultBatch, "mini-batch size in samples")
	lr := fs.Float64("lr", spiralmodel.DefaultLearningRate, "initial learning rate of Adam, annealed to 0 along a cosine")
	points := fs.Int("points", spiralmodel.DefaultPoints, "points in the training set and in the test set (even)")
	evalEvery := fs.Int("eval-every", spiralmodel.DefaultEvalEvery, "evaluate the test accuracy every so many epochs")
	out := fs.String("out", "results", "output folder for JSON, checkpoints and figures")
	quiet := fs.Bool("quiet", false, "print nothing but the final table")
	grad := fs.String("grad", train.Direct, "gradients: direct (backpropagation through the unrolled solver) or adjoint (adjoint method, constant memory in -steps; Neural ODEs only)")
	if err := fs.Parse(args); err != nil {
		return Config{}, false, err
	}
	if fs.NArg() > 0 {
		return Config{}, false, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}

	arch := graphs.SpiralArch
	arch.Steps = *steps
	cfg := Config{
		Points: *points,
		Arch:   arch,
		Dtype:  tensor.Float32.String(),
		Out:    *out,
		Train: train.Config{
			Epochs: *epochs, Batch: *batch, LearningRate: *lr, MinLearningRate: 0,
			Seed: *seed, EvalEvery: *evalEvery, Gradient: *grad,
		},
	}
	for _, name := range strings.Split(*models, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if _, err := graphs.NewSpiralModel(name, rand.New(rand.NewPCG(0, 0)), tensor.Float32, graphs.SpiralArch); err != nil {
			return cfg, false, fmt.Errorf("invalid -models %q: %v", *models, err)
		}
		if slices.Contains(cfg.Models, name) {
			return cfg, false, fmt.Errorf("invalid -models %q: %s is listed twice", *models, name)
		}
		cfg.Models = append(cfg.Models, name)
	}
	if len(cfg.Models) == 0 {
		return cfg, false, fmt.Errorf("invalid -models %q: name at least one of euler, rk4, resnet", *models)
	}
	if *grad != train.Direct && *grad != train.Adjoint {
		return cfg, false, fmt.Errorf("invalid -grad %q: want %s or %s", *grad, train.Direct, train.Adjoint)
	}
	if *grad == train.Adjoint && slices.Contains(cfg.Models, "resnet") {
		return cfg, false, fmt.Errorf("invalid -grad adjoint with -models %q: the ResNet has no ODE to solve backwards; drop resnet from -models or use -grad direct", *models)
	}
	if *steps < 1 {
		return cfg, false, fmt.Errorf("invalid -steps %d: want at least 1", *steps)
	}
	if *points < 2 || *points%2 != 0 {
		return cfg, false, fmt.Errorf("invalid -points %d: want an even number of at least 2", *points)
	}
	if err := cfg.Train.Validate(); err != nil {
		return cfg, false, fmt.Errorf("invalid flag: %v", err)
	}
	if err := results.CheckWritable(*out); err != nil {
		return cfg, false, fmt.Errorf("invalid -out: %v", err)
	}
	return cfg, *quiet, nil
}

func run(cfg Config, progress *train.Progress, stdout io.Writer) error {
	report := Report{Header: results.Header{Experiment: "spiral", Provenance: results.NewProvenance("spiral")}, Config: cfg}
	trainSet, testSet, err := dataset.TrainTest(cfg.Points, cfg.Train.Seed)
	if err != nil {
		return err
	}

	// Train every model first and write nothing until all have finished,
	// so an interrupted or failed run leaves the previous checkpoints,
	// figures and JSON together as one consistent set.
	var trained []graphs.Model
	for _, name := range cfg.Models {
		// Every model starts from the same random stream, so the two Neural
		// ODEs start from identical weights.
		rng := rand.New(rand.NewPCG(cfg.Train.Seed, 0))
		m, err := graphs.NewSpiralModel(name, rng, tensor.Float32, cfg.Arch)
		if err != nil {
			return err
		}
		h, err := train.Fit(m, tensor.Float32, trainSet, testSet, cfg.Train, progress)
		if err != nil {
			return err
		}
		report.Models = append(report.Models, h)
		trained = append(trained, m)
	}

	meta := map[string]string{
		"experiment": "spiral",
		"seed":       strconv.FormatUint(cfg.Train.Seed, 10),
		"epochs":     strconv.Itoa(cfg.Train.Epochs),
		"commit":     report.Provenance.Commit,
	}
	for _, m := range trained {
		if err := results.SaveCheckpoint(results.CheckpointPath(cfg.Out, "spiral", m.Name()), m, cfg.Arch, meta); err != nil {
			return err
		}
	}
	figures := filepath.Join(cfg.Out, "figures")
	if err := os.MkdirAll(figures, 0o755); err != nil {
		return err
	}
	if err := writeDataFigure(filepath.Join(figures, "spiral_data.png"), trainSet, testSet); err != nil {
		return err
	}
	if err := writeTrainingFigure(filepath.Join(figures, "spiral_training.png"), report.Models); err != nil {
		return err
	}
	report.Tables = []results.Table{resultsTable(report.Models)}
	report.Figures = []results.Figure{
		{Path: "figures/spiral_data.png", Caption: fmt.Sprintf("The two-spiral training and test sets, %s points each.", results.Thousands(trainSet.Len()))},
		{Path: "figures/spiral_training.png", Caption: "Training loss and training (solid) and test (dashed) accuracy per epoch."},
	}
	if err := results.WriteJSON(filepath.Join(cfg.Out, "spiral.json"), report); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, report.Tables[0].Markdown())
	return err
}

// resultsTable is the study's table: one row per model.
func resultsTable(models []*train.History) results.Table {
	t := results.Table{
		Title:   "Spiral classification",
		Columns: []string{"model", "parameters", "train accuracy", "test accuracy", "total NFE (training)", "training time (s)"},
		Align:   []string{"l", "r", "r", "r", "r", "r"},
	}
	for _, h := range models {
		nfe := "n/a"
		if h.NFE > 0 {
			nfe = results.Thousands(h.NFE)
		}
		if h.NFEBackward > 0 { // the adjoint method solves again backwards
			nfe += " + " + results.Thousands(h.NFEBackward) + " backward"
		}
		t.Rows = append(t.Rows, []string{plots.ModelLabel(h.Model), results.Thousands(h.Params),
			results.Percent(h.TrainAccuracy), results.Percent(h.TestAccuracy), nfe, fmt.Sprintf("%.1f", h.TrainSeconds)})
	}
	return t
}
