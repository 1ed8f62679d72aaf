package graphs

import (
	"unsafe"

	"github.com/viterin/vek/vek32"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sumEngine is Gorgonia's StandardEngine with a vectorised float32 Add.
// Gorgonia sums the gradient contributions of a node with many readers by
// a chain of Add nodes. A weight that all solver steps share thus costs one
// 128×128 Add per dynamics evaluation, where tensor's Add loops over the
// values one by one. Programs run their tape machine with this engine, and
// the fused ops give it to their outputs, so those Adds take the fast path.
type sumEngine struct {
	G.StandardEngine
}

// Add computes a + b into the reuse tensor, or into a for an unsafe call,
// with vek for contiguous float32 tensors of one shape. The standard engine
// takes every other case: a safe call (which must allocate), an increment
// and a change of dtype.
func (e sumEngine) Add(a, b tensor.Tensor, opts ...tensor.FuncOpt) (tensor.Tensor, error) {
	if dst, ok := e.float32Dst(a, b, opts); ok {
		d, x, y := backing[float32](dst), backing[float32](a.(*tensor.Dense)), backing[float32](b.(*tensor.Dense))
		switch {
		case len(d) == 0:
			return dst, nil
		case &d[0] == &x[0]: // the reuse tensor is a, or an unsafe call
			vek32.Add_Inplace(d, y)
			return dst, nil
		case &d[0] == &y[0]:
			vek32.Add_Inplace(d, x)
			return dst, nil
		case !overlaps(d, x) && !overlaps(d, y):
			vek32.Add_Into(d, x, y)
			return dst, nil
		}
	}
	return e.StandardEngine.Add(a, b, opts...)
}

// overlaps reports whether two float32 slices share memory.
func overlaps(x, y []float32) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	xStart, yStart := uintptr(unsafe.Pointer(&x[0])), uintptr(unsafe.Pointer(&y[0]))
	xEnd, yEnd := xStart+uintptr(4*len(x)), yStart+uintptr(4*len(y))
	return xStart < yEnd && yStart < xEnd
}

// float32Dst returns where Add writes when the fast path applies.
func (sumEngine) float32Dst(a, b tensor.Tensor, opts []tensor.FuncOpt) (*tensor.Dense, bool) {
	ad, aok := a.(*tensor.Dense)
	bd, bok := b.(*tensor.Dense)
	if !aok || !bok || !contiguous32(ad) || !contiguous32(bd) || !ad.Shape().Eq(bd.Shape()) {
		return nil, false
	}
	fo := tensor.ParseFuncOpts(opts...)
	if fo.Incr() != nil || (fo.As() != tensor.Dtype{} && fo.As() != tensor.Float32) {
		return nil, false
	}
	if reuse := fo.Reuse(); reuse != nil {
		rd, ok := reuse.(*tensor.Dense)
		if !ok || !contiguous32(rd) || !rd.Shape().Eq(ad.Shape()) {
			return nil, false // the standard engine reshapes the reuse tensor
		}
		return rd, true
	}
	if !fo.Safe() {
		return ad, true
	}
	return nil, false
}

// contiguous32 reports whether d is a float32 tensor whose values lie in
// order in its storage.
func contiguous32(d *tensor.Dense) bool {
	return d.Dtype() == tensor.Float32 && !d.RequiresIterator() && !d.IsMasked() && d.DataSize() == d.Shape().TotalSize()
}
