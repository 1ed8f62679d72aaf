package graphs

import "fmt"

// valueField evaluates dy/dt = F(t, y) into dy, which has the length of y.
type valueField func(t float64, y, dy []float64) error

// valueStepper integrates a state held in Go slices with the steps of a
// tableau, the numeric counterpart of Tableau.Step. Its buffers are
// allocated once, so a solve allocates nothing per step.
type valueStepper struct {
	tab   Tableau
	k     [][]float64 // stage derivatives
	stage []float64   // the state at which the current stage is evaluated
}

// newValueStepper returns a stepper for states of n values.
func newValueStepper(tab Tableau, n int) *valueStepper {
	s := &valueStepper{tab: tab, k: make([][]float64, tab.Stages()), stage: make([]float64, n)}
	for i := range s.k {
		s.k[i] = make([]float64, n)
	}
	return s
}

// solve integrates y in place from t0 to t1 in steps equal steps; t1 < t0
// integrates backwards in time with negative steps.
func (s *valueStepper) solve(f valueField, t0, t1 float64, steps int, y []float64) error {
	dt := (t1 - t0) / float64(steps)
	for n := range steps {
		t := t0 + float64(n)*dt
		if err := s.step(f, t, dt, y); err != nil {
			return fmt.Errorf("%s step %d at t = %g: %w", s.tab.Name, n, t, err)
		}
	}
	return nil
}

// step replaces y by y + dt·Σ_i B[i]·k_i, with the stages k_i of the tableau.
func (s *valueStepper) step(f valueField, t, dt float64, y []float64) error {
	for i := range s.k {
		copy(s.stage, y)
		for j, a := range s.tab.A[i] {
			addScaled(s.stage, a*dt, s.k[j])
		}
		if err := f(t+s.tab.C[i]*dt, s.stage, s.k[i]); err != nil {
			return fmt.Errorf("stage %d: %w", i, err)
		}
	}
	for i, b := range s.tab.B {
		addScaled(y, b*dt, s.k[i])
	}
	return nil
}

// bytes returns the size of the stepper's buffers.
func (s *valueStepper) bytes() int64 {
	return int64(8 * len(s.stage) * (1 + len(s.k)))
}

// addScaled adds c·x to y; c = 0 leaves y unchanged.
func addScaled(y []float64, c float64, x []float64) {
	if c == 0 {
		return
	}
	for i, v := range x {
		y[i] += c * v
	}
}
