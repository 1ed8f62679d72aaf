package spiralmodel

import (
	"fmt"
	"math"

	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/graphs"
	"github.com/neuralode/neuralode/plots"
)

// EvalBatch is the number of points per run of an evaluation program.
const EvalBatch = 1000

// Probabilities returns P(class 1) = softmax(logits)[1] of m at every point
// of x (x0, y0, x1, y1, …).
func Probabilities(m graphs.Model, x []float64) ([]float64, error) {
	eval, err := train.NewEvaluator(m, Dtype, min(EvalBatch, max(1, len(x)/2)), train.Direct)
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
