// Package vecmath holds the element-wise float32 kernels of training: the
// bias and tanh of a dense layer's forward pass in one sweep, the tanh
// derivative of the backward pass, and the Adam update.
//
// Each kernel makes a single pass over memory with AVX2 and FMA on amd64.
// The tanh is 1 − 2/(e^{2|x|} + 1) with the sign of x restored, and the
// exponential follows Cephes' expf (Moshier, "Methods and Programs for
// Mathematical Functions", 1989): 2^n·p(r) with n = round(z·log2 e),
// r = z − n·ln 2 split in two parts, and a degree-7 polynomial p. Other
// CPUs and architectures run the same formula in Go, in float64 with
// math.Exp, so the two paths can differ in the last bits.
package vecmath
