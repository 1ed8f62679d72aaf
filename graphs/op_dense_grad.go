package graphs

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	"github.com/neuralode/neuralode/graphs/internal/vecmath"
	"github.com/viterin/vek/vek32"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The ops in this file form the gradient of denseOp. They are not
// differentiated again, so they do not implement SymDiff.

// fusedOp holds what the fused ops share: a reusable output buffer, no
// pointer return and no overwriting of inputs.
type fusedOp struct {
	out outBuffer
}

func (*fusedOp) ReturnsPtr() bool     { return false }
func (*fusedOp) CallsExtern() bool    { return false }
func (*fusedOp) OverwritesInput() int { return -1 }

// matrixFnType is the type of an op from arity matrices of one dtype to a
// matrix of that dtype.
func matrixFnType(arity int) hm.Type {
	a := hm.TypeVariable('a')
	types := make([]hm.Type, arity+1)
	for i := range types {
		types[i] = a
	}
	return hm.NewFnType(types...)
}

// hashOp hashes an op by its WriteHash.
func hashOp(op interface{ WriteHash(hash.Hash) }) uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}

// denseDeltaOp computes dz = g ⊙ act'(y) from the layer output y and the
// incoming gradient g.
type denseDeltaOp struct {
	fusedOp
	act Activation
}

func (op *denseDeltaOp) Arity() int            { return 2 }
func (op *denseDeltaOp) Type() hm.Type         { return matrixFnType(2) }
func (op *denseDeltaOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op *denseDeltaOp) Hashcode() uint32      { return hashOp(op) }
func (op *denseDeltaOp) String() string        { return fmt.Sprintf("DenseDelta[%v]", op.act) }
func (op *denseDeltaOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	if !s[0].Eq(s[1]) {
		return nil, fmt.Errorf("dense delta: output %v and gradient %v differ in shape", s[0], s[1])
	}
	return s[0].Clone(), nil
}
func (op *denseDeltaOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	y, g := in[0], in[1]
	dz := op.out.get(y.Dtype(), y.Shape()...)
	switch dz.Dtype() {
	case tensor.Float32:
		err = activationDelta(backing[float32](dz), backing[float32](y), backing[float32](g), op.act)
	case tensor.Float64:
		err = activationDelta(backing[float64](dz), backing[float64](y), backing[float64](g), op.act)
	default:
		err = fmt.Errorf("unsupported dtype %v", y.Dtype())
	}
	if err != nil {
		return nil, fmt.Errorf("dense delta: %w", err)
	}
	return dz, nil
}

// activationDelta writes g ⊙ act'(y) into dz, with the derivative written
// in terms of the output y: 1 − y² for tanh, [y > 0] for ReLU.
func activationDelta[T float32 | float64](dz, y, g []T, act Activation) error {
	if d, ok := any(dz).([]float32); ok && act == Tanh {
		return vecmath.TanhDelta(d, any(y).([]float32), any(g).([]float32))
	}
	switch act {
	case Tanh:
		for i := range dz {
			dz[i] = g[i] * (1 - y[i]*y[i])
		}
	case ReLU:
		for i := range dz {
			if y[i] > 0 {
				dz[i] = g[i]
			} else {
				dz[i] = 0
			}
		}
	default:
		copy(dz, g)
	}
	return nil
}

// weightTransposeOp computes W_xᵀ, the transpose of the first rows of W
// (all of W, or all but the time row). Every input gradient of a layer
// reads it. Gorgonia merges nodes with the same op and inputs, so a weight
// shared by all solver steps gets one transpose node, computed once per
// run, and the products dz·W_xᵀ read it in place.
type weightTransposeOp struct {
	fusedOp
	rows int
}

func (op *weightTransposeOp) Arity() int            { return 1 }
func (op *weightTransposeOp) Type() hm.Type         { return matrixFnType(1) }
func (op *weightTransposeOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "WeightTranspose{%d}", op.rows) }
func (op *weightTransposeOp) Hashcode() uint32      { return hashOp(op) }
func (op *weightTransposeOp) String() string        { return fmt.Sprintf("WeightTranspose[%d rows]", op.rows) }
func (op *weightTransposeOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	rows, cols, err := matrixShape(s[0])
	if err != nil {
		return nil, fmt.Errorf("weight transpose: %w", err)
	}
	if op.rows > rows {
		return nil, fmt.Errorf("weight transpose: %d rows requested from W of shape %v", op.rows, s[0])
	}
	return tensor.Shape{cols, op.rows}, nil
}
func (op *weightTransposeOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	w := in[0]
	cols := w.Shape()[1]
	wt := op.out.get(w.Dtype(), cols, op.rows)
	switch wt.Dtype() {
	case tensor.Float32:
		transposeRows(backing[float32](wt), backing[float32](w), op.rows, cols)
	case tensor.Float64:
		transposeRows(backing[float64](wt), backing[float64](w), op.rows, cols)
	default:
		return nil, fmt.Errorf("weight transpose: unsupported dtype %v", w.Dtype())
	}
	return wt, nil
}

