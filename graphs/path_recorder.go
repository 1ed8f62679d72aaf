package graphs

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// PathRecorder runs the forward pass of a model and keeps a copy of the
// hidden state after the lift and after every solver step or block.
//
// A Program cannot do this. Gorgonia's tape machine reuses the memory of a
// node once its last reader has run, so after a run the state nodes of an
// unrolled solve hold later values (in Gorgonia v0.9.18 all of them show
// the same one). The recorder copies each state with G.Read while it is
// current.
type PathRecorder struct {
	Model Model
	Batch int

	x      *G.Node
	times  []float64
	states []G.Value
	logits G.Value
	vm     G.VM
}

// NewPathRecorder compiles the forward pass of m for batches of up to batch
// points.
func NewPathRecorder(m Model, dt tensor.Dtype, batch int) (*PathRecorder, error) {
	if batch < 1 {
		return nil, fmt.Errorf("record %s: batch size %d, want at least 1", m.Name(), batch)
	}
	params := m.Params()
	if len(params) == 0 {
		return nil, fmt.Errorf("record %s: model has no parameters", m.Name())
	}
	b := NewBuilder(dt)
	r := &PathRecorder{Model: m, Batch: batch}
	r.x = b.Input("x", batch, params[0].Value.Shape()[0]) // the first parameter is the lift's weight matrix
	out, err := m.Forward(b, r.x)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", m.Name(), err)
	}
	if out.Path == nil {
		return nil, fmt.Errorf("record %s: the model has no state path", m.Name())
	}
	r.times = append([]float64(nil), out.Path.Times...)
	r.states = make([]G.Value, len(out.Path.States))
	for k, state := range out.Path.States {
		G.Read(state, &r.states[k])
	}
	G.Read(out.Logits, &r.logits)
	r.vm = G.NewTapeMachine(b.Graph)
	return r, nil
}

// Close releases the machine.
func (r *PathRecorder) Close() error { return r.vm.Close() }

// Path is the recorded forward pass of a set of points.
type Path struct {
	// Times holds the time of each state.
	Times []float64
	// States holds, per time, the hidden states of all points row by row.
	States [][]float64
	// Dim is the width of a hidden state.
	Dim int
	// Logits holds the logits of each point.
	Logits [][]float64
}

// Record runs the model on all points x (x0, y0, x1, y1, … for 2-D inputs)
// in chunks of the batch size.
func (r *PathRecorder) Record(x []float64) (*Path, error) {
	in := r.x.Shape()[1]
	if len(x) == 0 || len(x)%in != 0 {
		return nil, fmt.Errorf("record %s: %d input values, want a positive multiple of the input width %d", r.Model.Name(), len(x), in)
	}
	n := len(x) / in
	p := &Path{Times: r.times, States: make([][]float64, len(r.states))}
	for start := 0; start < n; start += r.Batch {
		end := min(start+r.Batch, n)
		padded := make([]float64, r.Batch*in)
		copy(padded, x[start*in:end*in])
		if err := setValues(r.x.Value(), padded); err != nil {
			return nil, err
		}
		if err := r.vm.RunAll(); err != nil {
			r.vm.Reset()
			return nil, fmt.Errorf("record %s: %w", r.Model.Name(), err)
		}
		r.vm.Reset()
		for k, v := range r.states {
			values := valueFloat64s(v)
			p.Dim = len(values) / r.Batch
			p.States[k] = append(p.States[k], values[:(end-start)*p.Dim]...)
		}
		logits := valueFloat64s(r.logits)
		classes := len(logits) / r.Batch
		for i := range end - start {
			p.Logits = append(p.Logits, logits[i*classes:(i+1)*classes])
		}
	}
	return p, nil
}
