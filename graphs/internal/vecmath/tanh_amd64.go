package vecmath

import (
	"math"

	"golang.org/x/sys/cpu"
)

// useAVX2 reports whether the assembly kernels can run here. Tests turn
// it off to check the Go path.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// tanhConstants are the constants of biasTanh8, each repeated in the
// eight lanes of a YMM register. Their order is the layout that
// tanh_amd64.s reads, 32 bytes apart.
var tanhConstants = func() (c [13][8]float32) {
	values := [...]float32{
		math.Float32frombits(0x7fffffff), // mask of everything but the sign bit
		tanhClamp,
		math.Log2E,
		0.693359375,     // ln 2, high part
		-2.12194440e-4,  // ln 2 − high part
		1.9875691500e-4, // q in p(r) = 1 + r + r²·q(r), from r⁵ down to r⁰
		1.3981999507e-3,
		8.3334519073e-3,
		4.1665795894e-2,
		1.6666665459e-1,
		5.0000001201e-1,
		1,
		math.Float32frombits(127), // the float32 exponent bias, as an int32
	}
	for i, v := range values {
		for lane := range c[i] {
			c[i][lane] = v
		}
	}
	return c
}()

// biasTanh8 replaces y[i] by tanh(y[i] + bias[i]) for i < n, a multiple of 8.
//
//go:noescape
func biasTanh8(y, bias *float32, n int, constants *[13][8]float32)

// tanhDelta8 writes grad[i]·(1 − y[i]²) into dz[i] for i < n, a multiple of 8.
//
//go:noescape
func tanhDelta8(dz, y, grad *float32, n int)

func biasTanhRow(y, bias []float32) {
	n := len(y) &^ 7
	if !useAVX2 || n == 0 {
		biasTanhGo(y, bias)
		return
	}
	_ = bias[len(y)-1]
	biasTanh8(&y[0], &bias[0], n, &tanhConstants)
	biasTanhGo(y[n:], bias[n:])
}

func tanhDelta(dz, y, g []float32) {
	n := len(dz) &^ 7
	if !useAVX2 || n == 0 {
		tanhDeltaGo(dz, y, g)
		return
	}
	_, _ = y[len(dz)-1], g[len(dz)-1]
	tanhDelta8(&dz[0], &y[0], &g[0], n)
	tanhDeltaGo(dz[n:], y[n:], g[n:])
}
