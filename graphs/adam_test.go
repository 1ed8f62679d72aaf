package graphs

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestAdamFirstSteps(t *testing.T) {
	// With bias correction the first Adam step moves every weight by
	// almost exactly the learning rate against the sign of its gradient.
	p := NewParam("w", tensor.Float64, 3)
	p.SetFloat64s([]float64{1, 2, 3})
	grad := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0.5, -2, 1e-3}))
	opt := NewAdam(0.1)
	if err := opt.Step([]*Param{p}, []G.Value{grad}); err != nil {
		t.Fatal(err)
	}
	want := []float64{0.9, 2.1, 2.9}
	for i, v := range p.Float64s() {
		if math.Abs(v-want[i]) > 1e-5 {
			t.Errorf("after one step w[%d] = %.8f, want %.8f", i, v, want[i])
		}
	}

	// Second step with the same gradient g: m = 0.19g, v = 0.001999g²,
	// corrected m̂ = g and v̂ = g², so the step is again lr·sign(g) up to ε.
	opt.LearningRate = 0.05 // the schedule changes the rate, the moments carry on
	if err := opt.Step([]*Param{p}, []G.Value{grad}); err != nil {
		t.Fatal(err)
	}
	want = []float64{0.85, 2.15, 2.85}
	for i, v := range p.Float64s() {
		if math.Abs(v-want[i]) > 1e-5 {
			t.Errorf("after two steps w[%d] = %.8f, want %.8f", i, v, want[i])
		}
	}
	if opt.Steps() != 2 {
		t.Errorf("Steps() = %d, want 2", opt.Steps())
	}
}

func TestAdamRejectsMismatch(t *testing.T) {
	p := NewParam("w", tensor.Float32, 2)
	wrong := tensor.New(tensor.WithShape(3), tensor.Of(tensor.Float32))
	if err := NewAdam(0.1).Step([]*Param{p}, []G.Value{wrong}); err == nil {
		t.Error("gradient of the wrong size accepted")
	}
	if err := NewAdam(0.1).Step([]*Param{p}, nil); err == nil {
		t.Error("missing gradient accepted")
	}
}

func TestAdamRejectsHyperparameters(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Adam)
	}{
		{"beta1 one", func(a *Adam) { a.Beta1 = 1 }},
		{"beta2 one", func(a *Adam) { a.Beta2 = 1 }},
		{"beta2 negative", func(a *Adam) { a.Beta2 = -0.1 }},
		{"epsilon NaN", func(a *Adam) { a.Epsilon = math.NaN() }},
		{"rate negative", func(a *Adam) { a.LearningRate = -0.01 }},
		{"rate infinite", func(a *Adam) { a.LearningRate = math.Inf(1) }},
	}
	for _, tt := range tests {
		p := NewParam("w", tensor.Float32, 2)
		p.SetFloat64s([]float64{1, 2})
		grad := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{0.5, -0.5}))
		opt := NewAdam(0.1)
		tt.set(opt)
		if err := opt.Step([]*Param{p}, []G.Value{grad}); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
		if w := p.Float64s(); w[0] != 1 || w[1] != 2 {
			t.Errorf("%s: weights changed to %v", tt.name, w)
		}
	}
}

func TestAdamRejectsResizedParameter(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		opt := NewAdam(0.1)
		small := NewParam("w", dt, 1, 4)
		if err := opt.Step([]*Param{small}, []G.Value{tensor.New(tensor.WithShape(1, 4), tensor.Of(dt))}); err != nil {
			t.Fatal(err)
		}
		large := NewParam("w", dt, 1, 16)
		if err := opt.Step([]*Param{large}, []G.Value{tensor.New(tensor.WithShape(1, 16), tensor.Of(dt))}); err == nil {
			t.Errorf("%v: a parameter that grew from 4 to 16 values between steps was accepted", dt)
		}
	}
}

func TestCosineAnnealing(t *testing.T) {
	tests := []struct {
		epoch int
		want  float64
	}{
		{0, 0.01},
		{250, 0.005},
		{500, 0},
		{125, 0.005 * (1 + math.Sqrt2/2)},
	}
	for _, tt := range tests {
		if got := CosineAnnealing(tt.epoch, 500, 0.01, 0); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("epoch %d: rate %g, want %g", tt.epoch, got, tt.want)
		}
	}
}
