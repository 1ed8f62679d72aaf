// Command memory measures the memory of one training step of the spiral
// models at several numbers of solver steps. It counts the values the
// backward pass reads from the graph and measures the growth of the Go
// heap, for unrolled backpropagation and for the adjoint method.
//
// Usage:
//
//	go run ./experiments/memory [flags]
//
// Outputs, under -out (default results):
//
//	memory.json                  every measure, the ratios and the methods
//	figures/memory_steps.png     memory against steps, log-log
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
)

// Variant is one model trained with one gradient mode.
type Variant struct {
	Model    string `json:"model"`
	Gradient string `json:"gradient"`
}

// Variants are the measured combinations: the three models of the study
// with unrolled backpropagation and the two Neural ODEs with the adjoint.
var Variants = []Variant{
	{"euler", "direct"}, {"rk4", "direct"}, {"resnet", "direct"},
	{"euler", "adjoint"}, {"rk4", "adjoint"},
}

// Config is everything that determines a run.
type Config struct {
	Batch      int    `json:"batch"`
	Steps      []int  `json:"steps"`
	TableSteps int    `json:"table_steps"`
	Seed       uint64 `json:"seed"`
	Dtype      string `json:"dtype"`
	Out        string `json:"out"`
}

// Ratio compares a model with the Euler Neural ODE, both with unrolled
// backpropagation at Config.TableSteps steps.
type Ratio struct {
	Model    string  `json:"model"`
	Retained float64 `json:"retained_bytes_ratio"`
	PeakHeap float64 `json:"peak_heap_ratio"`
}

// Report is the content of memory.json.
type Report struct {
	results.Header
	Config Config `json:"config"`
	// RetainedRule and HeapMethod say how the two measures are taken.
	RetainedRule string    `json:"retained_rule"`
	HeapMethod   string    `json:"heap_method"`
	Measures     []Measure `json:"measures"`
	Ratios       []Ratio   `json:"ratios_to_euler"`
}

// RetainedRule is the counting rule of graphs.Retained, for memory.json.
const RetainedRule = "Forward nodes are the loss and every node it depends on; every other node was added by the gradient computation. " +
	"A value is retained when a gradient node reads it (reads of the shape alone, Gorgonia's SizeOf, excepted) and it is a forward node " +
	"that is neither a parameter nor a constant. Each such node counts once at its full size (elements × 4 bytes for float32), views included; " +
	"inputs such as x count when read. For the adjoint the count covers its three small graphs (lift, head, one evaluation of the dynamics " +
	"with its vector-Jacobian products), each once because every evaluation reuses it, plus the float64 buffers of the forward and adjoint solves."

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "memory: %v\n", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stderr, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "memory: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (Config, error) {
	fs := flag.NewFlagSet("memory", flag.ContinueOnError)
	batch := fs.Int("batch", 128, "batch size in samples")
	steps := fs.String("steps", "5,10,20,40,80", "comma-separated solver steps (ODEs) and blocks (ResNet) to measure")
	tableSteps := fs.Int("table-steps", 20, "steps of the summary table and the ratios; must be one of -steps")
	seed := fs.Uint64("seed", 0, "seed of the batch and the initial weights")
	out := fs.String("out", "results", "output folder for memory.json and figures")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}
	cfg := Config{Batch: *batch, TableSteps: *tableSteps, Seed: *seed, Dtype: "float32", Out: *out}
	for _, field := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("invalid -steps %q: %q is not a positive integer", *steps, field)
		}
		if slices.Contains(cfg.Steps, n) {
			return cfg, fmt.Errorf("invalid -steps %q: %d is listed twice", *steps, n)
		}
		cfg.Steps = append(cfg.Steps, n)
	}
	slices.Sort(cfg.Steps)
	if *batch < 2 || *batch%2 != 0 {
		return cfg, fmt.Errorf("invalid -batch %d: want an even number of at least 2 (half of each class)", *batch)
	}
	if !slices.Contains(cfg.Steps, *tableSteps) {
		return cfg, fmt.Errorf("invalid -table-steps %d: want one of -steps %v", *tableSteps, cfg.Steps)
	}
	if err := results.CheckWritable(*out); err != nil {
		return cfg, fmt.Errorf("invalid -out: %v", err)
	}
	return cfg, nil
}

func run(cfg Config, log, stdout io.Writer) error {
	report := Report{
		Header:       results.Header{Experiment: "memory", Provenance: results.NewProvenance("memory")},
		Config:       cfg,
		RetainedRule: RetainedRule,
		HeapMethod:   HeapMethod,
	}
	batch, err := dataset.Spiral(cfg.Batch, cfg.Seed, dataset.TrainStream)
	if err != nil {
		return err
	}
	for _, v := range Variants {
		for _, steps := range cfg.Steps {
			m, err := measure(v.Model, v.Gradient, steps, batch, cfg.Seed)
			if err != nil {
				return err
			}
			fmt.Fprintf(log, "%-6s %-7s %3d steps: retained %10d B, peak heap %10d B, allocated %11d B\n",
				v.Model, v.Gradient, steps, m.RetainedBytes, m.PeakHeapBytes, m.AllocatedBytes)
			report.Measures = append(report.Measures, m)
		}
	}
	report.Ratios = ratiosToEuler(report.Measures, cfg.TableSteps)

	figures := filepath.Join(cfg.Out, "figures")
	if err := os.MkdirAll(figures, 0o755); err != nil {
		return err
	}
	if err := writeStepsFigure(filepath.Join(figures, "memory_steps.png"), report.Measures); err != nil {
		return err
	}
	report.Tables = []results.Table{
		summaryTable(report.Measures, cfg.TableSteps, cfg.Batch),
		stepsTable(report.Measures, cfg.Batch),
		ratioTable(report.Ratios, cfg.TableSteps),
	}
	report.Figures = []results.Figure{{
		Path: "figures/memory_steps.png",
		Caption: fmt.Sprintf("Memory of one training step at batch %d against the number of steps, log-log: values retained for the backward pass (left) "+
			"and peak heap growth (right). Solid: backpropagation through the unrolled solver; dashed: adjoint method. "+
			"The unrolled Euler ODE (wide green) and the ResNet (purple) retain the same values, so their lines coincide.", cfg.Batch),
	}}
	if err := results.WriteJSON(filepath.Join(cfg.Out, "memory.json"), report); err != nil {
		return err
	}
	for _, t := range report.Tables {
		if _, err := fmt.Fprintf(stdout, "%s\n\n%s\n", t.Title, t.Markdown()); err != nil {
			return err
		}
	}
	return nil
}

// find returns the measure of a variant at steps.
func find(measures []Measure, model, gradient string, steps int) (Measure, bool) {
	for _, m := range measures {
		if m.Model == model && m.Gradient == gradient && m.Steps == steps {
			return m, true
		}
	}
	return Measure{}, false
}

// ratiosToEuler divides the RK4 and ResNet measures by Euler's, all with
// unrolled backpropagation at steps.
func ratiosToEuler(measures []Measure, steps int) []Ratio {
	euler, ok := find(measures, "euler", "direct", steps)
	if !ok {
		return nil
	}
	var out []Ratio
	for _, model := range []string{"rk4", "resnet"} {
		m, ok := find(measures, model, "direct", steps)
		if !ok {
			continue
		}
		out = append(out, Ratio{
			Model:    model,
			Retained: float64(m.RetainedBytes) / float64(euler.RetainedBytes),
			PeakHeap: float64(m.PeakHeapBytes) / float64(euler.PeakHeapBytes),
		})
	}
	return out
}