// transposeRows writes the transpose of the first rows × cols block of the
// row-major w into dst, which has rows columns.
func transposeRows[T float32 | float64](dst, w []T, rows, cols int) {
	for i := range rows {
		for j, v := range w[i*cols : (i+1)*cols] {
			dst[j*rows+i] = v
		}
	}
}

// denseInputGradOp computes dx = dz·W_xᵀ from dz and the transpose node of
// weightTransposeOp.
type denseInputGradOp struct {
	fusedOp
}

func (op *denseInputGradOp) Arity() int            { return 2 }
func (op *denseInputGradOp) Type() hm.Type         { return matrixFnType(2) }
func (op *denseInputGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, "DenseInputGrad") }
func (op *denseInputGradOp) Hashcode() uint32      { return hashOp(op) }
func (op *denseInputGradOp) String() string        { return "DenseInputGrad" }
func (op *denseInputGradOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	if s[0][1] != s[1][0] {
		return nil, fmt.Errorf("dense input gradient: dz %v does not match W_xᵀ %v", s[0], s[1])
	}
	return tensor.Shape{s[0][0], s[1][1]}, nil
}
func (op *denseInputGradOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	dz, wt := in[0], in[1]
	rows, out := dz.Shape()[0], dz.Shape()[1]
	cols := wt.Shape()[1]
	dx := op.out.get(dz.Dtype(), rows, cols)
	gemm(false, false, rows, cols, out, dz, out, wt, cols, 0, dx, cols)
	return dx, nil
}

// denseWeightGradOp computes dW = xᵀ·dz, plus the time row t·Σ_rows dz
// when the layer has one.
type denseWeightGradOp struct {
	fusedOp
	timeRow bool
	t       float64
}

func (op *denseWeightGradOp) Arity() int    { return 2 }
func (op *denseWeightGradOp) Type() hm.Type { return matrixFnType(2) }
func (op *denseWeightGradOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "DenseWeightGrad{%t, %v}", op.timeRow, op.t)
}
func (op *denseWeightGradOp) Hashcode() uint32 { return hashOp(op) }
func (op *denseWeightGradOp) String() string   { return "DenseWeightGrad" }
func (op *denseWeightGradOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	rows := s[0][1]
	if op.timeRow {
		rows++
	}
	return tensor.Shape{rows, s[1][1]}, nil
}
func (op *denseWeightGradOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	x, dz := in[0], in[1]
	batch, cols := x.Shape()[0], x.Shape()[1]
	out := dz.Shape()[1]
	wRows := cols
	if op.timeRow {
		wRows++
	}
	dw := op.out.get(x.Dtype(), wRows, out)
	gemm(true, false, cols, out, batch, x, cols, dz, out, 0, dw, out)
	if op.timeRow {
		switch dw.Dtype() {
		case tensor.Float32:
			scaledColumnSums(backing[float32](dw)[cols*out:], backing[float32](dz), out, float32(op.t))
		case tensor.Float64:
			scaledColumnSums(backing[float64](dw)[cols*out:], backing[float64](dz), out, op.t)
		}
	}
	return dw, nil
}

// colSumOp computes the (1, cols) row of column sums: the bias gradient.
type colSumOp struct {
	fusedOp
}

func (op *colSumOp) Arity() int            { return 1 }
func (op *colSumOp) Type() hm.Type         { return matrixFnType(1) }
func (op *colSumOp) WriteHash(h hash.Hash) { fmt.Fprint(h, "ColSum") }
func (op *colSumOp) Hashcode() uint32      { return hashOp(op) }
func (op *colSumOp) String() string        { return "ColSum" }
func (op *colSumOp) InferShape(inputs ...G.DimSizer) (tensor.Shape, error) {
	s, err := shapesOf(inputs)
	if err != nil {
		return nil, err
	}
	return tensor.Shape{1, s[0][1]}, nil
}
func (op *colSumOp) Do(values ...G.Value) (G.Value, error) {
	in, err := denseInputs(values)
	if err != nil {
		return nil, err
	}
	dz := in[0]
	cols := dz.Shape()[1]
	db := op.out.get(dz.Dtype(), 1, cols)
	switch db.Dtype() {
	case tensor.Float32:
		scaledColumnSums(backing[float32](db), backing[float32](dz), cols, 1)
	case tensor.Float64:
		scaledColumnSums(backing[float64](db), backing[float64](dz), cols, 1)
	}
	return db, nil
}

// scaledColumnSums writes scale·Σ_rows m[row, j] into dst[j].
func scaledColumnSums[T float32 | float64](dst, m []T, cols int, scale T) {
	clear(dst)
	if d, ok := any(dst).([]float32); ok { // vectorised row additions
		m32 := any(m).([]float32)
		for start := 0; start < len(m32); start += cols {
			vek32.Add_Inplace(d, m32[start:start+cols])
		}
		if scale != 1 {
			vek32.MulNumber_Inplace(d, float32(scale))
		}
		return
	}
	for start := 0; start < len(m); start += cols {
		row := m[start : start+cols]
		for j, v := range row {
			dst[j] += v
		}
	}
	if scale != 1 {
		for j := range dst {
			dst[j] *= scale
		}
	}
}
