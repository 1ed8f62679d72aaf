// Command liquid trains a Neural ODE with liquid time-constant (LTC)
// dynamics on the two-spiral data next to the plain Euler Neural ODE, with
// the same lift, head, solver, seed and training setup, and writes their
// results and figures.
//
// Usage:
//
//	go run ./experiments/liquid [flags]
//
// Outputs, under -out (default results):
//
//	liquid.json                        per-model accuracy, parameters, NFE, time, curves, learned τ
//	figures/liquid_boundary.png        P(class 1) of both models with the test set
//	figures/liquid_trajectories.png    hidden-state paths of test points, projected by PCA
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
	"github.com/neuralode/neuralode/plots"
	"gorgonia.org/tensor"
)

// DefaultEpochs is the spiral study's training length, so the liquid
// model and its Euler comparison train exactly as the spiral models do.
const DefaultEpochs = spiralmodel.DefaultEpochs

// Config is everything that determines a run; it is written into the JSON.
type Config struct {
	Points int    `json:"points"`
	Solver string `json:"solver"`
	// Arch is the spiral architecture shared by both models. The liquid
	// model replaces the MLP dynamics (width Arch.Hidden) by LTC dynamics
	// whose gate has GateHidden units.
	Arch       graphs.Arch  `json:"arch"`
	GateHidden int          `json:"gate_hidden"`
	Dtype      string       `json:"dtype"`
	Train      train.Config `json:"train"`
	Out        string       `json:"out"`
}

// Report is the content of liquid.json.
type Report struct {
	results.Header
	Config Config           `json:"config"`
	Models []*train.History `json:"models"`
	// Taus holds the liquid model's learned time constants τ, one per
	// hidden unit.
	Taus []float64 `json:"liquid_taus"`
}

