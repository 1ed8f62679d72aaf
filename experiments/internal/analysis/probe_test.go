package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"gonum.org/v1/gonum/mat"
)

// gaussianClasses draws n points per class in d dimensions: class c is
// normal with standard deviation 1 around c·shift along every axis.
func gaussianClasses(rng *rand.Rand, n, d int, shift float64) (*mat.Dense, []int) {
	x := mat.NewDense(2*n, d, nil)
	labels := make([]int, 2*n)
	for i := range 2 * n {
		labels[i] = i % 2
		for j := range d {
			x.Set(i, j, float64(labels[i])*shift+rng.NormFloat64())
		}
	}
	return x, labels
}

func TestProbeSeparable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Means 10·√6 ≈ 24 standard deviations apart: no point crosses.
	trainX, trainY := gaussianClasses(rng, 300, 6, 10)
	testX, testY := gaussianClasses(rng, 300, 6, 10)
	p, err := FitProbe(trainX, trainY)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := p.Accuracy(testX, testY)
	if err != nil {
		t.Fatal(err)
	}
	if acc != 1 {
		t.Errorf("held-out accuracy on separable data = %g, want 1", acc)
	}
}

func TestProbeRandomLabels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	trainX, _ := gaussianClasses(rng, 500, 6, 0)
	testX, _ := gaussianClasses(rng, 500, 6, 0)
	trainY := make([]int, 1000)
	testY := make([]int, 1000)
	for i := range trainY {
		trainY[i], testY[i] = rng.IntN(2), rng.IntN(2)
	}
	p, err := FitProbe(trainX, trainY)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := p.Accuracy(testX, testY)
	if err != nil {
		t.Fatal(err)
	}
	// Labels independent of the features: the held-out accuracy is a
	// binomial proportion around 0.5 with standard deviation 0.016.
	if acc < 0.44 || acc > 0.56 {
		t.Errorf("held-out accuracy with random labels = %g, want about 0.5", acc)
	}
}

func TestProbeSpiralInputsNearChance(t *testing.T) {
	// The two interleaved spirals are not linearly separable in the plane.
	trainSet, testSet, err := dataset.TrainTest(1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := FitProbe(mat.NewDense(1000, 2, trainSet.X), trainSet.Labels)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := p.Accuracy(mat.NewDense(1000, 2, testSet.X), testSet.Labels)
	if err != nil {
		t.Fatal(err)
	}
	if acc > 0.7 {
		t.Errorf("held-out accuracy on the raw spiral points = %g, want near chance (at most 0.7)", acc)
	}
}

func TestProbeLossGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x, labels := gaussianClasses(rng, 10, 3, 1)
	y := make([]float64, len(labels))
	for i, c := range labels {
		y[i] = float64(c)
	}
	theta := []float64{0.3, -1.2, 0.7, 0.1}
	grad := make([]float64, len(theta))
	probeLoss(x, y, theta, grad)
	const h = 1e-6
	for i := range theta {
		plus := append([]float64(nil), theta...)
		minus := append([]float64(nil), theta...)
		plus[i] += h
		minus[i] -= h
		numeric := (probeLoss(x, y, plus, nil) - probeLoss(x, y, minus, nil)) / (2 * h)
		if math.Abs(numeric-grad[i]) > 1e-7 {
			t.Errorf("gradient %d = %g, central difference %g", i, grad[i], numeric)
		}
	}
}

func TestFitProbeRejects(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	tests := []struct {
		name   string
		x      *mat.Dense
		labels []int
	}{
		{"label 2", x, []int{0, 1, 2}},
		{"too few labels", x, []int{0, 1}},
		{"NaN feature", mat.NewDense(2, 1, []float64{math.NaN(), 1}), []int{0, 1}},
	}
	for _, tt := range tests {
		if _, err := FitProbe(tt.x, tt.labels); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}
