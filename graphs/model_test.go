package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

func TestParamCountsFromGraph(t *testing.T) {
	tests := []struct {
		kind string
		want int
	}{
		{"euler", 18906},
		{"rk4", 18906},
		{"resnet", 364236},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			m, err := NewSpiralModel(tt.kind, rand.New(rand.NewPCG(1, 1)), tensor.Float32, SpiralArch)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Compile(m, tensor.Float32, 8, false)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			// Count the parameters bound to the built graph, not the
			// model's list, so a weight that the graph never reads or
			// binds twice would show.
			if got := CountParams(p.Builder().Params()); got != tt.want {
				t.Errorf("parameters in graph = %d, want %d", got, tt.want)
			}
			if got := len(p.Builder().ParamNodes()); got != len(m.Params()) {
				t.Errorf("graph binds %d parameter nodes, model lists %d", got, len(m.Params()))
			}
		})
	}
}

func TestODEParamBreakdown(t *testing.T) {
	m, err := NewODEClassifier(rand.New(rand.NewPCG(1, 1)), tensor.Float32, SpiralArch, Euler)
	if err != nil {
		t.Fatal(err)
	}
	if got := CountParams(m.Lift.Params()); got != 18 {
		t.Errorf("lift parameters = %d, want 18", got)
	}
	if got := CountParams(m.Dynamics.Params()); got != 18310 {
		t.Errorf("dynamics parameters = %d, want 18310", got)
	}
	if got := CountParams(m.Head.Params()); got != 578 {
		t.Errorf("head parameters = %d, want 578", got)
	}
}

func TestDynamicsOutputStartsAtZero(t *testing.T) {
	d := NewMLPDynamics(rand.New(rand.NewPCG(1, 1)), tensor.Float64, 6, 128, false)
	out := d.Net.Layers[2]
	for _, p := range out.Params() {
		for _, v := range p.Float64s() {
			if v != 0 {
				t.Fatalf("%s has %g, want all zeros", p.Name, v)
			}
		}
	}
}

func TestLinearInitBounds(t *testing.T) {
	// PyTorch's nn.Linear draws from U(-1/√in, 1/√in); with 16,384 draws
	// the extremes come within 1% of the bound.
	l := NewLinear(rand.New(rand.NewPCG(2, 2)), tensor.Float64, "l", 128, 128)
	bound := 1 / math.Sqrt(128)
	lo, hi := 0.0, 0.0
	for _, v := range l.W.Float64s() {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo < -bound || hi > bound {
		t.Errorf("weights in [%g, %g], outside ±%g", lo, hi, bound)
	}
	if lo > -0.99*bound || hi < 0.99*bound {
		t.Errorf("weights in [%g, %g], do not fill ±%g", lo, hi, bound)
	}
}

func TestResNetWithSharedBlocksIsEuler(t *testing.T) {
	// A ResNet whose blocks share one set of weights computes
	// h ← h + block(h)/N, which is exactly an Euler step of size 1/N of
	// the autonomous dynamics dh/dt = block(h).
	rng := rand.New(rand.NewPCG(3, 3))
	a := SpiralArch
	a.Steps = 7
	ode, err := NewODEClassifier(rng, tensor.Float64, a, Euler)
	if err != nil {
		t.Fatal(err)
	}
	dyn := NewMLPDynamics(rng, tensor.Float64, a.Dim, a.Hidden, true)
	randomize(dyn.Params(), rng, 0.5) // make the output layer non-zero
	ode.Dynamics = dyn
	res := &ResNet{Lift: ode.Lift, Head: ode.Head}
	for range a.Steps {
		res.Blocks = append(res.Blocks, dyn.Net)
	}
	if got, want := CountParams(res.Params()), CountParams(ode.Params()); got != want {
		t.Fatalf("shared-weight ResNet has %d parameters, ODE has %d", got, want)
	}

	x, labels := spiralBatch(rng, 16)
	logits := make([][][]float64, 2)
	for i, m := range []Model{ode, res} {
		p, err := Compile(m, tensor.Float64, 16, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Load(x, labels); err != nil {
			t.Fatal(err)
		}
		if err := p.Run(); err != nil {
			t.Fatal(err)
		}
		logits[i] = p.Logits()
	}
	for i := range logits[0] {
		for j := range logits[0][i] {
			if d := math.Abs(logits[0][i][j] - logits[1][i][j]); d > 1e-12 {
				t.Fatalf("row %d class %d: Euler %g, ResNet %g", i, j, logits[0][i][j], logits[1][i][j])
			}
		}
	}
	// The hidden state must move, or the identity would hold trivially.
	if logits[0][0][0] == logits[0][1][0] {
		t.Error("logits of two different points are equal")
	}
}

func TestNewSpiralModelRejectsUnknown(t *testing.T) {
	if _, err := NewSpiralModel("rk5", rand.New(rand.NewPCG(1, 1)), tensor.Float32, SpiralArch); err == nil {
		t.Error("model rk5 accepted")
	}
	bad := SpiralArch
	bad.Steps = 0
	if _, err := NewSpiralModel("euler", rand.New(rand.NewPCG(1, 1)), tensor.Float32, bad); err == nil {
		t.Error("zero steps accepted")
	}
}
