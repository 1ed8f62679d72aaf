//go:build openblas

// Package openblas is a BLAS for Gorgonia whose matrix products (Sgemm and
// Dgemm) call OpenBLAS through cgo. Every other routine is gonum's pure-Go
// implementation. It is compiled only with the openblas build tag and needs
// the OpenBLAS development files, on Debian the package libopenblas-dev.
package openblas
