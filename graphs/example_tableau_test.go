package graphs_test

import (
	"fmt"
	"math"

	"github.com/neuralode/neuralode/graphs"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A new explicit Runge-Kutta method is a table: here Ralston's second-order
// method (Ralston, "Runge-Kutta methods with minimum error bounds", Math.
// Comp. 16, 1962) integrates dh/dt = −h from h(0) = 1 to t = 1.
func ExampleTableau() {
	ralston := graphs.Tableau{
		Name:  "ralston",
		Order: 2,
		C:     []float64{0, 2.0 / 3},
		A:     [][]float64{{}, {2.0 / 3}},
		B:     []float64{0.25, 0.75},
	}
	if err := ralston.Validate(); err != nil {
		fmt.Println(err)
		return
	}

	b := graphs.NewBuilder(tensor.Float64)
	h0 := b.Input("h0", 1, 1)
	h0.Value().Data().([]float64)[0] = 1
	decay := func(_ float64, h *G.Node) (*G.Node, error) { return G.Neg(h) }
	solver := graphs.Solver{Tableau: ralston, Steps: 10, T0: 0, T1: 1}
	path, err := solver.Integrate(decay, b, h0)
	if err != nil {
		fmt.Println(err)
		return
	}

	vm := G.NewTapeMachine(b.Graph)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		fmt.Println(err)
		return
	}
	h1 := path.Final().Value().Data().([]float64)[0]
	fmt.Printf("h(1) = %.6f, exact %.6f, %d evaluations of f\n", h1, math.Exp(-1), path.Evals)
	// Output: h(1) = 0.368541, exact 0.367879, 20 evaluations of f
}
