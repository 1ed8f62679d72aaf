package dataset

import (
	"math"
	"testing"
)

func TestMoonsOnTheirHalfCircles(t *testing.T) {
	s, err := Moons(2000, 3, TrainStream)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2000 {
		t.Fatalf("Len() = %d, want 2000", s.Len())
	}
	// Undo the shift: class 0 lies near the unit circle around (0, 0) and
	// class 1 near the one around (1, 1/2), within the noise.
	meanDist := [2]float64{}
	for i := range s.Len() {
		x, y := s.Point(i)
		x, y = x+0.5, y+0.25
		cx, cy := 0.0, 0.0
		if s.Labels[i] == 1 {
			cx, cy = 1, 0.5
		}
		meanDist[s.Labels[i]] += math.Abs(math.Hypot(x-cx, y-cy)-1) / 1000
	}
	for class, d := range meanDist {
		// For small noise |r − 1| is about |N(0, σ²)|, whose mean is σ·√(2/π) ≈ 0.08.
		if d > 0.1 {
			t.Errorf("class %d: mean distance to its half circle %.3f, want about 0.08", class, d)
		}
	}
	if _, err := Moons(3, 0, 1); err == nil {
		t.Error("odd n accepted")
	}
}

func TestRingComponents(t *testing.T) {
	s, err := Ring(4000, 5, TestStream)
	if err != nil {
		t.Fatal(err)
	}
	sumR, sumSq := 0.0, 0.0
	for i := range s.Len() {
		r := math.Hypot(s.Point(i))
		sumR += r
		sumSq += r * r
	}
	n := float64(s.Len())
	mean := sumR / n
	if math.Abs(mean-RingRadius) > 0.05 {
		t.Errorf("mean radius %.3f, want %.1f", mean, RingRadius)
	}
	if std := math.Sqrt(sumSq/n - mean*mean); math.Abs(std-RingStd) > 0.03 {
		t.Errorf("radial standard deviation %.3f, want about %.2f", std, RingStd)
	}
}

func TestTargetNames(t *testing.T) {
	for _, name := range DensityTargets {
		train, test, err := Target(name, 100, 1)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if train.Len() != 100 || test.Len() != 100 || train.X[0] == test.X[0] {
			t.Errorf("%s: %d and %d points, first x %g and %g; want 100 each from different streams", name, train.Len(), test.Len(), train.X[0], test.X[0])
		}
	}
	if _, _, err := Target("banana", 100, 1); err == nil {
		t.Error("unknown target accepted")
	}
}
