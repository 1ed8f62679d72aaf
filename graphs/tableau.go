package graphs

import "fmt"

// Tableau is an explicit Runge-Kutta method given by its Butcher tableau.
// One step of size dt from (t, h) evaluates the stages
//
//	k_i = f(t + C[i]·dt, h + dt·Σ_{j<i} A[i][j]·k_j)
//
// and returns h + dt·Σ_i B[i]·k_i. A is strictly lower triangular, so a new
// explicit method is a new table and no new code.
type Tableau struct {
	Name  string
	Order int
	C     []float64
	A     [][]float64
	B     []float64
}

// Stages returns the number of evaluations of f per step.
func (tab Tableau) Stages() int { return len(tab.B) }

// Validate checks that the table is explicit and consistent: A is strictly
// lower triangular, every row of A sums to its C, and B sums to 1.
func (tab Tableau) Validate() error {
	s := len(tab.B)
	if s == 0 || len(tab.C) != s || len(tab.A) != s {
		return fmt.Errorf("tableau %s: want len(B) = len(C) = len(A) > 0, got %d, %d, %d", tab.Name, len(tab.B), len(tab.C), len(tab.A))
	}
	const tol = 1e-12
	sumB := 0.0
	for i := range s {
		if len(tab.A[i]) != i {
			return fmt.Errorf("tableau %s: row %d of A has %d entries, want %d for an explicit method", tab.Name, i, len(tab.A[i]), i)
		}
		rowSum := 0.0
		for _, a := range tab.A[i] {
			rowSum += a
		}
		if d := rowSum - tab.C[i]; d > tol || d < -tol {
			return fmt.Errorf("tableau %s: row %d of A sums to %g but C[%d] = %g", tab.Name, i, rowSum, i, tab.C[i])
		}
		sumB += tab.B[i]
	}
	if d := sumB - 1; d > tol || d < -tol {
		return fmt.Errorf("tableau %s: B sums to %g, want 1", tab.Name, sumB)
	}
	return nil
}

// Euler is the forward Euler method, order 1: h ← h + dt·f(t, h).
var Euler = Tableau{
	Name:  "euler",
	Order: 1,
	C:     []float64{0},
	A:     [][]float64{{}},
	B:     []float64{1},
}

// Midpoint is the explicit midpoint method, order 2 (Hairer, Nørsett and
// Wanner, Solving Ordinary Differential Equations I, Sec. II.1).
var Midpoint = Tableau{
	Name:  "midpoint",
	Order: 2,
	C:     []float64{0, 0.5},
	A:     [][]float64{{}, {0.5}},
	B:     []float64{0, 1},
}

// Heun is Heun's method (the explicit trapezoidal rule), order 2.
var Heun = Tableau{
	Name:  "heun",
	Order: 2,
	C:     []float64{0, 1},
	A:     [][]float64{{}, {1}},
	B:     []float64{0.5, 0.5},
}

// RK4 is the classic fourth-order Runge-Kutta method (Kutta, 1901), with
// weights 1/6, 1/3, 1/3, 1/6.
var RK4 = Tableau{
	Name:  "rk4",
	Order: 4,
	C:     []float64{0, 0.5, 0.5, 1},
	A:     [][]float64{{}, {0.5}, {0, 0.5}, {0, 0, 1}},
	B:     []float64{1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
}

// Tableaus lists the built-in methods by name.
var Tableaus = map[string]Tableau{
	Euler.Name:    Euler,
	Midpoint.Name: Midpoint,
	Heun.Name:     Heun,
	RK4.Name:      RK4,
}