func main() {
	cfg, quiet, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "liquid: %v\n", err)
		os.Exit(2)
	}
	if err := run(cfg, train.NewProgress(quiet), os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "liquid: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (Config, bool, error) {
	fs := flag.NewFlagSet("liquid", flag.ContinueOnError)
	epochs := fs.Int("epochs", DefaultEpochs, "training epochs of each model")
	seed := fs.Uint64("seed", 0, "seed of the data, the initial weights and the batch order")
	solver := fs.String("solver", graphs.Euler.Name, "tableau of both models: euler, midpoint, heun or rk4")
	steps := fs.Int("steps", graphs.SpiralArch.Steps, "solver steps on [0, 1]")
	gateHidden := fs.Int("gate-hidden", 64, "hidden units of the liquid model's gate MLP g")
	batch := fs.Int("batch", 128, "mini-batch size in samples")
	lr := fs.Float64("lr", 0.01, "initial learning rate of Adam, annealed to 0 along a cosine")
	points := fs.Int("points", 1000, "points in the training set and in the test set (even)")
	evalEvery := fs.Int("eval-every", 5, "evaluate the test accuracy every so many epochs")
	out := fs.String("out", "results", "output folder for the JSON file and figures")
	quiet := fs.Bool("quiet", false, "print nothing but the final table")
	if err := fs.Parse(args); err != nil {
		return Config{}, false, err
	}
	if fs.NArg() > 0 {
		return Config{}, false, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}

	arch := graphs.SpiralArch
	arch.Steps = *steps
	cfg := Config{
		Points: *points, Solver: *solver, Arch: arch, GateHidden: *gateHidden,
		Dtype: tensor.Float32.String(), Out: *out,
		Train: train.Config{
			Epochs: *epochs, Batch: *batch, LearningRate: *lr, MinLearningRate: 0,
			Seed: *seed, EvalEvery: *evalEvery,
		},
	}
	if _, ok := graphs.Tableaus[*solver]; !ok {
		return cfg, false, fmt.Errorf("invalid -solver %q: want euler, midpoint, heun or rk4", *solver)
	}
	if *steps < 1 {
		return cfg, false, fmt.Errorf("invalid -steps %d: want at least 1", *steps)
	}
	if *gateHidden < 1 {
		return cfg, false, fmt.Errorf("invalid -gate-hidden %d: want at least 1", *gateHidden)
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

// newModels returns the plain Neural ODE and the liquid model. Both draw
// from the same random stream, so their lifts start from the same weights.
func newModels(cfg Config) ([]graphs.Model, error) {
	tab := graphs.Tableaus[cfg.Solver]
	plain, err := graphs.NewODEClassifier(rand.New(rand.NewPCG(cfg.Train.Seed, 0)), tensor.Float32, cfg.Arch, tab)
	if err != nil {
		return nil, err
	}
	liquid, err := graphs.NewLiquidClassifier(rand.New(rand.NewPCG(cfg.Train.Seed, 0)), tensor.Float32, cfg.Arch, cfg.GateHidden, tab)
	if err != nil {
		return nil, err
	}
	return []graphs.Model{plain, liquid}, nil
}

func run(cfg Config, progress *train.Progress, stdout io.Writer) error {
	report := Report{Header: results.Header{Experiment: "liquid", Provenance: results.NewProvenance("liquid")}, Config: cfg}
	trainSet, testSet, err := dataset.TrainTest(cfg.Points, cfg.Train.Seed)
	if err != nil {
		return err
	}
	figures := filepath.Join(cfg.Out, "figures")
	if err := os.MkdirAll(figures, 0o755); err != nil {
		return err
	}

	models, err := newModels(cfg)
	if err != nil {
		return err
	}
	for _, m := range models {
		h, err := train.Fit(m, tensor.Float32, trainSet, testSet, cfg.Train, progress)
		if err != nil {
			return err
		}
		report.Models = append(report.Models, h)
		if liquid, ok := m.(*graphs.LiquidClassifier); ok {
			report.Taus = liquid.Dynamics.(*graphs.LiquidDynamics).Taus()
		}
	}

	if err := writeBoundaryFigure(filepath.Join(figures, "liquid_boundary.png"), models, testSet); err != nil {
		return err
	}
	if err := writeTrajectoryFigure(filepath.Join(figures, "liquid_trajectories.png"), models, testSet); err != nil {
		return err
	}
	report.Tables = []results.Table{resultsTable(cfg, report.Models)}
	report.Figures = []results.Figure{
		{Path: "figures/liquid_boundary.png", Caption: fmt.Sprintf("P(class 1) of the plain Neural ODE and the liquid (LTC) Neural ODE, %s with %d steps, with the decision boundary and the test set.", cfg.Solver, cfg.Arch.Steps)},
		{Path: "figures/liquid_trajectories.png", Caption: fmt.Sprintf("Hidden states of %d test points from t = 0 to t = 1, projected on the first two principal components of each model's states.", trajectoryPoints)},
	}
	if err := results.WriteJSON(filepath.Join(cfg.Out, "liquid.json"), report); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, report.Tables[0].Markdown())
	return err
}

// resultsTable has one row per model.
func resultsTable(cfg Config, models []*train.History) results.Table {
	t := results.Table{
		Title:   fmt.Sprintf("Spiral classification: MLP dynamics against liquid time-constant dynamics (%s, %d steps)", cfg.Solver, cfg.Arch.Steps),
		Columns: []string{"model", "parameters", "train accuracy", "test accuracy", "total NFE (training)", "training time (s)"},
		Align:   []string{"l", "r", "r", "r", "r", "r"},
	}
	for _, h := range models {
		t.Rows = append(t.Rows, []string{plots.ModelLabel(h.Model), results.Thousands(h.Params),
			results.Percent(h.TrainAccuracy), results.Percent(h.TestAccuracy), results.Thousands(h.NFE), fmt.Sprintf("%.1f", h.TrainSeconds)})
	}
	return t
}
