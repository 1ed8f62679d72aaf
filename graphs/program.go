package graphs

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Program is a model compiled once into one graph for a fixed batch size
// and run for every batch. A training program also holds the
// cross-entropy loss and the gradient of every parameter.
//
// A batch may be smaller than the program's batch size, such as the last
// batch of an epoch. The remaining rows are zero-padded and carry zero
// weight in the loss, so the loss is the mean over the real samples and the
// graph stays the same.
type Program struct {
	Model  Model
	Batch  int
	Params []*Param
	// Evals is the number of evaluations of the dynamics in one forward
	// pass (zero for models without dynamics).
	Evals int

	builder *Builder
	output  *Output
	x       *G.Node // (Batch, In) inputs
	targets *G.Node // (Batch, Classes) one-hot labels times each row's loss weight
	loss    *G.Node
	grads   G.Nodes
	vm      G.VM

	rows int // rows of the current batch
}

// Compile builds the graph of m for batches of up to batch rows. With
// train set it adds the loss and its gradients.
func Compile(m Model, dt tensor.Dtype, batch int, train bool) (*Program, error) {
	return compile(m, dt, batch, train, false)
}

// CompileStock is Compile with Gorgonia's stock ops in place of the fused
// ops of this package (see Builder.Stock). The plain graph computes the
// same values more slowly and serves as the baseline of benchmarks.
func CompileStock(m Model, dt tensor.Dtype, batch int, train bool) (*Program, error) {
	return compile(m, dt, batch, train, true)
}

// compile is Compile with a choice of stock ops (see Builder.Stock).
func compile(m Model, dt tensor.Dtype, batch int, train, stock bool) (*Program, error) {
	if batch < 1 {
		return nil, fmt.Errorf("compile %s: batch size %d, want at least 1", m.Name(), batch)
	}
	params := m.Params()
	if len(params) == 0 {
		return nil, fmt.Errorf("compile %s: model has no parameters", m.Name())
	}
	in := params[0].Value.Shape()[0] // the first parameter is the lift's weight matrix
	b := NewBuilder(dt)
	b.Stock = stock
	p := &Program{Model: m, Batch: batch, Params: params, builder: b}

	p.x = b.Input("x", batch, in)
	out, err := m.Forward(b, p.x)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", m.Name(), err)
	}
	p.output = out
	if out.Path != nil {
		p.Evals = out.Path.Evals
	}

	classes := out.Logits.Shape()[1]
	p.targets = b.Input("targets", batch, classes)
	if p.loss, err = crossEntropy(b, out.Logits, p.targets); err != nil {
		return nil, fmt.Errorf("compile %s: loss: %w", m.Name(), err)
	}

	if train {
		// The gradients must line up with m.Params(), which Step hands to
		// the optimizer. The builder lists parameters in the order the
		// graph first uses them, which differs for dynamics whose Bind
		// binds its parameters in another order than Params lists them.
		wrt := make(G.Nodes, len(params))
		for i, param := range params {
			wrt[i] = b.Node(param)
		}
		if p.grads, err = G.Grad(p.loss, wrt...); err != nil {
			return nil, fmt.Errorf("compile %s: gradients: %w", m.Name(), err)
		}
	}
	p.vm = G.NewTapeMachine(b.Graph, G.WithEngine(sumEngine{}))
	return p, nil
}

// crossEntropy returns -Σ targets ⊙ log softmax(logits). With one-hot rows
// scaled by 1/n this is the mean cross-entropy over n samples.
// The fused op computes it stably; the stock graph keeps Gorgonia's
// LogSoftMax, whose shift can overflow for large logits (see
// crossEntropyOp).
func crossEntropy(b *Builder, logits, targets *G.Node) (*G.Node, error) {
	if !b.Stock {
		return G.ApplyOp(&crossEntropyOp{}, logits, targets)
	}
	logp, err := G.LogSoftMax(logits)
	if err != nil {
		return nil, err
	}
	picked, err := G.HadamardProd(targets, logp)
	if err != nil {
		return nil, err
	}
	total, err := G.Sum(picked)
	if err != nil {
		return nil, err
	}
	return G.Neg(total)
}

// Graph returns the expression graph, for inspection.
func (p *Program) Graph() *G.ExprGraph { return p.builder.Graph }

