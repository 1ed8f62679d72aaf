package spiralmodel

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
	"gonum.org/v1/gonum/mat"
)

// saveRandom writes a checkpoint of an untrained model drawn from seed to
// out and returns the model.
func saveRandom(t *testing.T, out, name string, seed uint64) graphs.Model {
	t.Helper()
	m, err := graphs.NewSpiralModel(name, rand.New(rand.NewPCG(seed, 7)), Dtype, Arch)
	if err != nil {
		t.Fatal(err)
	}
	meta := map[string]string{"experiment": "test", "seed": "0", "epochs": "0"}
	if err := results.SaveCheckpoint(results.CheckpointPath(out, Experiment, name), m, Arch, meta); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCheckpointRoundTripPredictions(t *testing.T) {
	out := t.TempDir()
	_, testSet, err := dataset.TrainTest(200, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"euler", "rk4", "resnet"} {
		saved := saveRandom(t, out, name, 11)
		loaded, err := Load(out, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if loaded.Name() != name || loaded.Trained {
			t.Errorf("%s: loaded %s with Trained = %v, want %s from the file", name, loaded.Name(), loaded.Trained, name)
		}
		want, err := Probabilities(saved, testSet.X)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Probabilities(loaded.Model, testSet.X)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: probability of point %d = %g after loading, %g before saving", name, i, got[i], want[i])
				break
			}
		}
	}
}

