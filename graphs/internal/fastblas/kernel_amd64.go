package fastblas

import "golang.org/x/sys/cpu"

// kernel6x16 is the AVX2/FMA micro-kernel in kernel_amd64.s. It overwrites
// the 6×16 tile at c, whose rows are ldc values apart, with the product of
// the packed panels a (k×6) and b (k×16).
//
//go:noescape
func kernel6x16(k int, a, b, c *float32, ldc int)

// hasAVX2FMA reports whether the assembly micro-kernel can run here.
var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel computes one tile; c must hold the tile's last row, which the
// bounds check below enforces before the assembly writes to it.
func kernel(k int, a, b, c []float32, ldc int) {
	if !hasAVX2FMA {
		kernelGo(k, a, b, c, ldc)
		return
	}
	_ = a[k*mr-1]
	_ = b[k*nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	kernel6x16(k, &a[0], &b[0], &c[0], ldc)
}
