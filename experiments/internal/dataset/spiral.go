package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// NoiseStd is the standard deviation of the noise added to each coordinate.
const NoiseStd = 0.1

// Set is a labelled set of 2-D points.
type Set struct {
	// X holds the points row by row: X[2i] and X[2i+1] are the coordinates
	// of point i.
	X []float64
	// Labels holds the class of each point, 0 or 1.
	Labels []int
}

// Len returns the number of points.
func (s *Set) Len() int { return len(s.Labels) }

// Point returns the coordinates of point i.
func (s *Set) Point(i int) (x, y float64) { return s.X[2*i], s.X[2*i+1] }

// Gather returns the points and labels at the given indices, in that order.
func (s *Set) Gather(idx []int) (x []float64, labels []int) {
	x = make([]float64, 0, 2*len(idx))
	labels = make([]int, 0, len(idx))
	for _, i := range idx {
		x = append(x, s.X[2*i], s.X[2*i+1])
		labels = append(labels, s.Labels[i])
	}
	return x, labels
}

// Spiral draws n points, n/2 per class, from the random stream (seed,
// stream). Different streams of one seed are independent, so the training
// and test sets use streams TrainStream and TestStream of the same seed.
func Spiral(n int, seed, stream uint64) (*Set, error) {
	if n < 2 || n%2 != 0 {
		return nil, fmt.Errorf("spiral: n = %d points, want an even number of at least 2", n)
	}
	rng := rand.New(rand.NewPCG(seed, stream))
	half := n / 2
	s := &Set{X: make([]float64, 0, 2*n), Labels: make([]int, 0, n)}
	theta := make([]float64, half)
	for i := range theta {
		theta[i] = rng.Float64() * 3 * math.Pi
	}
	for class := range 2 {
		for _, th := range theta {
			r := th / (3 * math.Pi)
			angle := th + float64(class)*math.Pi
			x := r*math.Cos(angle) + NoiseStd*rng.NormFloat64()
			y := r*math.Sin(angle) + NoiseStd*rng.NormFloat64()
			s.X = append(s.X, x, y)
			s.Labels = append(s.Labels, class)
		}
	}
	return s, nil
}

// The streams of the training and the test set.
const (
	TrainStream uint64 = 1
	TestStream  uint64 = 2
)

// TrainTest returns the training and test sets of n points each for seed.
func TrainTest(n int, seed uint64) (train, test *Set, err error) {
	if train, err = Spiral(n, seed, TrainStream); err != nil {
		return nil, nil, err
	}
	if test, err = Spiral(n, seed, TestStream); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}
