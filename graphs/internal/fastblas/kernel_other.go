//go:build !amd64

package fastblas

var hasAVX2FMA = false

func kernel(k int, a panelA, b panelB, c []float32, ldc int) { kernelGo(k, a, b, c, ldc) }
