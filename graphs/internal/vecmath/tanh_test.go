package vecmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tanhInputs returns a dense sweep of [-20, 20], a coarse one far beyond
// the clamp, and the special values.
func tanhInputs() []float32 {
	var x []float32
	for v := -20.0; v <= 20; v += 0.001 {
		x = append(x, float32(v))
	}
	for v := -500.0; v <= 500; v += 0.37 {
		x = append(x, float32(v))
	}
	x = append(x, float32(math.Inf(1)), float32(math.Inf(-1)), 1e-30, -1e-30, 0, 1e-7, -1e-7, 1e30, -1e30, math.MaxFloat32, -math.MaxFloat32)
	return x
}

// kernelPaths runs f once with the assembly kernels (where the CPU has
// them) and once with the Go path.
func kernelPaths(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	saved := useAVX2
	defer func() { useAVX2 = saved }()
	for _, asm := range []bool{true, false} {
		if asm && !saved {
			continue
		}
		useAVX2 = asm
		name := "go"
		if asm {
			name = "asm"
		}
		t.Run(name, f)
	}
}

func TestBiasTanhAccuracy(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		x := tanhInputs()
		// Rows of 37 values: four whole blocks of 8 and a tail of 5.
		const cols = 37
		for len(x)%cols != 0 {
			x = append(x, 0.5)
		}
		bias := make([]float32, cols)
		rng := rand.New(rand.NewPCG(1, 2))
		for j := range bias {
			bias[j] = float32(rng.NormFloat64() * 1e-3)
		}
		y := append([]float32(nil), x...)
		if err := BiasTanh(y, bias); err != nil {
			t.Fatal(err)
		}
		for i, v := range x {
			in := v + bias[i%cols]
			want := math.Tanh(float64(in))
			if d := math.Abs(float64(y[i]) - want); !(d <= 3e-7) {
				t.Fatalf("tanh(%g) = %g, want %g (error %.2g)", in, y[i], want, d)
			}
		}
	})
}

func TestBiasTanhSpecialValues(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		nan := float32(math.NaN())
		y := []float32{nan, 0, float32(math.Inf(1)), float32(math.Inf(-1)), 1, -1, 3, -3, nan}
		bias := make([]float32, len(y))
		if err := BiasTanh(y, bias); err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, 8} {
			if !math.IsNaN(float64(y[i])) {
				t.Errorf("tanh(NaN) at %d = %g, want NaN", i, y[i])
			}
		}
		if y[1] != 0 || math.Signbit(float64(y[1])) {
			t.Errorf("tanh(0) = %g, want +0", y[1])
		}
		if y[2] != 1 || y[3] != -1 {
			t.Errorf("tanh(±Inf) = %g, %g, want 1, -1", y[2], y[3])
		}
		if y[4] != -y[5] || y[6] != -y[7] {
			t.Errorf("tanh is not odd: %g, %g and %g, %g", y[4], y[5], y[6], y[7])
		}
	})
}

func TestTanhDelta(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		const n = 8*5 + 3
		y, g, dz := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range y {
			y[i] = float32(2*rng.Float64() - 1)
			g[i] = float32(rng.NormFloat64())
		}
		if err := TanhDelta(dz, y, g); err != nil {
			t.Fatal(err)
		}
		for i := range dz {
			want := float64(g[i]) * (1 - float64(y[i])*float64(y[i]))
			if d := math.Abs(float64(dz[i]) - want); d > 1e-6*(1+math.Abs(want)) {
				t.Fatalf("delta[%d] = %g, want %g", i, dz[i], want)
			}
		}
	})
}

func TestKernelsRejectLengths(t *testing.T) {
	if err := BiasTanh(make([]float32, 10), make([]float32, 3)); err == nil {
		t.Error("BiasTanh accepted 10 values in rows of 3")
	}
	if err := BiasTanh(make([]float32, 10), nil); err == nil {
		t.Error("BiasTanh accepted an empty bias")
	}
	if err := TanhDelta(make([]float32, 4), make([]float32, 4), make([]float32, 5)); err == nil {
		t.Error("TanhDelta accepted a gradient of 5 values for 4 outputs")
	}
}

func BenchmarkBiasTanh(b *testing.B) {
	y := make([]float32, 64*128)
	bias := make([]float32, 128)
	for i := range y {
		y[i] = float32(i%200)/50 - 2
	}
	b.SetBytes(int64(4 * len(y)))
	for range b.N {
		if err := BiasTanh(y, bias); err != nil {
			b.Fatal(err)
		}
	}
}
