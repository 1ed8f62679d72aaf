package spiralmodel

import (
	"fmt"
	"math"

	"github.com/neuralode/neuralode/graphs"
	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
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
// solver step.
//
// NOTE: a graphs.Program cannot serve here. Gorgonia's tape machine
// computes the update h + dt·k of a step in the memory of h once h has no
// other consumer, so after a run every state node reads the final state.
// This graph adds a gorgonia Read node per state, which copies the state
// when it is computed and keeps its memory from being overwritten before.
func RecordStates(m graphs.Model, x []float64) (*States, error) {
	n := len(x) / 2
	if n == 0 || len(x)%2 != 0 {
		return nil, fmt.Errorf("record states: %d coordinates, want a positive even number", len(x))
	}
	batch := min(EvalBatch, n)
	b := graphs.NewBuilder(Dtype)
	input := b.Input("x", batch, 2)
	out, err := m.Forward(b, input)
	if err != nil {
		return nil, fmt.Errorf("record states of %s: %w", m.Name(), err)
	}
	if out.Path == nil || len(out.Path.States) == 0 {
		return nil, fmt.Errorf("record states: model %s exposes no state path", m.Name())
	}
	reads := make([]G.Value, len(out.Path.States))
	for k, state := range out.Path.States {
		G.Read(state, &reads[k])
	}
	var logits G.Value
	G.Read(out.Logits, &logits)
	vm := G.NewTapeMachine(b.Graph)
	defer vm.Close()

	dim := out.Path.States[0].Shape()[1]
	s := &States{Times: append([]float64(nil), out.Path.Times...), Predicted: make([]int, 0, n)}
	for range out.Path.States {
		s.At = append(s.At, mat.NewDense(n, dim, nil))
	}
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		padded := make([]float64, 2*batch)
		copy(padded, x[2*start:2*end])
		if err := setValues(input.Value(), padded); err != nil {
			return nil, err
		}
		err := vm.RunAll()
		vm.Reset()
		if err != nil {
			return nil, fmt.Errorf("record states of %s: %w", m.Name(), err)
		}

		for k, v := range reads {
			values, err := float64s(v)
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
		values, err := float64s(logits)
		if err != nil {
			return nil, fmt.Errorf("record states of %s: logits: %w", m.Name(), err)
		}
		for i := range end - start {
			class := 0
			if values[2*i+1] > values[2*i] {
				class = 1
			}
			s.Predicted = append(s.Predicted, class)
		}
	}
	return s, nil
}

// setValues overwrites a float32 or float64 tensor with values.
func setValues(v G.Value, values []float64) error {
	switch data := v.Data().(type) {
	case []float32:
		for i, x := range values {
			data[i] = float32(x)
		}
	case []float64:
		copy(data, values)
	default:
		return fmt.Errorf("input tensor has values of type %T, want []float32 or []float64", data)
	}
	return nil
}

// float64s returns the values of a float32 or float64 tensor.
func float64s(v G.Value) ([]float64, error) {
	if v == nil {
		return nil, fmt.Errorf("no value was read")
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
	return nil, fmt.Errorf("values of type %T, want []float32 or []float64", v.Data())
}
