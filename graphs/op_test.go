package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// compileWith compiles m for training with fused or stock ops.
func compileWith(t *testing.T, m Model, dt tensor.Dtype, batch int, stock bool) *Program {
	t.Helper()
	p, err := compile(m, dt, batch, true, stock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// TestFusedOpsMatchStock builds every model twice, once from the fused ops
// and once from Gorgonia's stock ops, and compares loss and every gradient.
// The finite-difference test checks the fused gradients directly; this one
// also covers shapes and paths that it samples only sparsely.
func TestFusedOpsMatchStock(t *testing.T) {
	// float64 must agree to rounding; float32 takes the vectorised paths
	// (fast tanh, AVX2 products) and agrees to its precision.
	tests := []struct {
		dt  tensor.Dtype
		tol float64
	}{{tensor.Float64, 1e-12}, {tensor.Float32, 2e-4}}
	for _, tt := range tests {
		for _, kind := range []string{"euler", "midpoint", "rk4", "resnet"} {
			t.Run(kind+"/"+tt.dt.String(), func(t *testing.T) {
				compareFusedStock(t, kind, tt.dt, tt.tol)
			})
		}
	}
}

// compareFusedStock compares the loss and gradients of one model built
// both ways.
func compareFusedStock(t *testing.T, kind string, dt tensor.Dtype, tol float64) {
	rng := rand.New(rand.NewPCG(5, 5))
	a := SpiralArch
	a.Steps = 3
	m, err := NewSpiralModel(kind, rng, dt, a)
	if err != nil {
		t.Fatal(err)
	}
	randomize(m.Params(), rng, 0.4)
	x, labels := spiralBatch(rng, 9)
	var losses [2]float64
	var grads [2][][]float64
	for i, stock := range []bool{false, true} {
		p := compileWith(t, m, dt, 12, stock)
		if err := p.Load(x, labels); err != nil {
			t.Fatal(err)
		}
		losses[i] = lossAt(t, p)
		for _, g := range p.Gradients() {
			grads[i] = append(grads[i], valueFloat64s(g.Value()))
		}
	}
	if math.Abs(losses[0]-losses[1]) > tol {
		t.Errorf("loss: fused %.15g, stock %.15g", losses[0], losses[1])
	}
	for i, p := range m.Params() {
		for j := range grads[0][i] {
			if d := math.Abs(grads[0][i][j] - grads[1][i][j]); d > tol*(1+math.Abs(grads[1][i][j])) {
				t.Fatalf("%s[%d]: fused gradient %.15g, stock %.15g", p.Name, j, grads[0][i][j], grads[1][i][j])
			}
		}
	}
}

func TestLinearCombinationRejects(t *testing.T) {
	b := NewBuilder(tensor.Float64)
	x := b.Input("x", 2, 3)
	y := b.Input("y", 3, 2)
	if _, err := linearCombination([]float64{1}, x, x); err == nil {
		t.Error("two inputs with one coefficient accepted")
	}
	if _, err := linearCombination([]float64{1, 1}, x, y); err == nil {
		t.Error("inputs of shapes (2, 3) and (3, 2) accepted")
	}
}

// TestCrossEntropyLargeLogits checks the fused loss where Gorgonia's
// LogSoftMax overflows: logits of ±1000 in a later row of the batch.
func TestCrossEntropyLargeLogits(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		b := NewBuilder(dt)
		z := b.Input("z", 2, 2)
		targets := b.Input("targets", 2, 2)
		setValues(z.Value(), []float64{0, 0, 1000, -1000})
		setValues(targets.Value(), []float64{0.5, 0, 0, 0.5}) // labels 0 and 1, mean over 2 rows
		loss, err := crossEntropy(b, z, targets)
		if err != nil {
			t.Fatal(err)
		}
		grads, err := G.Grad(loss, z)
		if err != nil {
			t.Fatal(err)
		}
		runGraph(t, b.Graph)

		// Row 0: log 2 nats. Row 1: the label's logit is 2000 below the
		// other, so its loss is 2000 nats (log(1 + e^-2000) vanishes).
		want := 0.5*math.Log(2) + 0.5*2000
		if got := scalarValue(loss.Value()); math.Abs(got-want) > 1e-3 {
			t.Errorf("%v: loss %g, want %g", dt, got, want)
		}
		// The gradient is (softmax − onehot)/2 per row.
		wantGrad := []float64{-0.25, 0.25, 0.5, -0.5}
		for i, g := range valueFloat64s(grads[0].Value()) {
			if math.Abs(g-wantGrad[i]) > 1e-6 {
				t.Errorf("%v: gradient[%d] = %g, want %g", dt, i, g, wantGrad[i])
			}
		}
	}
}

// TestWeightTransposeShared checks that the training graph holds one
// transpose per weight matrix, however many solver steps read it.
func TestWeightTransposeShared(t *testing.T) {
	for _, kind := range []string{"euler", "rk4", "resnet"} {
		for _, steps := range []int{2, 5} {
			rng := rand.New(rand.NewPCG(1, 1))
			a := SpiralArch
			a.Steps = steps
			m, err := NewSpiralModel(kind, rng, tensor.Float32, a)
			if err != nil {
				t.Fatal(err)
			}
			p := compileWith(t, m, tensor.Float32, 4, false)
			weights := 0 // matrices of more than one row, not bias rows
			for _, n := range p.Builder().ParamNodes() {
				if s := n.Shape(); len(s) == 2 && s[0] > 1 {
					weights++
				}
			}
			transposes := 0
			for _, n := range p.Graph().AllNodes() {
				if _, ok := n.Op().(*weightTransposeOp); ok {
					transposes++
				}
			}
			if transposes != weights {
				t.Errorf("%s, %d steps: %d transpose nodes for %d weight matrices", kind, steps, transposes, weights)
			}
		}
	}
}

func TestBackingMatchesData(t *testing.T) {
	f32 := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float32{1, 2, 3, 4, 5, 6}))
	f64 := tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{6, 5, 4, 3, 2, 1}))
	row, err := f64.Slice(G.S(1)) // a contiguous view: the second row
	if err != nil {
		t.Fatal(err)
	}
	if got, want := backing[float32](f32), f32.Data().([]float32); len(got) != len(want) || &got[0] != &want[0] {
		t.Errorf("float32: backing %v, Data %v", got, want)
	}
	if got, want := backing[float64](f64), f64.Data().([]float64); len(got) != len(want) || &got[0] != &want[0] {
		t.Errorf("float64: backing %v, Data %v", got, want)
	}
	view := row.(*tensor.Dense)
	if got, want := backing[float64](view), view.Data().([]float64); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("row view: backing %v, Data %v", got, want)
	}
	if got := backing[float32](tensor.New(tensor.WithShape(0), tensor.Of(tensor.Float32))); got != nil {
		t.Errorf("empty tensor: backing %v, want nil", got)
	}
}

