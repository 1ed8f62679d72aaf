package vecmath

import (
	"fmt"
	"math"
)

// AdamStep holds the coefficients of one Adam update in PyTorch's form:
//
//	m ← β1·m + (1 − β1)·g
//	v ← β2·v + (1 − β2)·g²
//	w ← w − StepSize·m / (√v / SqrtCorrection2 + Epsilon)
//
// where StepSize is the learning rate over the first moment's bias
// correction 1 − β1^t and SqrtCorrection2 is √(1 − β2^t).
type AdamStep struct {
	Beta1, Beta2, Epsilon     float64
	StepSize, SqrtCorrection2 float64
}

// coefficients returns β1, 1 − β1, β2, 1 − β2, 1/√(1 − β2^t), ε and the step
// size in float32, each rounded once from float64 as PyTorch does.
func (c AdamStep) coefficients() [7]float32 {
	return [7]float32{
		float32(c.Beta1), float32(1 - c.Beta1),
		float32(c.Beta2), float32(1 - c.Beta2),
		float32(1 / c.SqrtCorrection2), float32(c.Epsilon), float32(c.StepSize),
	}
}

// Adam updates the weights w and the moments m and v in place from the
// gradient g, in one pass over the four arrays.
func Adam(w, g, m, v []float32, c AdamStep) error {
	if len(g) != len(w) || len(m) != len(w) || len(v) != len(w) {
		return fmt.Errorf("adam: lengths %d (w), %d (g), %d (m) and %d (v) differ", len(w), len(g), len(m), len(v))
	}
	if !(c.SqrtCorrection2 > 0) {
		return fmt.Errorf("adam: √(1 − β2^t) = %g, want a positive value (is the step count at least 1?)", c.SqrtCorrection2)
	}
	adam(w, g, m, v, c)
	return nil
}

// adamGo is Adam in Go.
func adamGo(w, g, m, v []float32, c AdamStep) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	k := c.coefficients()
	beta1, oneMinusBeta1, beta2, oneMinusBeta2 := k[0], k[1], k[2], k[3]
	invSqrtCorrection2, eps, stepSize := k[4], k[5], k[6]
	for i, gi := range g {
		m[i] = beta1*m[i] + oneMinusBeta1*gi
		v[i] = beta2*v[i] + oneMinusBeta2*gi*gi
		denominator := float32(math.Sqrt(float64(v[i])))*invSqrtCorrection2 + eps
		w[i] -= stepSize * m[i] / denominator
	}
}
