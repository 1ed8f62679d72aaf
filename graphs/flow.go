package graphs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

// Flow is a continuous normalizing flow with a standard normal base
// distribution. Its solver carries a data point x at time Solver.T0 to a
// base point z at time Solver.T1, and with ℓ the change of log-density
// along that path,
//
//	log p(x) = log N(z; 0, I) − ℓ(T1).
//
// Sampling runs the same dynamics backward, from a base sample at T1 to
// T0 (see Flow.Inverse).
type Flow struct {
	Dynamics *CNFDynamics
	Solver   Solver
}

// NewFlow returns a flow in dim dimensions whose velocity MLP has the given
// hidden widths, solved on [0, 1] from data to base by solver.
func NewFlow(rng *rand.Rand, dt tensor.Dtype, dim int, hidden []int, solver Solver) (*Flow, error) {
	if err := solver.Validate(); err != nil {
		return nil, err
	}
	dyn, err := NewCNFDynamics(rng, dt, dim, hidden)
	if err != nil {
		return nil, err
	}
	return &Flow{Dynamics: dyn, Solver: solver}, nil
}

// Name returns "cnf".
func (f *Flow) Name() string { return "cnf" }

// Params returns the velocity's parameters.
func (f *Flow) Params() []*Param { return f.Dynamics.Params() }

// Inverse returns the solver that runs from base to data: the same steps
// and tableau from T1 back to T0, with a negative step size.
func (f *Flow) Inverse() Solver {
	s := f.Solver
	s.T0, s.T1 = f.Solver.T1, f.Solver.T0
	return s
}

// StandardNormalLogDensity returns log N(z; 0, I) for one point z.
func StandardNormalLogDensity(z []float64) float64 {
	sq := 0.0
	for _, v := range z {
		sq += v * v
	}
	return -0.5*sq - 0.5*float64(len(z))*math.Log(2*math.Pi)
}

// StandardNormalSamples draws n points of dimension dim from N(0, I), row
// by row.
func StandardNormalSamples(rng *rand.Rand, n, dim int) []float64 {
	out := make([]float64, n*dim)
	for i := range out {
		out[i] = rng.NormFloat64()
	}
	return out
}

// FlowState is the state [z, ℓ] of a batch at one time of the solve.
type FlowState struct {
	Time float64
	// Points holds z row by row, d values per point.
	Points []float64
	// LogDensityChange holds ℓ per point: log p(z(Time)) − log p(z(start)).
	LogDensityChange []float64
}

// Dim returns the dimension of the points.
func (s FlowState) Dim() int { return len(s.Points) / len(s.LogDensityChange) }

// checkFinite returns an error naming the first NaN or infinite value.
func (s FlowState) checkFinite() error {
	for i, v := range s.Points {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("flow state at t = %g: coordinate %d of point %d is %v", s.Time, i%s.Dim(), i/s.Dim(), v)
		}
	}
	for i, v := range s.LogDensityChange {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("flow state at t = %g: log-density change of point %d is %v", s.Time, i, v)
		}
	}
	return nil
}
