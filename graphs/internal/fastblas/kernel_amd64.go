package fastblas

import "golang.org/x/sys/cpu"

// kernel6x16 is the AVX2/FMA micro-kernel in kernel_amd64.s. It overwrites
// the 6×16 tile at c, whose rows are ldc values apart, with the product of
// an A panel of k columns of 6 adjacent values, lda values apart, and a B
// panel of k rows of 16 adjacent values, ldb values apart.
//
//go:noescape
func kernel6x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int)

// kernel6x16Rows is kernel6x16 with the A panel read from six rows of a
// row-major matrix, lda values apart.
//
//go:noescape
func kernel6x16Rows(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int)

// hasAVX2FMA reports whether the assembly micro-kernel can run here.
var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel computes one tile from an A panel a in one of three layouts:
// packed, a transposed A read in place, or six rows of A read in place
// (see panelA). The bounds checks below make sure that the assembly reads
// and writes inside the slices.
func kernel(k int, a panelA, b panelB, c []float32, ldc int) {
	if !hasAVX2FMA {
		kernelGo(k, a, b, c, ldc)
		return
	}
	_ = b.data[(k-1)*b.ld+nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	if a.rows {
		_ = a.data[(mr-1)*a.ld+k-1]
		kernel6x16Rows(k, &a.data[0], a.ld, &b.data[0], b.ld, &c[0], ldc)
		return
	}
	_ = a.data[(k-1)*a.ld+mr-1]
	kernel6x16(k, &a.data[0], a.ld, &b.data[0], b.ld, &c[0], ldc)
}
