package main

import (
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
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/graphs"
	"gonum.org/v1/gonum/blas/gonum"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ModelSpeed is the timing of one model.
type ModelSpeed struct {
	Model string `json:"model"`
	// TrainMs is the median over repeats of the mean time of one training
	// iteration (forward, backward, Adam), in milliseconds, as the trainer
	// runs it: one graph replica per core.
	TrainMs        float64   `json:"train_ms"`
	TrainMsRepeats []float64 `json:"train_ms_repeats"`
	// SingleGraphMs is TrainMs of one graph for the whole batch.
	SingleGraphMs float64 `json:"single_graph_ms"`
	// ForwardMs is TrainMs for one forward pass without gradients.
	ForwardMs float64 `json:"forward_ms"`
	// RunSeconds is the implied training time of the spiral program's
	// default run: its epochs times the batches of its training set per
	// epoch, at TrainMs each.
	RunSeconds float64 `json:"run_seconds"`
	// Profile holds the top functions of a CPU profile of the training
	// iterations, as printed by go tool pprof -top.
	Profile []string `json:"profile,omitempty"`
	// BaselineMs is TrainMs of the plain graph of stock Gorgonia ops with
	// gonum's BLAS, where this module started. It is zero when not measured.
	BaselineMs float64     `json:"baseline_ms,omitempty"`
	Torch      *TorchSpeed `json:"torch,omitempty"`
}

// TorchSpeed is the PyTorch reference measured in the same sitting, with
// the thread count that ran fastest.
type TorchSpeed struct {
	Epochs  int     `json:"epochs"`
	Threads int     `json:"threads"`
	Seconds float64 `json:"seconds"`
	TrainMs float64 `json:"train_ms"`
	// TrainMsByThreads holds the time per iteration of every thread count
	// tried.
	TrainMsByThreads map[string]float64 `json:"train_ms_by_threads"`
	// Rounds are the paired measurements, and TrainMs and Ratio their
	// medians: PyTorch's time per iteration and this build's time over it.
	Rounds     []PairedRound `json:"rounds"`
	Ratio      float64       `json:"ratio"`
	TestAcc    float64       `json:"test_accuracy"`
	RawCommand string        `json:"command"`
}

// iterationsPerEpoch returns the batches per epoch of the spiral program's
// training set at the given batch size.
func iterationsPerEpoch(batch int) int {
	return (spiralmodel.DefaultPoints + batch - 1) / batch
}

// program is what the timings need of a compiled model.
type program interface {
	Load(x []float64, labels []int) error
	Run() error
	Step(opt *graphs.Adam, x []float64, labels []int) (graphs.StepResult, error)
	Close() error
}

// The ways to compile a model that the timings compare.
func compileReplicas(m graphs.Model, dt tensor.Dtype, batch int, train bool) (program, error) {
	return graphs.CompileParallel(m, dt, batch, train, 0)
}

func compileSingle(m graphs.Model, dt tensor.Dtype, batch int, train bool) (program, error) {
	return graphs.Compile(m, dt, batch, train)
}

func compileStock(m graphs.Model, dt tensor.Dtype, batch int, train bool) (program, error) {
	return graphs.CompileStock(m, dt, batch, train)
}

// newProgram compiles the model with compile and returns one batch of
// spiral points for it.
func newProgram(compile func(graphs.Model, tensor.Dtype, int, bool) (program, error), name string, cfg Config, train bool) (program, []float64, []int, error) {
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
	train, x, labels, err := newProgram(compileReplicas, name, cfg, true)
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
	ms.RunSeconds = ms.TrainMs * float64(spiralmodel.DefaultEpochs*iterationsPerEpoch(cfg.Batch)) / 1000

	if ms.SingleGraphMs, err = timeTraining(compileSingle, name, cfg); err != nil {
		return nil, err
	}

	forward, x, labels, err := newProgram(compileReplicas, name, cfg, false)
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
	return timeTraining(compileStock, name, cfg)
}

// timeTraining returns the median time of a training iteration of the model
// compiled with compile.
func timeTraining(compile func(graphs.Model, tensor.Dtype, int, bool) (program, error), name string, cfg Config) (float64, error) {
	p, x, labels, err := newProgram(compile, name, cfg, true)
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

// timeTorch runs the reference script for one model with one thread and
// with one thread per core, and returns the faster setting. The script
// reports training seconds without evaluation.
func timeTorch(script, model string, epochs, batch int) (*TorchSpeed, error) {
	var best *TorchSpeed
	byThreads := map[string]float64{}
	for _, threads := range slices.Compact([]int{1, runtime.NumCPU()}) {
		seconds, testAccuracy, err := runTorch(script, model, epochs, threads)
		if err != nil {
			return nil, err
		}
		t := &TorchSpeed{
			Epochs:     epochs,
			Threads:    threads,
			Seconds:    seconds,
			TrainMs:    seconds * 1000 / float64(epochs*iterationsPerEpoch(batch)),
			TestAcc:    testAccuracy,
			RawCommand: torchCommand(script, model, epochs, threads).String(),
		}
		byThreads[strconv.Itoa(threads)] = t.TrainMs
		if best == nil || t.TrainMs < best.TrainMs {
			best = t
		}
	}
	best.TrainMsByThreads = byThreads
	return best, nil
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
	p, _, _, err := newProgram(compileReplicas, "euler", cfg, true)
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
