package graphs

import (
	"fmt"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The fused ops of this package keep their output tensor between runs.
// Gorgonia's tape machine forgets every intermediate value on Reset and
// would otherwise allocate all of them again for each batch. Reusing the
// buffer is safe because the machine runs the tape in order: by the time an
// op overwrites its output in the next run, every reader of the previous
// value has finished.

// outBuffer is an op's reusable output tensor.
type outBuffer struct {
	t *tensor.Dense
}

// get returns a tensor of the given dtype and shape, reusing the previous
// one when it matches.
func (o *outBuffer) get(dt tensor.Dtype, shape ...int) *tensor.Dense {
	if o.t == nil || o.t.Dtype() != dt || !o.t.Shape().Eq(tensor.Shape(shape)) {
		o.t = tensor.New(tensor.WithShape(shape...), tensor.Of(dt), tensor.WithEngine(sumEngine{}))
	}
	return o.t
}

// denseInput returns v as a contiguous *tensor.Dense, copying views that
// need an iterator, such as transposes.
func denseInput(v G.Value) (*tensor.Dense, error) {
	d, ok := v.(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("fused op: want a *tensor.Dense input, got %T", v)
	}
	if d.RequiresIterator() {
		return d.Materialize().(*tensor.Dense), nil
	}
	return d, nil
}

// denseInputs converts every input with denseInput and checks that all
// share one dtype, which the ops' reads through backing rely on.
func denseInputs(values []G.Value) ([]*tensor.Dense, error) {
	out := make([]*tensor.Dense, len(values))
	for i, v := range values {
		d, err := denseInput(v)
		if err != nil {
			return nil, err
		}
		if i > 0 && d.Dtype() != out[0].Dtype() {
			return nil, fmt.Errorf("fused op: input %d has dtype %v, input 0 has %v", i, d.Dtype(), out[0].Dtype())
		}
		out[i] = d
	}
	return out, nil
}

// backing returns the values of the contiguous tensor d, whose dtype the
// caller has checked to be T. It reads the storage bytes in place
// (Dense.Raw) because Dense.Data builds the slice through reflection and
// allocates on every call, and the fused ops make thousands of calls per
// training step.
func backing[T float32 | float64](d *tensor.Dense) []T {
	raw := d.Raw
	if len(raw) == 0 {
		return nil
	}
	var zero T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/int(unsafe.Sizeof(zero)))
}

// gemm computes C = op(A)·op(B) (beta = 0) or C += op(A)·op(B) (beta = 1)
// for row-major float32 or float64 slices through the BLAS that Gorgonia
// uses, so a build tag that swaps the BLAS also speeds up the fused ops.
func gemm(transA, transB bool, m, n, k int, a *tensor.Dense, lda int, b *tensor.Dense, ldb int, beta float64, c *tensor.Dense, ldc int) {
	tA, tB := blas.NoTrans, blas.NoTrans
	if transA {
		tA = blas.Trans
	}
	if transB {
		tB = blas.Trans
	}
	impl := G.WhichBLAS()
	switch c.Dtype() {
	case tensor.Float32:
		impl.Sgemm(tA, tB, m, n, k, 1, backing[float32](a), lda, backing[float32](b), ldb, float32(beta), backing[float32](c), ldc)
	case tensor.Float64:
		impl.Dgemm(tA, tB, m, n, k, 1, backing[float64](a), lda, backing[float64](b), ldb, beta, backing[float64](c), ldc)
	default:
		panic(fmt.Sprintf("graphs: gemm on dtype %v", c.Dtype()))
	}
}

// matrixShape returns the (rows, cols) of a 2-D shape.
func matrixShape(s tensor.Shape) (int, int, error) {
	if s.Dims() != 2 {
		return 0, 0, fmt.Errorf("want a matrix, got shape %v", s)
	}
	return s[0], s[1], nil
}

// shapesOf converts the DimSizers that InferShape receives.
func shapesOf(inputs []G.DimSizer) ([]tensor.Shape, error) {
	out := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		s, ok := in.(tensor.Shape)
		if !ok {
			return nil, fmt.Errorf("input %d: want a tensor.Shape, got %T", i, in)
		}
		out[i] = s
	}
	return out, nil
}
