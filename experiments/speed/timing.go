package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/graphs"
	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ModelSpeed is the timing of one model.
type ModelSpeed struct {
	Model string `json:"model"`
	// TrainMs is the median over repeats of the mean time of one training
	// iteration (forward, backward, Adam), in milliseconds.
	TrainMs        float64   `json:"train_ms"`
	TrainMsRepeats []float64 `json:"train_ms_repeats"`
	// ForwardMs is the same for one forward pass without gradients.
	ForwardMs float64 `json:"forward_ms"`
	// RunSeconds is the implied training time of the default 500-epoch
	// run: 4,000 iterations of TrainMs.
	RunSeconds float64 `json:"run_seconds"`
	// Profile holds the top functions of a CPU profile of the training
	// iterations, as printed by go tool pprof -top.
	Profile []string `json:"profile,omitempty"`
	// BaselineMs is TrainMs of the plain graph of stock Gorgonia ops with
	// gonum's BLAS, where this module started. It is zero when not measured.
	BaselineMs float64     `json:"baseline_ms,omitempty"`
	Torch      *TorchSpeed `json:"torch,omitempty"`
}

// TorchSpeed is the PyTorch reference measured in the same sitting.
type TorchSpeed struct {
	Epochs     int     `json:"epochs"`
	Seconds    float64 `json:"seconds"`
	TrainMs    float64 `json:"train_ms"`
	Ratio      float64 `json:"ratio"` // this build's TrainMs / PyTorch's
	TestAcc    float64 `json:"test_accuracy"`
	RawCommand string  `json:"command"`
}

// iterationsPerEpoch is the number of batches of the 1,000-point training
// set at batch 128.
const iterationsPerEpoch = 8

func newProgram(name string, cfg Config, train bool) (*graphs.Program, []float64, []int, error) {
	return newProgramWith(graphs.Compile, name, cfg, train)
}

// newProgramWith compiles the model with compile and returns one batch of
// spiral points for it.
func newProgramWith(compile func(graphs.Model, tensor.Dtype, int, bool) (*graphs.Program, error), name string, cfg Config, train bool) (*graphs.Program, []float64, []int, error) {
	arch := graphs.SpiralArch
	arch.Steps = cfg.Steps
	m, err := graphs.NewSpiralModel(name, rand.New(rand.NewPCG(0, 0)), tensor.Float32, arch)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := compile(m, tensor.Float32, cfg.Batch, train)
	if err != nil {
		return nil, nil, nil, err
	}
	set, err := dataset.Spiral(2*((cfg.Batch+1)/2), 0, dataset.TrainStream)
	if err != nil {
		return nil, nil, nil, err
	}
	idx := make([]int, cfg.Batch)
	for i := range idx {
		idx[i] = i
	}
	x, labels := set.Gather(idx)
	return p, x, labels, nil
}

// medianMs runs body warmup times untimed, then repeats × iterations times
// timed, and returns the median of the per-repeat means in milliseconds.
func medianMs(cfg Config, body func() error) (float64, []float64, error) {
	for range cfg.Warmup {
		if err := body(); err != nil {
			return 0, nil, err
		}
	}
	var means []float64
	for range cfg.Repeats {
		start := time.Now()
		for range cfg.Iterations {
			if err := body(); err != nil {
				return 0, nil, err
			}
		}
		means = append(means, float64(time.Since(start).Microseconds())/1000/float64(cfg.Iterations))
	}
	sorted := slices.Clone(means)
	slices.Sort(sorted)
	return sorted[len(sorted)/2], means, nil
}

func timeModel(name string, cfg Config) (*ModelSpeed, error) {
	train, x, labels, err := newProgram(name, cfg, true)
	if err != nil {
		return nil, err
	}
	defer train.Close()
	opt := graphs.NewAdam(1e-4)
	ms := &ModelSpeed{Model: name}
	step := func() error {
		_, err := train.Step(opt, x, labels)
		return err
	}
	ms.TrainMs, ms.TrainMsRepeats, err = medianMs(cfg, step)
	if err != nil {
		return nil, err
	}
	if ms.Profile, err = profileTop(cfg.Iterations, step); err != nil {
		ms.Profile = []string{"profile unavailable: " + err.Error()}
	}
	ms.RunSeconds = ms.TrainMs * 500 * iterationsPerEpoch / 1000

	forward, x, labels, err := newProgram(name, cfg, false)
	if err != nil {
		return nil, err
	}
	defer forward.Close()
	if err := forward.Load(x, labels); err != nil {
		return nil, err
	}
	ms.ForwardMs, _, err = medianMs(cfg, forward.Run)
	return ms, err
}

