// Command speed measures the training speed of the spiral models in this
// build and, when the PyTorch reference is available, side by side with
// it, and checks that memory stays flat over a long run.
//
// Usage:
//
//	go run ./experiments/speed [flags]
//	go run -tags openblas ./experiments/speed [flags]
//
// It writes results/speed-BUILD.json (BUILD is "default" or the build
// tags) and regenerates results/BENCHMARKS.md from every speed-*.json in
// the output folder.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/graphs"
)

// Config is everything that determines a run.
type Config struct {
	Models     []string `json:"models"`
	Iterations int      `json:"iterations"`
	Warmup     int      `json:"warmup"`
	Repeats    int      `json:"repeats"`
	Batch      int      `json:"batch"`
	Steps      int      `json:"steps"`
	// Baseline also times the plain graph with gonum's BLAS.
	Baseline bool `json:"baseline"`
	// SoakIterations is the length of the leak check. Zero skips it.
	SoakIterations int `json:"soak_iterations"`
	// Torch is the reference script. An empty path skips the comparison.
	Torch       string `json:"torch"`
	TorchEpochs int    `json:"torch_epochs"`
	// TorchRounds is the number of paired rounds per model: each times
	// this build and then PyTorch, back to back.
	TorchRounds int    `json:"torch_rounds"`
	Out         string `json:"out"`
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "speed: %v\n", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintf(os.Stderr, "speed: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (Config, error) {
	fs := flag.NewFlagSet("speed", flag.ContinueOnError)
	models := fs.String("models", "euler,rk4,resnet", "comma-separated models to time")
	iterations := fs.Int("iterations", 100, "timed training iterations per repeat")
	warmup := fs.Int("warmup", 20, "untimed iterations before timing")
	repeats := fs.Int("repeats", 5, "repeats of the timed loop; the median is reported")
	batch := fs.Int("batch", 128, "batch size in samples")
	steps := fs.Int("steps", 20, "solver steps or ResNet blocks")
	baseline := fs.Bool("baseline", true, "also time the plain graph of stock Gorgonia ops with gonum's BLAS")
	soak := fs.Int("soak", 20000, "training iterations of the Euler model for the memory soak; 0 skips it")
	torch := fs.String("torch", "", "path of the PyTorch reference torch_spiral.py; empty skips the comparison")
	torchEpochs := fs.Int("torch-epochs", 50, "epochs of each PyTorch run, with one thread and with one per core")
	torchRounds := fs.Int("torch-rounds", 3, "paired rounds per model, each timing this build and then PyTorch; the ratio is their median")
	out := fs.String("out", "results", "output folder")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}
	cfg := Config{Iterations: *iterations, Warmup: *warmup, Repeats: *repeats, Batch: *batch, Steps: *steps,
		Baseline: *baseline, SoakIterations: *soak, Torch: *torch, TorchEpochs: *torchEpochs, TorchRounds: *torchRounds, Out: *out}
	for _, name := range strings.Split(*models, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains([]string{"euler", "midpoint", "heun", "rk4", "resnet"}, name) {
			return cfg, fmt.Errorf("invalid -models %q: unknown model %q (want euler, midpoint, heun, rk4 or resnet)", *models, name)
		}
		cfg.Models = append(cfg.Models, name)
	}
	checks := []struct {
		name  string
		value int
		min   int
	}{{"-iterations", *iterations, 1}, {"-warmup", *warmup, 0}, {"-repeats", *repeats, 1}, {"-batch", *batch, 1}, {"-steps", *steps, 1}, {"-soak", *soak, 0}, {"-torch-epochs", *torchEpochs, 1}, {"-torch-rounds", *torchRounds, 1}}
	for _, c := range checks {
		if c.value < c.min {
			return cfg, fmt.Errorf("invalid %s %d: want at least %d", c.name, c.value, c.min)
		}
	}
	if len(cfg.Models) == 0 {
		return cfg, fmt.Errorf("invalid -models %q: name at least one model", *models)
	}
	if cfg.Batch > spiralmodel.DefaultPoints {
		return cfg, fmt.Errorf("invalid -batch %d: the timings draw batches from %d spiral points; use at most %d", cfg.Batch, spiralmodel.DefaultPoints, spiralmodel.DefaultPoints)
	}
	if cfg.Torch != "" {
		info, err := os.Stat(cfg.Torch)
		if err != nil {
			return cfg, fmt.Errorf("invalid -torch %q: %v", cfg.Torch, err)
		}
		if !info.Mode().IsRegular() {
			return cfg, fmt.Errorf("invalid -torch %q: not a regular file; give the path of torch_spiral.py", cfg.Torch)
		}
	}
	if err := results.CheckWritable(cfg.Out); err != nil {
		return cfg, fmt.Errorf("invalid -out: %v", err)
	}
	return cfg, nil
}

// count writes n with its noun, in the plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// buildName names this build in file names: "default" or its tags.
func buildName() string {
	if tags := graphs.BuildTags(); tags != "" {
		return strings.ReplaceAll(tags, ",", "-")
	}
	return "default"
}

func run(cfg Config) error {
	report := Report{Header: results.Header{Experiment: "speed-" + buildName(), Provenance: results.NewProvenance("speed")}, Config: cfg, Build: buildName()}

	if cfg.Torch != "" {
		// A broken script or PyTorch install fails here, not after minutes
		// of timing.
		fmt.Fprintf(os.Stderr, "checking the PyTorch reference with one epoch of %s\n", cfg.Models[0])
		if _, _, err := runTorch(cfg.Torch, cfg.Models[0], 1, 1); err != nil {
			return err
		}
	}
	for _, name := range cfg.Models {
		fmt.Fprintf(os.Stderr, "timing %s (%s)\n", name, report.Provenance.BLAS)
		m, err := timeModel(name, cfg)
		if err != nil {
			return err
		}
		if cfg.Baseline {
			fmt.Fprintf(os.Stderr, "timing %s as the plain graph with gonum's BLAS\n", name)
			if m.BaselineMs, err = timeBaseline(name, cfg); err != nil {
				return err
			}
		}
		report.Models = append(report.Models, m)
	}
	if cfg.Torch != "" {
		for _, m := range report.Models {
			fmt.Fprintf(os.Stderr, "timing PyTorch %s (%s)\n", m.Model, count(cfg.TorchEpochs, "epoch"))
			t, err := timeTorch(cfg.Torch, m.Model, cfg.TorchEpochs, cfg.Batch)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "pairing %s with PyTorch (%s) in %s\n", m.Model, count(t.Threads, "thread"), count(cfg.TorchRounds, "round"))
			if err := pairWithTorch(m.Model, cfg, t); err != nil {
				return err
			}
			m.Torch = t
		}
	}
	if cfg.SoakIterations > 0 {
		fmt.Fprintf(os.Stderr, "soak: %d training iterations of euler\n", cfg.SoakIterations)
		soak, err := runSoak(cfg)
		if err != nil {
			return err
		}
		report.Soak = soak
	}

	report.Tables = report.tables()
	report.Figures = []results.Figure{} // the timings have no figure
	path := filepath.Join(cfg.Out, "speed-"+buildName()+".json")
	if err := results.WriteJSON(path, report); err != nil {
		return err
	}
	fmt.Print(report.Tables[0].Markdown())
	return writeBenchmarksPage(cfg.Out)
}
