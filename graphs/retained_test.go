package graphs

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

// retainedBytes compiles a float32 training program of the given kind and
// steps for batches of 128 and counts its retained bytes.
func retainedBytes(t *testing.T, kind string, steps int, adjoint bool) int64 {
	t.Helper()
	a := SpiralArch
	a.Steps = steps
	m, err := NewSpiralModel(kind, rand.New(rand.NewPCG(1, 1)), tensor.Float32, a)
	if err != nil {
		t.Fatal(err)
	}
	if adjoint {
		p, err := CompileAdjoint(m, tensor.Float32, 128, true)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		r, err := p.Retained()
		if err != nil {
			t.Fatal(err)
		}
		return r.Bytes
	}
	p, err := Compile(m, tensor.Float32, 128, true)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	return p.Retained().Bytes
}

func TestRetainedGrowsWithStepsUnrolled(t *testing.T) {
	// Every Euler step keeps the two tanh outputs (128×128), which the
	// activation derivative and the next weight gradient read, and its
	// input state (128×6), which the first weight gradient reads, 4 bytes
	// each. The field value itself enters the update linearly and is not
	// read again.
	const perEulerStep = 4 * (2*128*128 + 128*6)
	if d := retainedBytes(t, "euler", 11, false) - retainedBytes(t, "euler", 10, false); d != perEulerStep {
		t.Errorf("one more Euler step retains %d more bytes, want %d", d, perEulerStep)
	}
	for _, kind := range []string{"euler", "rk4", "resnet"} {
		r := map[int]int64{}
		for _, steps := range []int{10, 20, 80} {
			r[steps] = retainedBytes(t, kind, steps, false)
		}
		// From the second step on every step adds the same values, so the
		// growth is exactly linear.
		if r[80]-r[20] != 6*(r[20]-r[10]) {
			t.Errorf("%s: growth from 20 to 80 steps is %d bytes, want 6 × %d (from 10 to 20)", kind, r[80]-r[20], r[20]-r[10])
		}
		// The lift and the head add a constant, so the ratio stays below 8.
		ratio := float64(r[80]) / float64(r[10])
		t.Logf("%s: %d bytes at 10 steps, %d at 80 (ratio %.3f)", kind, r[10], r[80], ratio)
		if ratio < 7.2 || ratio > 8 {
			t.Errorf("%s: retained bytes grow %.3f× from 10 to 80 steps, want about 8×", kind, ratio)
		}
	}
}

func TestRetainedFlatWithAdjoint(t *testing.T) {
	for _, kind := range []string{"euler", "rk4"} {
		small, large := retainedBytes(t, kind, 10, true), retainedBytes(t, kind, 80, true)
		t.Logf("%s adjoint: %d bytes at 10 and %d at 80 steps", kind, small, large)
		if small != large || small == 0 {
			t.Errorf("%s adjoint: %d bytes at 10 steps and %d at 80, want the same nonzero count", kind, small, large)
		}
	}
}

func TestRetainedZeroWithoutTraining(t *testing.T) {
	m, _ := NewSpiralModel("euler", rand.New(rand.NewPCG(1, 1)), tensor.Float32, SpiralArch)
	p, err := Compile(m, tensor.Float32, 16, false)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if r := p.Retained(); r.Bytes != 0 || r.Nodes != 0 {
		t.Errorf("forward-only program retains %+v, want nothing", r)
	}
}
