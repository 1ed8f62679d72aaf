package graphs_test

import (
	"fmt"
	"math"

	"github.com/neuralode/neuralode/graphs"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Decay is a minimal user-defined dynamics, dh/dt = −k ⊙ h with one learned
// rate per unit.
type Decay struct {
	K *graphs.Param // shape (1, dim)
}

func (d *Decay) Dim() int                { return d.K.Size() }
func (d *Decay) Params() []*graphs.Param { return []*graphs.Param{d.K} }

// Bind binds k once and returns f(t, h) = −k ⊙ h for a batch of rows h.
func (d *Decay) Bind(b *graphs.Builder) (graphs.VectorField, error) {
	k := b.Node(d.K)
	return func(_ float64, h *G.Node) (*G.Node, error) {
		kh, err := G.BroadcastHadamardProd(h, k, nil, []byte{0})
		if err != nil {
			return nil, err
		}
		return G.Neg(kh)
	}, nil
}

// Example_customDynamics plugs a new Dynamics into the stock RK4 solver:
// the solve is unrolled into the graph, so G.Grad could differentiate it
// like any other model.
func Example_customDynamics() {
	d := &Decay{K: graphs.NewParam("k", tensor.Float64, 1, 2)}
	if err := d.K.SetFloat64s([]float64{0.5, 2}); err != nil {
		panic(err)
	}

	b := graphs.NewBuilder(tensor.Float64)
	f, err := d.Bind(b)
	if err != nil {
		panic(err)
	}
	h0 := b.Input("h0", 1, d.Dim())
	copy(h0.Value().Data().([]float64), []float64{1, 1})
	solver := graphs.Solver{Tableau: graphs.RK4, Steps: 10, T0: 0, T1: 1}
	path, err := solver.Integrate(f, b, h0)
	if err != nil {
		panic(err)
	}
	var final G.Value
	G.Read(path.Final(), &final)
	vm := G.NewTapeMachine(b.Graph)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		panic(err)
	}

	h1 := final.Data().([]float64)
	fmt.Printf("h(1) = %.6f %.6f, exact %.6f %.6f, %d evaluations of f\n", h1[0], h1[1], math.Exp(-0.5), math.Exp(-2), path.Evals)
	// Output: h(1) = 0.606531 0.135340, exact 0.606531 0.135335, 40 evaluations of f
}