// TestGradientsFollowWeightUpdates trains a program for three steps, so
// that Adam changes the weights in place, and checks that its next
// gradient equals that of a program compiled fresh at the new weights. A
// value computed once and kept across runs, such as a stale transpose of
// W, would break the equality.
func TestGradientsFollowWeightUpdates(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, kind := range []string{"euler", "rk4", "resnet"} {
			rng := rand.New(rand.NewPCG(7, 7))
			a := SpiralArch
			a.Steps = 3
			m, err := NewSpiralModel(kind, rng, dt, a)
			if err != nil {
				t.Fatal(err)
			}
			randomize(m.Params(), rng, 0.4)
			x, labels := spiralBatch(rng, 8)

			trained := compileWith(t, m, dt, 8, false)
			opt := NewAdam(0.05)
			for range 3 {
				if _, err := trained.Step(opt, x, labels); err != nil {
					t.Fatal(err)
				}
			}
			fresh := compileWith(t, m, dt, 8, false)
			var grads [2][][]float64
			for i, p := range []*Program{trained, fresh} {
				if err := p.Load(x, labels); err != nil {
					t.Fatal(err)
				}
				if err := p.vm.RunAll(); err != nil {
					t.Fatal(err)
				}
				for _, g := range p.Gradients() {
					grads[i] = append(grads[i], valueFloat64s(g.Value()))
				}
				p.vm.Reset()
			}
			for i, param := range m.Params() {
				for j := range grads[0][i] {
					if grads[0][i][j] != grads[1][i][j] {
						t.Fatalf("%s/%v: %s[%d] after 3 steps: gradient %g, fresh program %g", kind, dt, param.Name, j, grads[0][i][j], grads[1][i][j])
					}
				}
			}
		}
	}
}
