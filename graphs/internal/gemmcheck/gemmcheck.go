// Package gemmcheck checks the arguments of a row-major GEMM call, C =
// alpha·op(A)·op(B) + beta·C, as the reference BLAS does before any
// work. The faster products of this module call it first. A wrong leading
// dimension or a short slice then panics with a message, where assembly
// or C code would read or write past the end of a slice unnoticed.
package gemmcheck

import "fmt"

// Check panics unless the sizes, leading dimensions and slice lengths
// describe a valid product: op(A) is m×k, op(B) is k×n and C is m×n, with
// transA and transB telling whether A and B are stored transposed.
func Check(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative size m = %d, n = %d, k = %d", m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	checkMatrix("A", rowsA, colsA, lenA, lda)
	checkMatrix("B", rowsB, colsB, lenB, ldb)
	checkMatrix("C", m, n, lenC, ldc)
}

// checkMatrix checks one rows × cols operand stored with leading
// dimension ld in a slice of length n.
func checkMatrix(name string, rows, cols, n, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("gemm: leading dimension of %s is %d, want at least %d", name, ld, max(1, cols)))
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need := ld*(rows-1) + cols; n < need {
		panic(fmt.Sprintf("gemm: %s has %d values, a %d×%d matrix with leading dimension %d needs %d", name, n, rows, cols, ld, need))
	}
}