// timeBaseline times a training iteration of the plain graph, built from
// Gorgonia's stock ops, with gonum's BLAS in place of this build's.
func timeBaseline(name string, cfg Config) (float64, error) {
	previous := G.WhichBLAS()
	G.Use(gonum.Implementation{})
	defer G.Use(previous)

	p, x, labels, err := newProgramWith(graphs.CompileStock, name, cfg, true)
	if err != nil {
		return 0, err
	}
	defer p.Close()
	opt := graphs.NewAdam(1e-4)
	ms, _, err := medianMs(cfg, func() error {
		_, err := p.Step(opt, x, labels)
		return err
	})
	return ms, err
}

// profileTop runs body n times under the CPU profiler and returns the
// top of go tool pprof's report, which says where the time goes.
func profileTop(n int, body func() error) ([]string, error) {
	f, err := os.CreateTemp("", "speed-*.pprof")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	for range n {
		if err := body(); err != nil {
			pprof.StopCPUProfile()
			f.Close()
			return nil, err
		}
	}
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		return nil, err
	}
	out, err := exec.Command("go", "tool", "pprof", "-top", "-nodecount=12", f.Name()).Output()
	if err != nil {
		return nil, fmt.Errorf("go tool pprof: %w", err)
	}
	var lines []string
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "File:") && !strings.HasPrefix(line, "Build ID:") && !strings.HasPrefix(line, "Type:") && !strings.HasPrefix(line, "Time:") {
			lines = append(lines, line)
		}
	}
	return lines, nil
}

// timeTorch runs the reference script for one model and returns its time
// per iteration. The script reports training seconds without evaluation.
func timeTorch(script, model string, epochs int) (*TorchSpeed, error) {
	args := []string{script, "--epochs", strconv.Itoa(epochs), "--models", model, "--threads", strconv.Itoa(runtime.NumCPU())}
	cmd := exec.Command("/usr/bin/python3", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("PyTorch reference %s failed: %v: %s", script, err, stderr.String())
	}
	var out struct {
		Seconds float64 `json:"seconds"`
		Test    float64 `json:"test_accuracy"`
	}
	line := bytes.TrimSpace(stdout.Bytes())
	if i := bytes.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	}
	if err := json.Unmarshal(line, &out); err != nil {
		return nil, fmt.Errorf("PyTorch reference printed %q, want one JSON line: %v", line, err)
	}
	return &TorchSpeed{
		Epochs:     epochs,
		Seconds:    out.Seconds,
		TrainMs:    out.Seconds * 1000 / float64(epochs*iterationsPerEpoch),
		TestAcc:    out.Test,
		RawCommand: "/usr/bin/python3 " + joinArgs(args),
	}, nil
}

func joinArgs(args []string) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		s += a
	}
	return s
}

// Soak is the memory check of a long run.
type Soak struct {
	Iterations int `json:"iterations"`
	// HeapBytes is the heap in use after a forced GC, sampled every
	// Iterations/10 iterations. The first sample follows 100 warm-up
	// iterations.
	HeapBytes   []uint64 `json:"heap_bytes"`
	AtIteration []int    `json:"at_iteration"`
	Method      string   `json:"method"`
	Seconds     float64  `json:"seconds"`
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapInUse() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// runSoak trains the Euler model for cfg.SoakIterations iterations on
// reshuffled batches and samples the live heap.
func runSoak(cfg Config) (*Soak, error) {
	p, _, _, err := newProgram("euler", cfg, true)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	set, err := dataset.Spiral(1000, 0, dataset.TrainStream)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(0, 1))
	opt := graphs.NewAdam(1e-3)
	step := func() error {
		idx := rng.Perm(set.Len())[:cfg.Batch]
		x, labels := set.Gather(idx)
		_, err := p.Step(opt, x, labels)
		return err
	}
	for range 100 {
		if err := step(); err != nil {
			return nil, err
		}
	}
	s := &Soak{Iterations: cfg.SoakIterations, Method: "runtime/metrics " + heapMetric + " after runtime.GC()"}
	every := max(1, cfg.SoakIterations/10)
	start := time.Now()
	s.HeapBytes = append(s.HeapBytes, heapInUse())
	s.AtIteration = append(s.AtIteration, 0)
	for i := 1; i <= cfg.SoakIterations; i++ {
		if err := step(); err != nil {
			return nil, err
		}
		if i%every == 0 || i == cfg.SoakIterations {
			s.HeapBytes = append(s.HeapBytes, heapInUse())
			s.AtIteration = append(s.AtIteration, i)
			if isTerminal() {
				fmt.Fprintf(os.Stderr, "\r\033[Ksoak %d/%d, heap %.1f MB", i, cfg.SoakIterations, float64(s.HeapBytes[len(s.HeapBytes)-1])/1e6)
			}
		}
	}
	if isTerminal() {
		fmt.Fprintln(os.Stderr)
	}
	s.Seconds = time.Since(start).Seconds()
	return s, nil
}

func isTerminal() bool {
	info, err := os.Stderr.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
