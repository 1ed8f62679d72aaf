package vecmath

import (
	"fmt"
	"math"
)

// tanhClamp bounds 2|x| before the exponential. tanh(20) rounds to 1 in
// float32, and e^40 is far from float32 overflow.
const tanhClamp = 40

// BiasTanh replaces every y by tanh(y + bias[j]), where j is the column of
// y in rows of len(bias) values. NaN stays NaN and ±Inf becomes ±1. The
// absolute error is below 3e-7 on every input.
//
// NOTE: the relative error grows near zero on the AVX2 path, because
// 1 − 2/(e^{2|x|} + 1) cancels there: tanh(1e-6) comes out about 5% off
// and tanh(3e-8) as 0. Only the absolute error is bounded, by the 3e-7
// above.
func BiasTanh(y, bias []float32) error {
	cols := len(bias)
	if cols == 0 || len(y)%cols != 0 {
		return fmt.Errorf("bias tanh: %d values do not form rows of the bias length %d", len(y), cols)
	}
	for start := 0; start < len(y); start += cols {
		biasTanhRow(y[start:start+cols], bias)
	}
	return nil
}

// TanhDelta writes g ⊙ (1 − y²) into dz: the gradient through y = tanh(x)
// from the output y and the incoming gradient g.
func TanhDelta(dz, y, g []float32) error {
	if len(y) != len(dz) || len(g) != len(dz) {
		return fmt.Errorf("tanh delta: lengths %d (dz), %d (y) and %d (g) differ", len(dz), len(y), len(g))
	}
	tanhDelta(dz, y, g)
	return nil
}

// biasTanhGo is BiasTanh for one row, in Go.
func biasTanhGo(y, bias []float32) {
	bias = bias[:len(y)]
	for i, v := range y {
		y[i] = tanh32(v + bias[i])
	}
}

// tanh32 is the kernel's formula for one value, with math.Exp.
func tanh32(x float32) float32 {
	z := math.Min(2*math.Abs(float64(x)), tanhClamp)
	if math.IsNaN(z) {
		return x
	}
	t := float32(1 - 2/(math.Exp(z)+1))
	if x < 0 {
		return -t
	}
	return t
}

// tanhDeltaGo is tanhDelta in Go.
func tanhDeltaGo(dz, y, g []float32) {
	y, g = y[:len(dz)], g[:len(dz)]
	for i := range dz {
		dz[i] = g[i] * (1 - y[i]*y[i])
	}
}
