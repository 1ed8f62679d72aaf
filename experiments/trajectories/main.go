// Command trajectories records the hidden states of the spiral test points
// at every solver step of the Euler and RK4 Neural ODEs. It draws them
// projected onto their first two principal components, and it measures
// with a linear probe how linearly separable the two classes are at each
// time.
//
// Usage:
//
//	go run ./experiments/trajectories [flags]
//
// It loads results/checkpoints/spiral-{euler,rk4}.ckpt, written by
// go run ./experiments/spiral. A missing or unusable checkpoint is reported
// on stderr, and that model is trained with the spiral defaults and saved.
//
// Outputs, under -out (default results):
//
//	trajectories.json                   probe accuracy and variance per time
//	figures/trajectories.png            trajectories and snapshots at t = 0, 0.5, 1
//	figures/trajectories_probe.png      probe accuracy against t
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
)

// Models are the Neural ODEs whose trajectories are recorded.
var Models = []string{"euler", "rk4"}

// Config is everything that determines a run; it is written into the JSON.
type Config struct {
	Models []string `json:"models"`
	Seed   uint64   `json:"seed"`
	// Epochs applies only to a model trained because its checkpoint was
	// missing or unusable.
	Epochs int `json:"epochs_if_trained"`
	Points int `json:"points"`
	// Paths is the number of test trajectories drawn.
	Paths int    `json:"paths"`
	Probe string `json:"probe"`
	Out   string `json:"out"`
}

// Report is the content of trajectories.json.
type Report struct {
	results.Header
	Config Config         `json:"config"`
	Models []*ModelResult `json:"models"`
}

func main() {
	flags, cfg, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "trajectories: %v\n", err)
		os.Exit(2)
	}
	if err := run(flags, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "trajectories: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*spiralmodel.Flags, Config, error) {
	fs := flag.NewFlagSet("trajectories", flag.ContinueOnError)
	flags := &spiralmodel.Flags{}
	flags.Register(fs)
	paths := fs.Int("paths", 200, "test trajectories to draw per model, spread evenly over the test set")
	if err := fs.Parse(args); err != nil {
		return nil, Config{}, err
	}
	if fs.NArg() > 0 {
		return nil, Config{}, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}
	if *paths < 1 || *paths > spiralmodel.DefaultPoints {
		return nil, Config{}, fmt.Errorf("invalid -paths %d: want 1 to %d", *paths, spiralmodel.DefaultPoints)
	}
	if err := flags.Validate(Models); err != nil {
		return nil, Config{}, err
	}
	cfg := Config{
		Models: Models, Seed: flags.Seed, Epochs: flags.Epochs, Points: spiralmodel.DefaultPoints,
		Paths: *paths, Probe: ProbeDescription, Out: flags.Out,
	}
	return flags, cfg, nil
}

func run(flags *spiralmodel.Flags, cfg Config, stdout, stderr io.Writer) error {
	report := Report{Header: results.Header{Experiment: "trajectories", Provenance: results.NewProvenance("trajectories")}, Config: cfg}
	trainSet, testSet, err := flags.Data()
	if err != nil {
		return err
	}
	models, err := flags.LoadAll(cfg.Models, "trajectories", report.Provenance.Commit, trainSet, testSet, stderr)
	if err != nil {
		return err
	}

	var measured []*measurement
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
		m, err := measure(l, acc, trainSet, testSet)
		if err != nil {
			return fmt.Errorf("%s: %w", l.Name(), err)
		}
		measured = append(measured, m)
		report.Models = append(report.Models, m.result)
	}

	figures := filepath.Join(cfg.Out, "figures")
	if err := os.MkdirAll(figures, 0o755); err != nil {
		return err
	}
	if err := writeTrajectoryFigure(filepath.Join(figures, "trajectories.png"), measured, testSet.Labels, cfg.Paths); err != nil {
		return err
	}
	if err := writeProbeFigure(filepath.Join(figures, "trajectories_probe.png"), report.Models); err != nil {
		return err
	}
	report.Tables = []results.Table{summaryTable(report.Models), timeTable(report.Models)}
	report.Figures = []results.Figure{
		{Path: "figures/trajectories.png", Caption: fmt.Sprintf("Hidden states of %d test points from t = 0 (ring) to t = 1 (triangle), projected onto the first two principal components of all states of each model, and snapshots of all %s test points at t = 0, 0.5 and 1.", cfg.Paths, results.Thousands(spiralmodel.DefaultPoints))},
		{Path: "figures/trajectories_probe.png", Caption: "Held-out accuracy of a linear probe on the 6-D state at each time (solid) against the model's test accuracy (dashed)."},
	}
	if err := results.WriteJSON(filepath.Join(cfg.Out, "trajectories.json"), report); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, report.Tables[0].Markdown())
	return err
}
