package spiralmodel

import (
	"fmt"
	"math"

	"github.com/neuralode/neuralode/graphs"
	"gonum.org/v1/gonum/mat"
)

// States are the hidden states of a set of points along a model's depth.
type States struct {
	// Times holds the time of each state: 0, then the end of each solver
	// step or residual block.
	Times []float64
	// At holds one n × dim matrix per time, one row per point.
	At []*mat.Dense
	// Predicted holds the class of each point from the model's logits.
	Predicted []int
}

// RecordStates runs m forward on the points x (x0, y0, x1, y1, …) and
// returns the lifted state of every point after the lift and after every
// solver step. It uses graphs.PathRecorder, which copies each state while
// it is current, because the tape machine reuses a state's memory once the
// next step no longer needs it.
func RecordStates(m graphs.Model, x []float64) (*States, error) {
	n := len(x) / 2
	if n == 0 || len(x)%2 != 0 {
		return nil, fmt.Errorf("record states: %d coordinates, want a positive even number", len(x))
	}
	rec, err := graphs.NewPathRecorder(m, Dtype, min(EvalBatch, n))
	if err != nil {
		return nil, err
	}
	defer rec.Close()
	path, err := rec.Record(x)
	if err != nil {
		return nil, err
	}

	s := &States{Times: path.Times, Predicted: make([]int, n)}
	for k, values := range path.States {
		for i, v := range values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("record states of %s: state at t = %g of point %d is %g", m.Name(), s.Times[k], i/path.Dim, v)
			}
		}
		s.At = append(s.At, mat.NewDense(n, path.Dim, values))
	}
	for i, logits := range path.Logits {
		if logits[1] > logits[0] {
			s.Predicted[i] = 1
		}
	}
	return s, nil
}
