package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestParallelMatchesSingleGraph checks that replicas sharing a batch give
// the loss, logits and summed gradient of one graph over the whole batch,
// for full batches, short batches and batches with fewer rows than
// replicas.
func TestParallelMatchesSingleGraph(t *testing.T) {
	tests := []struct {
		kind    string
		workers int
		rows    int
	}{
		{"euler", 2, 13},
		{"rk4", 3, 10},
		{"resnet", 2, 7},
		{"euler", 4, 2},
	}
	for _, tt := range tests {
		rng := rand.New(rand.NewPCG(6, 6))
		a := SpiralArch
		a.Steps = 3
		m, err := NewSpiralModel(tt.kind, rng, tensor.Float64, a)
		if err != nil {
			t.Fatal(err)
		}
		randomize(m.Params(), rng, 0.4)
		x, labels := spiralBatch(rng, tt.rows)

		single, err := Compile(m, tensor.Float64, 13, true)
		if err != nil {
			t.Fatal(err)
		}
		defer single.Close()
		if err := single.Load(x, labels); err != nil {
			t.Fatal(err)
		}
		wantLoss := lossAt(t, single)
		wantLogits := single.Logits()

		par, err := CompileParallel(m, tensor.Float64, 13, true, tt.workers)
		if err != nil {
			t.Fatal(err)
		}
		defer par.Close()
		if par.Workers() != tt.workers {
			t.Errorf("%s: %d replicas, want %d", tt.kind, par.Workers(), tt.workers)
		}
		if par.Evals != single.Evals {
			t.Errorf("%s: %d evaluations per pass, want %d", tt.kind, par.Evals, single.Evals)
		}
		if err := par.Load(x, labels); err != nil {
			t.Fatal(err)
		}
		if err := par.Run(); err != nil {
			t.Fatal(err)
		}
		if got := par.Loss(); math.Abs(got-wantLoss) > 1e-12 {
			t.Errorf("%s with %d workers on %d rows: loss %.15g, want %.15g", tt.kind, tt.workers, tt.rows, got, wantLoss)
		}
		gotLogits := par.Logits()
		if len(gotLogits) != tt.rows {
			t.Fatalf("%s: %d logit rows, want %d", tt.kind, len(gotLogits), tt.rows)
		}
		for i := range gotLogits {
			for j := range gotLogits[i] {
				if math.Abs(gotLogits[i][j]-wantLogits[i][j]) > 1e-12 {
					t.Fatalf("%s: logit [%d][%d] = %g, want %g", tt.kind, i, j, gotLogits[i][j], wantLogits[i][j])
				}
			}
		}
		for i, param := range par.Params {
			if err := par.sumGradient(i, par.grads[i]); err != nil {
				t.Fatal(err)
			}
			got, want := valueFloat64s(par.grads[i]), valueFloat64s(single.Gradients()[i].Value())
			for j := range want {
				if math.Abs(got[j]-want[j]) > 1e-12*(1+math.Abs(want[j])) {
					t.Fatalf("%s: gradient %s[%d] = %.15g, want %.15g", tt.kind, param.Name, j, got[j], want[j])
				}
			}
		}
	}
}

// TestParallelStepMatchesSingleStep takes one Adam step both ways from the
// same weights and compares the updated weights.
func TestParallelStepMatchesSingleStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	a := SpiralArch
	a.Steps = 2
	x, labels := spiralBatch(rng, 20)
	var after [2][][]float64
	for k, workers := range []int{1, 2} {
		m, _ := NewSpiralModel("euler", rand.New(rand.NewPCG(8, 8)), tensor.Float64, a)
		randomize(m.Params(), rand.New(rand.NewPCG(9, 9)), 0.4)
		p, err := CompileParallel(m, tensor.Float64, 20, true, workers)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Step(NewAdam(0.01), x, labels); err != nil {
			t.Fatal(err)
		}
		p.Close()
		for _, param := range m.Params() {
			after[k] = append(after[k], param.Float64s())
		}
	}
	for i := range after[0] {
		for j := range after[0][i] {
			if math.Abs(after[0][i][j]-after[1][i][j]) > 1e-12 {
				t.Fatalf("parameter %d entry %d: %g after a single-graph step, %g after a parallel one", i, j, after[0][i][j], after[1][i][j])
			}
		}
	}
}

var _ = G.Nodes{}
