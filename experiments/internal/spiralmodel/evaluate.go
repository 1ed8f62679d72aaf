package spiralmodel

import (
	"fmt"
	"math"

	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
)

// EvalBatch is the number of points per run of an evaluation program.
const EvalBatch = 1000

// Probabilities returns P(class 1) = softmax(logits)[1] of m at every point
// of x (x0, y0, x1, y1, …).
func Probabilities(m graphs.Model, x []float64) ([]float64, error) {
	eval, err := train.NewEvaluator(m, Dtype, min(EvalBatch, max(1, len(x)/2)))
	if err != nil {
		return nil, err
	}
	defer eval.Close()
	logits, err := eval.Logits(x)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(logits))
	for i, row := range logits {
		out[i] = Probability(row)
		if math.IsNaN(out[i]) {
			return nil, fmt.Errorf("%s: NaN probability at point %d (%g, %g)", m.Name(), i, x[2*i], x[2*i+1])
		}
	}
	return out, nil
}

// Probability returns softmax(logits)[1] of two logits, computed stably as
// the logistic function of their difference.
func Probability(logits []float64) float64 {
	d := logits[1] - logits[0]
	if d >= 0 {
		return 1 / (1 + math.Exp(-d))
	}
	e := math.Exp(d)
	return e / (1 + e)
}

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
// solver step, read from the state nodes of a forward-only program.
func RecordStates(m graphs.Model, x []float64) (*States, error) {
	n := len(x) / 2
	if n == 0 || len(x)%2 != 0 {
		return nil, fmt.Errorf("record states: %d coordinates, want a positive even number", len(x))
	}
	prog, err := graphs.Compile(m, Dtype, min(EvalBatch, n), false)
	if err != nil {
		return nil, err
	}
	defer prog.Close()
	path := prog.Output().Path
	if path == nil || len(path.States) == 0 {
		return nil, fmt.Errorf("record states: model %s exposes no state path", m.Name())
	}
	dim := path.States[0].Shape()[1]

	s := &States{Times: append([]float64(nil), path.Times...), Predicted: make([]int, 0, n)}
	for range path.States {
		s.At = append(s.At, mat.NewDense(n, dim, nil))
	}
	for start := 0; start < n; start += prog.Batch {
		end := min(start+prog.Batch, n)
		if err := prog.Load(x[2*start:2*end], make([]int, end-start)); err != nil {
			return nil, err
		}
		if err := prog.Run(); err != nil {
			return nil, fmt.Errorf("record states of %s: %w", m.Name(), err)
		}
		for k, node := range path.States {
			values, err := nodeValues(node)
			if err != nil {
				return nil, fmt.Errorf("record states of %s: state %d: %w", m.Name(), k, err)
			}
			for i := start; i < end; i++ {
				row := values[(i-start)*dim : (i-start+1)*dim]
				for _, v := range row {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return nil, fmt.Errorf("record states of %s: state at t = %g of point %d is %g", m.Name(), s.Times[k], i, v)
					}
				}
				s.At[k].SetRow(i, row)
			}
		}
		for _, row := range prog.Logits() {
			class := 0
			if row[1] > row[0] {
				class = 1
			}
			s.Predicted = append(s.Predicted, class)
		}
	}
	return s, nil
}

// nodeValues returns the values of a float32 or float64 node after a run.
func nodeValues(n *G.Node) ([]float64, error) {
	v := n.Value()
	if v == nil {
		return nil, fmt.Errorf("node %s has no value", n.Name())
	}
	switch data := v.Data().(type) {
	case []float32:
		out := make([]float64, len(data))
		for i, x := range data {
			out[i] = float64(x)
		}
		return out, nil
	case []float64:
		return append([]float64(nil), data...), nil
	}
	return nil, fmt.Errorf("node %s has values of type %T, want []float32 or []float64", n.Name(), v.Data())
}

// ProbabilityGrid evaluates P(class 1) of m on a cols × rows grid over
// [lo, hi]², ready for plots.ProbabilityMap.
func ProbabilityGrid(m graphs.Model, cols, rows int, lo, hi float64) (*plots.Grid, error) {
	g, err := plots.NewGrid(cols, rows, lo, hi, lo, hi)
	if err != nil {
		return nil, err
	}
	if g.Values, err = Probabilities(m, g.Points()); err != nil {
		return nil, err
	}
	return g, nil
}
