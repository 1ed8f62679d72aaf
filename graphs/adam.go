package graphs

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
)

// Adam is the Adam optimizer (Kingma and Ba, 2015) with a learning rate that
// may change between steps while the moment estimates carry on, as a
// learning-rate schedule needs. It follows PyTorch's torch.optim.Adam
// without weight decay: bias-corrected first and second moments and ε added
// to the square root of the second moment.
type Adam struct {
	LearningRate float64
	Beta1, Beta2 float64
	Epsilon      float64

	steps int
	m, v  [][]float64
}

// NewAdam returns Adam with β1 = 0.9, β2 = 0.999 and ε = 1e-8.
func NewAdam(learningRate float64) *Adam {
	return &Adam{LearningRate: learningRate, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Steps returns the number of updates made so far.
func (a *Adam) Steps() int { return a.steps }

// Step updates every parameter in place from its gradient; grads[i] is the
// gradient of params[i].
func (a *Adam) Step(params []*Param, grads []G.Value) error {
	if len(params) != len(grads) {
		return fmt.Errorf("adam: %d parameters but %d gradients", len(params), len(grads))
	}
	if a.m == nil {
		a.m = make([][]float64, len(params))
		a.v = make([][]float64, len(params))
		for i, p := range params {
			a.m[i] = make([]float64, p.Size())
			a.v[i] = make([]float64, p.Size())
		}
	}
	a.steps++
	correction1 := 1 - math.Pow(a.Beta1, float64(a.steps))
	correction2 := 1 - math.Pow(a.Beta2, float64(a.steps))
	stepSize := a.LearningRate / correction1
	sqrtCorrection2 := math.Sqrt(correction2)

	for i, p := range params {
		if grads[i] == nil {
			return fmt.Errorf("adam: parameter %s has no gradient", p.Name)
		}
		m, v := a.m[i], a.v[i]
		update := func(j int, g float64) float64 {
			m[j] = a.Beta1*m[j] + (1-a.Beta1)*g
			v[j] = a.Beta2*v[j] + (1-a.Beta2)*g*g
			return stepSize * m[j] / (math.Sqrt(v[j])/sqrtCorrection2 + a.Epsilon)
		}
		switch w := p.Value.Data().(type) {
		case []float32:
			g, ok := grads[i].Data().([]float32)
			if !ok || len(g) != len(w) {
				return fmt.Errorf("adam: gradient of %s does not match its float32 shape %v", p.Name, p.Value.Shape())
			}
			for j := range w {
				w[j] -= float32(update(j, float64(g[j])))
			}
		case []float64:
			g, ok := grads[i].Data().([]float64)
			if !ok || len(g) != len(w) {
				return fmt.Errorf("adam: gradient of %s does not match its float64 shape %v", p.Name, p.Value.Shape())
			}
			for j := range w {
				w[j] -= update(j, g[j])
			}
		default:
			return fmt.Errorf("adam: parameter %s has unsupported dtype %v", p.Name, p.Value.Dtype())
		}
	}
	return nil
}

// CosineAnnealing returns the learning rate of epoch e (0-based) of a run
// of total epochs: it falls from max at e = 0 towards min along half a cosine,
// lr = min + (max-min)·(1 + cos(π·e/total))/2, as PyTorch's
// CosineAnnealingLR with T_max = total stepped once per epoch.
func CosineAnnealing(e, total int, max, min float64) float64 {
	return min + (max-min)*(1+math.Cos(math.Pi*float64(e)/float64(total)))/2
}
