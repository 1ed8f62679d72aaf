// Command boundaries draws the decision boundaries of the three spiral
// models (Neural ODE with Euler and with RK4 steps, ResNet MLP) as
// class-probability maps over the square [-1.5, 1.5]², and measures where
// the models disagree.
//
// Usage:
//
//	go run ./experiments/boundaries [flags]
//
// It loads results/checkpoints/spiral-{euler,rk4,resnet}.ckpt, written by
// go run ./experiments/spiral. A missing or unusable checkpoint is reported
// on stderr, and that model is trained with the spiral defaults and saved.
//
// Outputs, under -out (default results):
//
//	boundaries.json               test accuracy per model, disagreement on the grid
//	figures/boundaries.png        one probability map per model, shared colour bar
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Models are the models whose boundaries are drawn.
var Models = []string{"euler", "rk4", "resnet"}

// Extent is the half-width of the square [-Extent, Extent]² of the maps.
const Extent = 1.5

// maxGrid bounds -grid so that the evaluation stays within minutes.
const maxGrid = 2000

// Config is everything that determines a run; it is written into the JSON.
type Config struct {
	Models []string `json:"models"`
	Seed   uint64   `json:"seed"`
	// Epochs applies only to a model trained because its checkpoint was
	// missing or unusable.
	Epochs int     `json:"epochs_if_trained"`
	Grid   int     `json:"grid"`
	Extent float64 `json:"extent"`
	Out    string  `json:"out"`
}

// Report is the content of boundaries.json.
type Report struct {
	results.Header
	Config Config        `json:"config"`
	Models []ModelResult `json:"models"`
	Grid   Disagreement  `json:"disagreement"`
}

// ModelResult is the accuracy of one model and the origin of its weights.
type ModelResult struct {
	Model        string                     `json:"model"`
	Checkpoint   spiralmodel.CheckpointInfo `json:"checkpoint"`
	TestAccuracy float64                    `json:"test_accuracy"`
	// Class1Fraction is the fraction of the grid classified as class 1.
	Class1Fraction float64 `json:"class1_fraction"`
}

func main() {
	flags, cfg, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "boundaries: %v\n", err)
		os.Exit(2)
	}
	if err := run(flags, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "boundaries: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*spiralmodel.Flags, Config, error) {
	fs := flag.NewFlagSet("boundaries", flag.ContinueOnError)
	flags := &spiralmodel.Flags{}
	flags.Register(fs)
	grid := fs.Int("grid", 200, "grid points per side of the probability maps")
	if err := fs.Parse(args); err != nil {
		return nil, Config{}, err
	}
	if fs.NArg() > 0 {
		return nil, Config{}, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}
	if *grid < 2 || *grid > maxGrid {
		return nil, Config{}, fmt.Errorf("invalid -grid %d: want 2 to %d points per side", *grid, maxGrid)
	}
	if err := flags.Validate(Models); err != nil {
		return nil, Config{}, err
	}
	cfg := Config{Models: Models, Seed: flags.Seed, Epochs: flags.Epochs, Grid: *grid, Extent: Extent, Out: flags.Out}
	return flags, cfg, nil
}

func run(flags *spiralmodel.Flags, cfg Config, stdout, stderr io.Writer) error {
	report := Report{Header: results.Header{Experiment: "boundaries", Provenance: results.NewProvenance("boundaries")}, Config: cfg}
	trainSet, testSet, err := flags.Data()
	if err != nil {
		return err
	}
	models, err := flags.LoadAll(cfg.Models, "boundaries", report.Provenance.Commit, trainSet, testSet, stderr)
	if err != nil {
		return err
	}

	var grids []*plots.Grid
	var panels []*plot.Plot
	for _, l := range models {
		eval, err := train.NewEvaluator(l.Model, spiralmodel.Dtype, testSet.Len(), train.Direct)
		if err != nil {
			return err
		}
		acc, err := eval.Accuracy(testSet)
		eval.Close()
		if err != nil {
			return err
		}
		g, err := spiralmodel.ProbabilityGrid(l.Model, cfg.Grid, cfg.Grid, -cfg.Extent, cfg.Extent)
		if err != nil {
			return err
		}
		grids = append(grids, g)
		report.Models = append(report.Models, ModelResult{Model: l.Name(), Checkpoint: l.Info(), TestAccuracy: acc, Class1Fraction: class1Fraction(g)})

		title := fmt.Sprintf("%s (test accuracy %s)", plots.ModelLabel(l.Name()), results.Percent(acc))
		p, err := plots.ProbabilityMap(title, g, testSet.X, testSet.Labels)
		if err != nil {
			return err
		}
		panels = append(panels, p)
	}
	if report.Grid, err = disagreement(cfg.Models, grids); err != nil {
		return err
	}

	figures := filepath.Join(cfg.Out, "figures")
	if err := os.MkdirAll(figures, 0o755); err != nil {
		return err
	}
	err = results.WriteFile(filepath.Join(figures, "boundaries.png"), func(w io.Writer) error {
		return plots.WritePNGWithColorBar(w, 12*vg.Centimeter, 12*vg.Centimeter, [][]*plot.Plot{panels}, plots.ProbabilityColorBar())
	})
	if err != nil {
		return err
	}
	report.Tables = []results.Table{accuracyTable(report.Models), disagreementTable(report.Grid)}
	report.Figures = []results.Figure{{
		Path: "figures/boundaries.png",
		Caption: fmt.Sprintf("P(class 1) of each model on a %d × %d grid over [-%g, %g]², one colour scale for all panels; the dark line is the decision boundary P = 0.5, the points are the %s test points.",
			cfg.Grid, cfg.Grid, cfg.Extent, cfg.Extent, results.Thousands(spiralmodel.DefaultPoints)),
	}}
	if err := results.WriteJSON(filepath.Join(cfg.Out, "boundaries.json"), report); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, report.Tables[0].Markdown()+"\n"+report.Tables[1].Markdown())
	return err
}
