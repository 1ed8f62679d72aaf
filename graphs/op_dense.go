package graphs

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	"github.com/neuralode/neuralode/graphs/internal/vecmath"
	"github.com/viterin/vek/vek32"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// denseOp is a fused dense layer y = act(x·W + b) on a batch of rows.
//
// With timeRow set, W has one row more than x has columns, and that last
// row multiplies the scalar time t: y = act([x, t]·W + b) without building
// the concatenation. The op reads the time-row as part of W, so the
// gradient of W covers it.
//
// Its gradient is built from five more fused ops: the delta
// dz = g ⊙ act'(y), the transpose W_xᵀ that all uses of W share, then
// dx = dz·W_xᵀ, dW = xᵀ·dz (plus the time row t·Σ_rows dz) and
// db = Σ_rows dz.
type denseOp struct {
	fusedOp
	act     Activation
	timeRow bool
	t       float64
	row     []float32 // scratch for the bias plus t times the time row
}

func (op *denseOp) Arity() int    { return 3 }
func (op *denseOp) Type() hm.Type { return matrixFnType(3) }
func (op *denseOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	rows, in, err := matrixShape(s[0])
	if err != nil {
		return nil, fmt.Errorf("dense x: %w", err)
	}
	wRows, out, err := matrixShape(s[1])
	if err != nil {
		return nil, fmt.Errorf("dense W: %w", err)
	}
	if want := op.weightRows(in); wRows != want {
		return nil, fmt.Errorf("dense: x has %d columns, so W needs %d rows, got shape %v", in, want, s[1])
	}
	if !s[2].Eq(tensor.Shape{1, out}) {
		return nil, fmt.Errorf("dense: bias shape %v, want (1, %d)", s[2], out)
	}
	return tensor.Shape{rows, out}, nil
}

func (op *denseOp) weightRows(in int) int {
	if op.timeRow {
		return in + 1
	}
	return in
}

func (op *denseOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	x, w, b := in[0], in[1], in[2]
	rows, cols := x.Shape()[0], x.Shape()[1]
	out := w.Shape()[1]
	y := op.out.get(x.Dtype(), rows, out)

	gemm(false, false, rows, out, cols, x, cols, w, out, 0, y, out)
	switch y.Dtype() {
	case tensor.Float32:
		row := op.biasRow32(backing[float32](b), backing[float32](w)[cols*out:])
		if err := biasActivate32(backing[float32](y), row, op.act); err != nil {
			return nil, fmt.Errorf("dense: %w", err)
		}
	case tensor.Float64:
		biasActivate(backing[float64](y), backing[float64](b), backing[float64](w)[cols*out:], op.timeRow, op.t, out, op.act)
	default:
		return nil, fmt.Errorf("dense: unsupported dtype %v", y.Dtype())
	}
	return y, nil
}

// biasRow32 returns the row added to every output row: the bias, plus t
// times the time row of W when the layer has one.
func (op *denseOp) biasRow32(bias, timeRow []float32) []float32 {
	if !op.timeRow || op.t == 0 {
		return bias
	}
	if len(op.row) != len(bias) {
		op.row = make([]float32, len(bias))
	}
	vek32.MulNumber_Into(op.row, timeRow, float32(op.t))
	vek32.Add_Inplace(op.row, bias)
	return op.row
}

// biasActivate32 adds row to every row of y and applies the activation in
// place. The tanh layers take one fused pass.
func biasActivate32(y, row []float32, act Activation) error {
	if act == Tanh {
		return vecmath.BiasTanh(y, row)
	}
	for start := 0; start < len(y); start += len(row) {
		vek32.Add_Inplace(y[start:start+len(row)], row)
	}
	applyActivation(y, act)
	return nil
}

// biasActivate adds the bias row (plus t times the time row) to every row
// of y and applies the activation in place.
func biasActivate[T float32 | float64](y, bias, timeRow []T, useTime bool, t T, cols int, act Activation) {
	row := bias
	if useTime && t != 0 {
		row = make([]T, cols)
		for j := range row {
			row[j] = bias[j] + t*timeRow[j]
		}
	}
	for start := 0; start < len(y); start += cols {
		r := y[start : start+cols]
		for j := range r {
			r[j] += row[j]
		}
	}
	applyActivation(y, act)
}

// applyActivation applies act to every element of y in place.
func applyActivation[T float32 | float64](y []T, act Activation) {
	switch act {
	case Tanh:
		for i, v := range y {
			y[i] = T(math.Tanh(float64(v)))
		}
	case ReLU:
		for i, v := range y {
			if v < 0 {
				y[i] = 0
			}
		}
	}
}

func (op *denseOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "dense{%v, %t, %v}", op.act, op.timeRow, op.t)
}
func (op *denseOp) Hashcode() uint32 { return hashOp(op) }
func (op *denseOp) String() string {
	if op.timeRow {
		return fmt.Sprintf("Dense[%v, t=%g]", op.act, op.t)
	}
	return fmt.Sprintf("Dense[%v]", op.act)
}

func (op *denseOp) DiffWRT(int) []bool { return []bool{true, true, true} }

func (op *denseOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	x, w := inputs[0], inputs[1]
	dz := grad
	if op.act != Identity {
		var err error
		if dz, err = G.ApplyOp(&denseDeltaOp{act: op.act}, output, grad); err != nil {
			return nil, err
		}
	}
	wt, err := G.ApplyOp(&weightTransposeOp{rows: x.Shape()[1]}, w)
	if err != nil {
		return nil, err
	}
	dx, err := G.ApplyOp(&denseInputGradOp{}, dz, wt)
	if err != nil {
		return nil, err
	}
	dw, err := G.ApplyOp(&denseWeightGradOp{timeRow: op.timeRow, t: op.t}, x, dz)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&colSumOp{}, dz)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dw, db}, nil
}

// dense adds act(x·W + b) to the graph as one fused node.
func dense(x, w, bias *G.Node, act Activation) (*G.Node, error) {
	return G.ApplyOp(&denseOp{act: act}, x, w, bias)
}

// denseAtTime adds act([x, t]·W + b) to the graph, where W has one row
// more than x has columns.
func denseAtTime(x, w, bias *G.Node, t float64, act Activation) (*G.Node, error) {
	return G.ApplyOp(&denseOp{act: act, timeRow: true, t: t}, x, w, bias)
}
