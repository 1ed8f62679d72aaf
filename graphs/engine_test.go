package graphs

import (
	"testing"

	"gorgonia.org/tensor"
)

func TestSumEngineAdd(t *testing.T) {
	e := sumEngine{}
	newF32 := func(values ...float32) *tensor.Dense {
		return tensor.New(tensor.WithShape(1, len(values)), tensor.WithBacking(values), tensor.WithEngine(e))
	}
	want := []float32{11, 22, 33, 44, 55, 66, 77, 88, 99}
	a := func() *tensor.Dense { return newF32(1, 2, 3, 4, 5, 6, 7, 8, 9) }
	b := func() *tensor.Dense { return newF32(10, 20, 30, 40, 50, 60, 70, 80, 90) }

	tests := []struct {
		name string
		add  func() (got, dst tensor.Tensor, err error)
	}{
		{"reuse", func() (tensor.Tensor, tensor.Tensor, error) {
			dst := newF32(make([]float32, 9)...)
			got, err := tensor.Add(a(), b(), tensor.WithReuse(dst))
			return got, dst, err
		}},
		{"reuse is a", func() (tensor.Tensor, tensor.Tensor, error) {
			x := a()
			got, err := tensor.Add(x, b(), tensor.WithReuse(x))
			return got, x, err
		}},
		{"reuse is b", func() (tensor.Tensor, tensor.Tensor, error) {
			y := b()
			got, err := tensor.Add(a(), y, tensor.WithReuse(y))
			return got, y, err
		}},
		{"unsafe", func() (tensor.Tensor, tensor.Tensor, error) {
			x := a()
			got, err := tensor.Add(x, b(), tensor.UseUnsafe())
			return got, x, err
		}},
		{"safe", func() (tensor.Tensor, tensor.Tensor, error) {
			got, err := tensor.Add(a(), b())
			return got, got, err
		}},
		{"increment", func() (tensor.Tensor, tensor.Tensor, error) {
			incr := newF32(make([]float32, 9)...)
			got, err := tensor.Add(a(), b(), tensor.WithIncr(incr))
			return got, incr, err
		}},
	}
	for _, tt := range tests {
		got, dst, err := tt.add()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != dst {
			t.Errorf("%s: result is not the destination tensor", tt.name)
		}
		values := got.Data().([]float32)
		for i := range want {
			if values[i] != want[i] {
				t.Errorf("%s: sum %v, want %v", tt.name, values, want)
				break
			}
		}
	}
}

func TestSumEngineAddFloat64(t *testing.T) {
	e := sumEngine{}
	x := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3}), tensor.WithEngine(e))
	y := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0.5, 0.25, 0.125}), tensor.WithEngine(e))
	got, err := tensor.Add(x, y)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.5, 2.25, 3.125}
	for i, v := range got.Data().([]float64) {
		if v != want[i] {
			t.Errorf("float64 sum %v, want %v", got.Data(), want)
			break
		}
	}
}

func TestOverlaps(t *testing.T) {
	s := make([]float32, 10)
	tests := []struct {
		name string
		x, y []float32
		want bool
	}{
		{"same", s, s, true},
		{"shifted", s[:6], s[4:], true},
		{"adjacent", s[:5], s[5:], false},
		{"separate", s, make([]float32, 10), false},
		{"empty", s[:0], s, false},
	}
	for _, tt := range tests {
		if got := overlaps(tt.x, tt.y); got != tt.want {
			t.Errorf("%s: overlaps = %t, want %t", tt.name, got, tt.want)
		}
	}
}

func TestSumEngineFastPathCases(t *testing.T) {
	e := sumEngine{}
	x := tensor.New(tensor.WithShape(2, 2), tensor.Of(tensor.Float32))
	y := tensor.New(tensor.WithShape(2, 2), tensor.Of(tensor.Float32))
	reuse := tensor.New(tensor.WithShape(2, 2), tensor.Of(tensor.Float32))
	other := tensor.New(tensor.WithShape(4), tensor.Of(tensor.Float32))
	wide := tensor.New(tensor.WithShape(2, 3), tensor.Of(tensor.Float32))
	x64 := tensor.New(tensor.WithShape(2, 2), tensor.Of(tensor.Float64))
	tests := []struct {
		name string
		a, b tensor.Tensor
		opts []tensor.FuncOpt
		fast bool
	}{
		{"reuse", x, y, []tensor.FuncOpt{tensor.WithReuse(reuse)}, true},
		{"reuse of another shape, same size", x, y, []tensor.FuncOpt{tensor.WithReuse(other)}, false},
		{"unsafe", x, y, []tensor.FuncOpt{tensor.UseUnsafe()}, true},
		{"safe", x, y, nil, false},
		{"increment", x, y, []tensor.FuncOpt{tensor.WithIncr(reuse)}, false},
		{"shapes differ", x, wide, []tensor.FuncOpt{tensor.UseUnsafe()}, false},
		{"float64", x64, x64, []tensor.FuncOpt{tensor.UseUnsafe()}, false},
	}
	for _, tt := range tests {
		if _, fast := e.float32Dst(tt.a, tt.b, tt.opts); fast != tt.fast {
			t.Errorf("%s: fast path %t, want %t", tt.name, fast, tt.fast)
		}
	}
}