// Builder returns the builder the program was compiled with.
func (p *Program) Builder() *Builder { return p.builder }

// Output returns the forward-pass nodes.
func (p *Program) Output() *Output { return p.output }

// Load copies a batch into the input nodes: x holds len(labels) rows of
// In values each, and labels holds class indices. Rows past len(labels) are
// zero with zero loss weight.
func (p *Program) Load(x []float64, labels []int) error {
	return p.loadWeighted(x, labels, 1/float64(len(labels)))
}

// loadWeighted is Load with an explicit loss weight per row, so that
// replicas that share a batch weigh each row by 1/(whole batch).
func (p *Program) loadWeighted(x []float64, labels []int, weight float64) error {
	if err := loadBatch(p.x, p.targets, x, labels, weight); err != nil {
		return err
	}
	p.rows = len(labels)
	return nil
}

// loadBatch copies a batch into the input node x and the loss weights into
// targets, as Program.Load describes, with weight as each real row's loss
// weight. The batch size is the number of rows of x.
func loadBatch(xNode, targetsNode *G.Node, x []float64, labels []int, weight float64) error {
	batch := xNode.Shape()[0]
	n := len(labels)
	if n < 1 || n > batch {
		return fmt.Errorf("load: %d samples, want 1 to %d", n, batch)
	}
	in := xNode.Shape()[1]
	if len(x) != n*in {
		return fmt.Errorf("load: %d input values for %d samples of width %d", len(x), n, in)
	}
	classes := targetsNode.Shape()[1]
	targets := make([]float64, batch*classes)
	for i, c := range labels {
		if c < 0 || c >= classes {
			return fmt.Errorf("load: label %d at row %d, want 0 to %d", c, i, classes-1)
		}
		targets[i*classes+c] = weight
	}
	padded := make([]float64, batch*in)
	copy(padded, x)
	if err := setValues(xNode.Value(), padded); err != nil {
		return err
	}
	return setValues(targetsNode.Value(), targets)
}

// Run executes the graph once on the loaded batch.
func (p *Program) Run() error {
	defer p.vm.Reset()
	return p.vm.RunAll()
}

// Loss returns the loss of the last run.
func (p *Program) Loss() float64 { return scalarValue(p.loss.Value()) }

// Logits returns the logits of the last run for the real rows, one slice
// of Classes values per row.
func (p *Program) Logits() [][]float64 { return logitRows(p.output.Logits, p.rows) }

// Correct returns how many real rows of the last run have their label as
// the largest logit.
func (p *Program) Correct(labels []int) int { return countCorrect(p.Logits(), labels) }

// logitRows returns the first rows rows of a (batch, classes) logits node.
func logitRows(logits *G.Node, rows int) [][]float64 {
	values := valueFloat64s(logits.Value())
	classes := logits.Shape()[1]
	out := make([][]float64, rows)
	for i := range out {
		out[i] = values[i*classes : (i+1)*classes]
	}
	return out
}

// countCorrect returns how many rows have their label as the largest logit.
func countCorrect(logits [][]float64, labels []int) int {
	correct := 0
	for i, row := range logits {
		if argmax(row) == labels[i] {
			correct++
		}
	}
	return correct
}

// Gradients returns the gradient nodes, aligned with Params. They are nil
// for a program compiled without training.
func (p *Program) Gradients() G.Nodes { return p.grads }

// Close releases the machine.
func (p *Program) Close() error { return p.vm.Close() }

func argmax(row []float64) int {
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
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
		return fmt.Errorf("unsupported value type %T", data)
	}
	return nil
}

// valueFloat64s returns the values of a float32 or float64 tensor.
func valueFloat64s(v G.Value) []float64 {
	switch data := v.Data().(type) {
	case []float32:
		out := make([]float64, len(data))
		for i, x := range data {
			out[i] = float64(x)
		}
		return out
	case []float64:
		return append([]float64(nil), data...)
	case float32:
		return []float64{float64(data)}
	case float64:
		return []float64{data}
	}
	return []float64{math.NaN()}
}

func scalarValue(v G.Value) float64 {
	if v == nil {
		return math.NaN()
	}
	return valueFloat64s(v)[0]
}
