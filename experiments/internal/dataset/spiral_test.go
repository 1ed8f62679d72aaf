package dataset

import (
	"math"
	"slices"
	"testing"
)

func TestSpiralShapeAndBalance(t *testing.T) {
	s, err := Spiral(1000, 7, TrainStream)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 1000 {
		t.Errorf("Len() = %d, want 1000", s.Len())
	}
	if len(s.X) != 2000 {
		t.Errorf("len(X) = %d, want 2000", len(s.X))
	}
	counts := [2]int{}
	for _, c := range s.Labels {
		if c != 0 && c != 1 {
			t.Fatalf("label %d, want 0 or 1", c)
		}
		counts[c]++
	}
	if counts != [2]int{500, 500} {
		t.Errorf("class counts = %v, want [500 500]", counts)
	}
}

func TestSpiralRadiusFollowsAngle(t *testing.T) {
	// Without noise every point lies at radius ≤ 1; with σ = 0.1 noise on
	// each coordinate no point should be farther out than 1 + 6σ√2.
	s, err := Spiral(1000, 3, TrainStream)
	if err != nil {
		t.Fatal(err)
	}
	limit := 1 + 6*NoiseStd*math.Sqrt2
	for i := range s.Len() {
		x, y := s.Point(i)
		if r := math.Hypot(x, y); r > limit {
			t.Errorf("point %d at radius %.3f, beyond %.3f", i, r, limit)
		}
	}
}

func TestSpiralClassesAreRotations(t *testing.T) {
	// The class means of a spiral and its rotation by π are opposite
	// points, up to noise: mean0 + mean1 ≈ 0.
	s, err := Spiral(20000, 5, TrainStream)
	if err != nil {
		t.Fatal(err)
	}
	var sum [2][2]float64
	for i := range s.Len() {
		x, y := s.Point(i)
		sum[s.Labels[i]][0] += x
		sum[s.Labels[i]][1] += y
	}
	half := float64(s.Len() / 2)
	for axis := range 2 {
		if total := (sum[0][axis] + sum[1][axis]) / half; math.Abs(total) > 0.01 {
			t.Errorf("axis %d: mean0 + mean1 = %.4f, want about 0", axis, total)
		}
	}
}

func TestSpiralSeeds(t *testing.T) {
	a, _ := Spiral(100, 1, TrainStream)
	b, _ := Spiral(100, 1, TrainStream)
	c, _ := Spiral(100, 2, TrainStream)
	d, _ := Spiral(100, 1, TestStream)
	if !slices.Equal(a.X, b.X) {
		t.Error("same seed and stream gave different points")
	}
	if slices.Equal(a.X, c.X) {
		t.Error("seeds 1 and 2 gave the same points")
	}
	if slices.Equal(a.X, d.X) {
		t.Error("training and test streams gave the same points")
	}
}

func TestSpiralRejectsBadSize(t *testing.T) {
	for _, n := range []int{-2, 0, 1, 999} {
		if _, err := Spiral(n, 1, TrainStream); err == nil {
			t.Errorf("Spiral(%d) returned no error", n)
		}
	}
}

func TestGather(t *testing.T) {
	s, _ := Spiral(10, 1, TrainStream)
	x, labels := s.Gather([]int{9, 0})
	x9, y9 := s.Point(9)
	x0, y0 := s.Point(0)
	if want := []float64{x9, y9, x0, y0}; !slices.Equal(x, want) {
		t.Errorf("Gather x = %v, want %v", x, want)
	}
	if want := []int{1, 0}; !slices.Equal(labels, want) {
		t.Errorf("Gather labels = %v, want %v", labels, want)
	}
}
