package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/graphs"
	"gorgonia.org/tensor"
)

// HeapMethod describes how PeakHeapBytes and AllocatedBytes are measured;
// it is written into memory.json.
const HeapMethod = "Compile the training program, load one batch and run runtime.GC three times, letting finalizers run in between, " +
	"so that the programs measured before are freed. " +
	"Then run the first forward+backward pass of the program with the garbage collector at GOGC=5, " +
	"so that the heap stays within about 5% of the live data, while a goroutine reads " +
	"/memory/classes/heap/objects:bytes (runtime/metrics) every 50 µs. Peak heap growth is the " +
	"largest reading, the reading after the pass included, minus the reading before it. " +
	"Allocated is the growth of /gc/heap/allocs:bytes over the pass: every byte the pass " +
	"allocated, including values it freed again."

// gcPercent keeps the heap close to the live data during the measured
// pass, so the sampled heap size tracks live memory and not garbage.
const gcPercent = 5

// Measure is the memory of one training program of one model.
type Measure struct {
	Model    string `json:"model"`
	Gradient string `json:"gradient"`
	Steps    int    `json:"steps"`
	Batch    int    `json:"batch"`
	Params   int    `json:"params"`
	// ParamBytes is Params × 4 (float32).
	ParamBytes int64 `json:"param_bytes"`
	// RetainedBytes counts the values the backward pass reads, by the rule
	// of graphs.Retained; RetainedValues is their number.
	RetainedBytes  int64 `json:"retained_bytes"`
	RetainedValues int   `json:"retained_values"`
	PeakHeapBytes  int64 `json:"peak_heap_bytes"`
	AllocatedBytes int64 `json:"allocated_bytes"`
}

// trainingStep is one compiled program: a forward and backward pass on
// its loaded batch, its retained values and its release.
type trainingStep struct {
	params   []*graphs.Param
	run      func() error
	retained func() (graphs.Retained, error)
	close    func() error
}

// compileStep compiles a float32 training program of the model kind with
// the given gradient mode and loads the batch.
func compileStep(kind, gradient string, steps int, batch *dataset.Set, seed uint64) (*trainingStep, error) {
	arch := graphs.SpiralArch
	arch.Steps = steps
	m, err := graphs.NewSpiralModel(kind, rand.New(rand.NewPCG(seed, 0)), tensor.Float32, arch)
	if err != nil {
		return nil, err
	}
	if gradient == "adjoint" {
		p, err := graphs.CompileAdjoint(m, tensor.Float32, batch.Len(), true)
		if err != nil {
			return nil, err
		}
		run := func() error {
			if err := p.Run(); err != nil {
				return err
			}
			return p.Backward()
		}
		return &trainingStep{params: p.Params, run: run, retained: p.Retained, close: p.Close}, p.Load(batch.X, batch.Labels)
	}
	p, err := graphs.Compile(m, tensor.Float32, batch.Len(), true)
	if err != nil {
		return nil, err
	}
	retained := func() (graphs.Retained, error) { return p.Retained(), nil }
	return &trainingStep{params: p.Params, run: p.Run, retained: retained, close: p.Close}, p.Load(batch.X, batch.Labels)
}

// measure compiles one program and measures it.
func measure(kind, gradient string, steps int, batch *dataset.Set, seed uint64) (Measure, error) {
	m := Measure{Model: kind, Gradient: gradient, Steps: steps, Batch: batch.Len()}
	step, err := compileStep(kind, gradient, steps, batch, seed)
	if err != nil {
		return m, fmt.Errorf("%s (%s gradients, %d steps): %w", kind, gradient, steps, err)
	}
	defer step.close()
	m.Params = graphs.CountParams(step.params)
	m.ParamBytes = int64(4 * m.Params)
	r, err := step.retained()
	if err != nil {
		return m, err
	}
	m.RetainedBytes, m.RetainedValues = r.Bytes, r.Nodes
	if m.PeakHeapBytes, m.AllocatedBytes, err = measureHeap(step.run); err != nil {
		return m, fmt.Errorf("%s (%s gradients, %d steps): %w", kind, gradient, steps, err)
	}
	return m, nil
}

// measureHeap runs pass once as HeapMethod describes and returns the peak
// heap growth and the bytes allocated.
func measureHeap(pass func() error) (peak, allocated int64, err error) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	read := func() (heap, allocs int64) {
		metrics.Read(samples)
		return int64(samples[0].Value.Uint64()), int64(samples[1].Value.Uint64())
	}

	collectAll()
	previous := debug.SetGCPercent(gcPercent)
	defer debug.SetGCPercent(previous)
	base, allocsBefore := read()

	var (
		mu      sync.Mutex
		highest = base
		done    = make(chan struct{})
		wg      sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		local := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		ticker := time.NewTicker(50 * time.Microsecond)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				metrics.Read(local)
				mu.Lock()
				highest = max(highest, int64(local[0].Value.Uint64()))
				mu.Unlock()
			}
		}
	}()
	err = pass()
	close(done)
	wg.Wait()

	after, allocsAfter := read()
	highest = max(highest, after)
	return highest - base, allocsAfter - allocsBefore, err
}

// collectAll runs the garbage collector until objects with finalizers are
// freed too: a first cycle queues their finalizers, a later one frees them.
// Gorgonia's values of a closed program can take this extra cycle.
func collectAll() {
	for range 3 {
		runtime.GC()
		time.Sleep(time.Millisecond) // let the finalizer goroutine run
	}
}
