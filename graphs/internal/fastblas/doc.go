// Package fastblas is a BLAS for Gorgonia with a faster single-precision
// matrix product (Sgemm). Every other routine, including Dgemm, is gonum's
// pure-Go implementation.
//
// Sgemm follows the blocking of BLIS (Van Zee and van de Geijn, "BLIS: A
// Framework for Rapidly Instantiating BLAS Functionality", ACM TOMS 2015):
// op(A) is packed into panels of 6 rows and op(B) into panels of 16
// columns, and a micro-kernel multiplies one pair of panels into a 6×16
// tile of C held in twelve AVX2 registers. Transposed operands are read
// transposed while packing, so no transpose is ever materialised. The row
// panels are split across the available cores.
//
// The micro-kernel is Go assembly (AVX2 and FMA), so the build needs no C
// toolchain. On CPUs without those extensions, and on other architectures,
// a Go micro-kernel with the same packing takes its place.
package fastblas
