package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Moons draws n points, n/2 per class, of the two interleaving half circles
// of scikit-learn's make_moons. Class 0 is (cos θ, sin θ) and class 1 is
// (1 − cos θ, 1/2 − sin θ) for θ uniform in [0, π]. The points are shifted
// by (−1/2, −1/4) so that the set is centred on the origin, and each
// coordinate gets Gaussian noise of standard deviation NoiseStd.
func Moons(n int, seed, stream uint64) (*Set, error) {
	if n < 2 || n%2 != 0 {
		return nil, fmt.Errorf("moons: n = %d points, want an even number of at least 2", n)
	}
	rng := rand.New(rand.NewPCG(seed, stream))
	s := &Set{X: make([]float64, 0, 2*n), Labels: make([]int, 0, n)}
	for class := range 2 {
		for range n / 2 {
			theta := rng.Float64() * math.Pi
			x, y := math.Cos(theta), math.Sin(theta)
			if class == 1 {
				x, y = 1-x, 0.5-y
			}
			s.X = append(s.X, x-0.5+NoiseStd*rng.NormFloat64(), y-0.25+NoiseStd*rng.NormFloat64())
			s.Labels = append(s.Labels, class)
		}
	}
	return s, nil
}

// RingRadius and RingStd are the radius of the ring of Gaussians and the
// standard deviation of each of them.
const (
	RingRadius = 2.0
	RingStd    = 0.2
)

// Ring draws n points from an equal mixture of 8 Gaussians whose means are
// evenly spaced on the circle of radius RingRadius. The label of a point is
// its component modulo 2, so neighbouring components alternate colours.
func Ring(n int, seed, stream uint64) (*Set, error) {
	if n < 1 {
		return nil, fmt.Errorf("ring: n = %d points, want at least 1", n)
	}
	rng := rand.New(rand.NewPCG(seed, stream))
	s := &Set{X: make([]float64, 0, 2*n), Labels: make([]int, 0, n)}
	for range n {
		k := rng.IntN(8)
		angle := 2 * math.Pi * float64(k) / 8
		s.X = append(s.X, RingRadius*math.Cos(angle)+RingStd*rng.NormFloat64(), RingRadius*math.Sin(angle)+RingStd*rng.NormFloat64())
		s.Labels = append(s.Labels, k%2)
	}
	return s, nil
}

// DensityTargets lists the 2-D densities that Target draws from.
var DensityTargets = []string{"spiral", "moons", "ring"}

// Target returns the training and test sets of n points each of a named
// 2-D density: "spiral" (both spirals together), "moons" or "ring".
func Target(name string, n int, seed uint64) (train, test *Set, err error) {
	var draw func(int, uint64, uint64) (*Set, error)
	switch name {
	case "spiral":
		draw = Spiral
	case "moons":
		draw = Moons
	case "ring":
		draw = Ring
	default:
		return nil, nil, fmt.Errorf("unknown target %q: want one of %s", name, strings.Join(DensityTargets, ", "))
	}
	if train, err = draw(n, seed, TrainStream); err != nil {
		return nil, nil, err
	}
	if test, err = draw(n, seed, TestStream); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// IsTarget reports whether name is one of DensityTargets.
func IsTarget(name string) bool { return slices.Contains(DensityTargets, name) }
