package graphs

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The benchmarks measure one training iteration (forward, backward and
// Adam) and one forward pass of each spiral model at batch 128, 20 steps,
// float32, and one 128×128×128 matrix product through the BLAS in use.
//
//	go test ./graphs -run '^$' -bench . -benchtime 200x

func benchProgram(b *testing.B, kind string, train bool) (*Program, []float64, []int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := NewSpiralModel(kind, rng, tensor.Float32, SpiralArch)
	if err != nil {
		b.Fatal(err)
	}
	p, err := Compile(m, tensor.Float32, 128, train)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { p.Close() })
	x, labels := spiralBatch(rng, 128)
	return p, x, labels
}

func BenchmarkTrainStep(b *testing.B) {
	for _, kind := range []string{"euler", "rk4", "resnet"} {
		b.Run(kind, func(b *testing.B) {
			p, x, labels := benchProgram(b, kind, true)
			opt := NewAdam(0.01)
			b.ResetTimer()
			for range b.N {
				if _, err := p.Step(opt, x, labels); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkForward(b *testing.B) {
	for _, kind := range []string{"euler", "rk4", "resnet"} {
		b.Run(kind, func(b *testing.B) {
			p, x, labels := benchProgram(b, kind, false)
			if err := p.Load(x, labels); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if err := p.Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMatMul128 multiplies two 128×128 float32 matrices through
// Gorgonia's tensor engine, which calls the BLAS that BLASName reports.
func BenchmarkMatMul128(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 0))
	x := NewParam("x", tensor.Float32, 128, 128)
	y := NewParam("y", tensor.Float32, 128, 128)
	x.fillUniform(rng, 1)
	y.fillUniform(rng, 1)
	out := tensor.New(tensor.WithShape(128, 128), tensor.Of(tensor.Float32))
	b.SetBytes(0)
	b.ResetTimer()
	for range b.N {
		if _, err := x.Value.MatMul(y.Value, tensor.WithReuse(out)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(2*128*128*128*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

var _ = G.Nodes{}

// BenchmarkTrainStepParallel is BenchmarkTrainStep with one replica of the
// graph per core, as the trainer runs it.
func BenchmarkTrainStepParallel(b *testing.B) {
	for _, kind := range []string{"euler", "rk4", "resnet"} {
		b.Run(kind, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 0))
			m, err := NewSpiralModel(kind, rng, tensor.Float32, SpiralArch)
			if err != nil {
				b.Fatal(err)
			}
			p, err := CompileParallel(m, tensor.Float32, 128, true, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			x, labels := spiralBatch(rng, 128)
			opt := NewAdam(0.01)
			b.ResetTimer()
			for range b.N {
				if _, err := p.Step(opt, x, labels); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
