package graphs

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/neuralode/neuralode/graphs/internal/vecmath"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Adam is the Adam optimizer (Kingma and Ba, 2015) with a learning rate that
// may change between steps while the moment estimates carry on, as a
// learning-rate schedule needs. It follows PyTorch's torch.optim.Adam
// without weight decay: bias-corrected first and second moments and ε added
// to the square root of the second moment. As there, the moments have the
// parameter's dtype.
type Adam struct {
	LearningRate float64
	Beta1, Beta2 float64
	Epsilon      float64

	steps int
	// moments holds the first and second moment of each parameter, as
	// *adamMoments[float32] or *adamMoments[float64].
	moments []any
}

// adamMoments are the running first (m) and second (v) moments of one
// parameter.
type adamMoments[T float32 | float64] struct {
	m, v []T
}

// NewAdam returns Adam with β1 = 0.9, β2 = 0.999 and ε = 1e-8.
func NewAdam(learningRate float64) *Adam {
	return &Adam{LearningRate: learningRate, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Steps returns the number of updates made so far.
func (a *Adam) Steps() int { return a.steps }

// Step updates every parameter in place from its gradient: grads[i] is the
// gradient of params[i].
func (a *Adam) Step(params []*Param, grads []G.Value) error {
	if len(params) != len(grads) {
		return fmt.Errorf("adam: %d parameters but %d gradients", len(params), len(grads))
	}
	if err := a.validate(); err != nil {
		return err
	}
	if a.moments == nil {
		a.moments = make([]any, len(params))
		for i, p := range params {
			if p.Value.Dtype() == tensor.Float32 {
				a.moments[i] = &adamMoments[float32]{m: make([]float32, p.Size()), v: make([]float32, p.Size())}
			} else {
				a.moments[i] = &adamMoments[float64]{m: make([]float64, p.Size()), v: make([]float64, p.Size())}
			}
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
		c := adamConstants{beta1: a.Beta1, beta2: a.Beta2, eps: a.Epsilon, stepSize: stepSize, sqrtCorrection2: sqrtCorrection2}
		switch w := p.Value.Data().(type) {
		case []float32:
			g, ok := grads[i].Data().([]float32)
			if !ok || len(g) != len(w) {
				return fmt.Errorf("adam: gradient of %s does not match its float32 shape %v", p.Name, p.Value.Shape())
			}
			state, ok := a.moments[i].(*adamMoments[float32])
			if !ok {
				return fmt.Errorf("adam: parameter %s changed dtype between steps", p.Name)
			}
			if err := adamUpdate(p.Name, w, g, state, c); err != nil {
				return err
			}
		case []float64:
			g, ok := grads[i].Data().([]float64)
			if !ok || len(g) != len(w) {
				return fmt.Errorf("adam: gradient of %s does not match its float64 shape %v", p.Name, p.Value.Shape())
			}
			state, ok := a.moments[i].(*adamMoments[float64])
			if !ok {
				return fmt.Errorf("adam: parameter %s changed dtype between steps", p.Name)
			}
			if err := adamUpdate(p.Name, w, g, state, c); err != nil {
				return err
			}
		default:
			return fmt.Errorf("adam: parameter %s has unsupported dtype %v", p.Name, p.Value.Dtype())
		}
	}
	return nil
}

// validate checks the hyperparameters before a step changes any weight.
func (a *Adam) validate() error {
	switch {
	case !(a.Beta1 >= 0 && a.Beta1 < 1):
		return fmt.Errorf("adam: β1 = %g, want a value in [0, 1) such as 0.9", a.Beta1)
	case !(a.Beta2 >= 0 && a.Beta2 < 1):
		return fmt.Errorf("adam: β2 = %g, want a value in [0, 1) such as 0.999", a.Beta2)
	case !(a.Epsilon >= 0) || math.IsInf(a.Epsilon, 1):
		return fmt.Errorf("adam: ε = %g, want a small non-negative value such as 1e-8", a.Epsilon)
	case !(a.LearningRate >= 0) || math.IsInf(a.LearningRate, 1):
		return fmt.Errorf("adam: learning rate %g, want a finite non-negative value", a.LearningRate)
	}
	return nil
}

// adamConstants are the coefficients of one Adam step.
type adamConstants struct {
	beta1, beta2, eps, stepSize, sqrtCorrection2 float64
}

// adamParallelSize is the parameter size from which the update is split
// across the available cores.
const adamParallelSize = 1 << 15

// adamUpdate updates the weights w of the parameter name from their
// gradient g and the moment estimates in place. The update reads and
// writes four arrays per parameter and is bound by memory bandwidth for
// large models.
func adamUpdate[T float32 | float64](name string, w, g []T, state *adamMoments[T], c adamConstants) error {
	m, v := state.m, state.v
	if len(m) != len(w) {
		return fmt.Errorf("adam: parameter %s changed size from %d to %d values between steps; use a new Adam for a new model", name, len(m), len(w))
	}
	workers := 1
	if len(w) >= adamParallelSize {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		return adamRange(w, g, m, v, c)
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	chunk := (len(w) + workers - 1) / workers
	for worker, start := 0, 0; start < len(w); worker, start = worker+1, start+chunk {
		end := min(start+chunk, len(w))
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[worker] = adamRange(w[start:end], g[start:end], m[start:end], v[start:end], c)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func adamRange[T float32 | float64](w, g, m, v []T, c adamConstants) error {
	if w32, ok := any(w).([]float32); ok { // one vectorised pass
		step := vecmath.AdamStep{Beta1: c.beta1, Beta2: c.beta2, Epsilon: c.eps, StepSize: c.stepSize, SqrtCorrection2: c.sqrtCorrection2}
		return vecmath.Adam(w32, any(g).([]float32), any(m).([]float32), any(v).([]float32), step)
	}
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	beta1, beta2 := T(c.beta1), T(c.beta2)
	for j := range w {
		gj := g[j]
		m[j] = beta1*m[j] + (1-beta1)*gj
		v[j] = beta2*v[j] + (1-beta2)*gj*gj
		w[j] -= T(c.stepSize * float64(m[j]) / (math.Sqrt(float64(v[j]))/c.sqrtCorrection2 + c.eps))
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