func TestLoadRejectsDamagedCheckpoints(t *testing.T) {
	out := t.TempDir()
	saveRandom(t, out, "euler", 1)
	path := results.CheckpointPath(out, Experiment, "euler")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// A truncated file fails its checksum.
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(out, "euler")
	if !errors.Is(err, graphs.ErrCorruptCheckpoint) || !strings.Contains(err.Error(), path) {
		t.Errorf("truncated checkpoint: error %v, want a corrupt-checkpoint error naming %s", err, path)
	}

	// The euler checkpoint under the rk4 name is for another model.
	if err := os.WriteFile(results.CheckpointPath(out, Experiment, "rk4"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(out, "rk4"); err == nil || !strings.Contains(err.Error(), `"euler"`) {
		t.Errorf("checkpoint of another model: error %v, want one naming model \"euler\"", err)
	}

	// A checkpoint of another architecture.
	arch := Arch
	arch.Hidden = 16
	small, _ := graphs.NewSpiralModel("resnet", rand.New(rand.NewPCG(1, 1)), Dtype, arch)
	if err := results.SaveCheckpoint(results.CheckpointPath(out, Experiment, "resnet"), small, arch, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(out, "resnet"); err == nil || !strings.Contains(err.Error(), "architecture") {
		t.Errorf("checkpoint of another architecture: error %v, want one naming the architecture", err)
	}

	if _, err := Load(out, "heun"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing checkpoint: error %v, want fs.ErrNotExist", err)
	}
}

func TestLoadOrTrainReplacesUnusableCheckpoint(t *testing.T) {
	out := t.TempDir()
	path := results.CheckpointPath(out, Experiment, "resnet")
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte("NODECKPT1\ntruncated"), 0o644); err != nil {
		t.Fatal(err)
	}
	trainSet, testSet, err := dataset.TrainTest(100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	cfg := TrainConfig(1, 0)
	loaded, err := LoadOrTrain(out, "resnet", "test", "abc", cfg, trainSet, testSet, train.NewProgress(true), &log)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Trained || loaded.Meta["experiment"] != "test" || loaded.Meta["epochs"] != "1" {
		t.Errorf("loaded = Trained %v, meta %v; want a model trained now for 1 epoch", loaded.Trained, loaded.Meta)
	}
	if !strings.Contains(log.String(), "cannot use") || !strings.Contains(log.String(), path) {
		t.Errorf("log %q does not say why %s was replaced", log.String(), path)
	}
	if old, err := os.ReadFile(path + ".bak"); err != nil || string(old) != "NODECKPT1\ntruncated" {
		t.Errorf("the unusable checkpoint was not kept as %s.bak: %v", path, err)
	}

	// The replacement loads, and a second call reuses it without training.
	again, err := LoadOrTrain(out, "resnet", "test", "abc", cfg, trainSet, testSet, train.NewProgress(true), &log)
	if err != nil {
		t.Fatal(err)
	}
	if again.Trained {
		t.Error("second LoadOrTrain trained again instead of loading the saved checkpoint")
	}
}

func TestLoadOrTrainRejectsOtherSeed(t *testing.T) {
	out := t.TempDir()
	saveRandom(t, out, "euler", 1) // written with seed "0"
	if err := CheckSeed(out, "euler", 0); err != nil {
		t.Errorf("seed 0: %v", err)
	}
	err := CheckSeed(out, "euler", 5)
	if err == nil || !strings.Contains(err.Error(), "-seed 0") {
		t.Errorf("seed 5: error %v, want one suggesting -seed 0", err)
	}
	if err := CheckSeed(out, "rk4", 5); err != nil {
		t.Errorf("missing checkpoint: %v, want no error", err)
	}
}

func TestProbabilityGridShapeAndRange(t *testing.T) {
	m, _ := graphs.NewSpiralModel("rk4", rand.New(rand.NewPCG(2, 2)), Dtype, Arch)
	g, err := ProbabilityGrid(m, 7, 5, -1.5, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	if c, r := g.Dims(); c != 7 || r != 5 || len(g.Values) != 35 {
		t.Fatalf("grid is %d × %d with %d values, want 7 × 5 with 35", c, r, len(g.Values))
	}
	if g.X(0) != -1.5 || g.X(6) != 1.5 || g.Y(0) != -1.5 || g.Y(4) != 1.5 {
		t.Errorf("grid corners (%g, %g) to (%g, %g), want (-1.5, -1.5) to (1.5, 1.5)", g.X(0), g.Y(0), g.X(6), g.Y(4))
	}
	for i, v := range g.Values {
		if !(v >= 0 && v <= 1) {
			t.Errorf("value %d = %g, want a probability in [0, 1]", i, v)
		}
	}
	// The value at column 2, row 3 is the model's probability at that point.
	single, err := Probabilities(m, []float64{g.X(2), g.Y(3)})
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Z(2, 3); math.Abs(got-single[0]) > 1e-6 {
		t.Errorf("Z(2, 3) = %g, model at (%g, %g) gives %g", got, g.X(2), g.Y(3), single[0])
	}
}

func TestProbabilityStable(t *testing.T) {
	tests := []struct {
		logits []float64
		want   float64
	}{
		{[]float64{0, 0}, 0.5},
		{[]float64{1000, 0}, 0},
		{[]float64{0, 1000}, 1},
		{[]float64{0, math.Log(3)}, 0.75},
	}
	for _, tt := range tests {
		if got := Probability(tt.logits); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Probability(%v) = %g, want %g", tt.logits, got, tt.want)
		}
	}
}

// activeModel returns a Neural ODE whose dynamics are not zero: the output
// layer of the dynamics, zero at initialisation, gets random weights.
func activeModel(t *testing.T, name string) *graphs.ODEClassifier {
	t.Helper()
	m, err := graphs.NewSpiralModel(name, rand.New(rand.NewPCG(9, 9)), Dtype, Arch)
	if err != nil {
		t.Fatal(err)
	}
	ode := m.(*graphs.ODEClassifier)
	rng := rand.New(rand.NewPCG(4, 4))
	last := ode.Dynamics.(*graphs.MLPDynamics).Net.Layers[2]
	for _, p := range last.Params() {
		values := make([]float64, p.Size())
		for i := range values {
			values[i] = 0.3 * rng.NormFloat64()
		}
		if err := p.SetFloat64s(values); err != nil {
			t.Fatal(err)
		}
	}
	return ode
}

// headLogits applies the head MLP (ReLU hidden layer, linear output) to one
// state in float64.
func headLogits(head *graphs.MLP, h []float64) []float64 {
	x := h
	for l, layer := range head.Layers {
		w, b := layer.W.Float64s(), layer.B.Float64s()
		in, out := layer.In(), layer.Out()
		y := make([]float64, out)
		for j := range out {
			y[j] = b[j]
			for i := range in {
				y[j] += x[i] * w[i*out+j]
			}
			if l < len(head.Layers)-1 {
				y[j] = max(y[j], 0)
			}
		}
		x = y
	}
	return x
}

func TestRecordStatesMatchModel(t *testing.T) {
	_, testSet, _ := dataset.TrainTest(50, 4)
	for _, name := range []string{"euler", "rk4"} {
		m := activeModel(t, name)
		s, err := RecordStates(m, testSet.X)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Times) != Arch.Steps+1 || len(s.At) != Arch.Steps+1 || s.Times[0] != 0 || math.Abs(s.Times[Arch.Steps]-1) > 1e-12 {
			t.Fatalf("%s: %d times from %g to %g, want %d from 0 to 1", name, len(s.Times), s.Times[0], s.Times[len(s.Times)-1], Arch.Steps+1)
		}
		if r, c := s.At[0].Dims(); r != 50 || c != Arch.Dim {
			t.Fatalf("%s: state matrix %d × %d, want 50 × %d", name, r, c, Arch.Dim)
		}

		// The state at t = 0 is the lift x·W + b.
		w, b := m.Lift.W.Float64s(), m.Lift.B.Float64s()
		for i := range 50 {
			for j := range Arch.Dim {
				want := testSet.X[2*i]*w[j] + testSet.X[2*i+1]*w[Arch.Dim+j] + b[j]
				if got := s.At[0].At(i, j); math.Abs(got-want) > 1e-5 {
					t.Fatalf("%s: h(0)[%d][%d] = %g, lift gives %g", name, i, j, got, want)
				}
			}
		}

		// Every step moves the states.
		for k := 1; k < len(s.At); k++ {
			if mat.Equal(s.At[k], s.At[k-1]) {
				t.Errorf("%s: states at t = %g and t = %g are equal", name, s.Times[k-1], s.Times[k])
			}
		}

		// The head applied to the state after k steps gives the logits of
		// the same model solved for only k steps, to t = k/steps. For k =
		// steps these are the model's own logits.
		for _, k := range []int{7, Arch.Steps} {
			short := *m
			short.Solver.Steps = k
			short.Solver.T1 = float64(k) / float64(Arch.Steps)
			eval, err := train.NewEvaluator(&short, Dtype, 50, train.Direct)
			if err != nil {
				t.Fatal(err)
			}
			logits, err := eval.Logits(testSet.X)
			eval.Close()
			if err != nil {
				t.Fatal(err)
			}
			for i := range 50 {
				got := headLogits(m.Head, s.At[k].RawRowView(i))
				for c := range 2 {
					if math.Abs(got[c]-logits[i][c]) > 1e-4 {
						t.Fatalf("%s: head(h(t = %g)) of point %d = %v, model solved to that time gives %v", name, s.Times[k], i, got, logits[i])
					}
				}
			}
		}

		// The recorded predictions are those of the evaluator.
		probs, _ := Probabilities(m, testSet.X)
		for i, p := range probs {
			want := 0
			if p > 0.5 {
				want = 1
			}
			if s.Predicted[i] != want {
				t.Errorf("%s: point %d predicted %d, probability %g", name, i, s.Predicted[i], p)
			}
		}
	}
}
