//go:build !openblas

package graphs

import (
	"github.com/neuralode/neuralode/graphs/internal/fastblas"
	G "gorgonia.org/gorgonia"
)

// The default build stays pure Go (Go and Go assembly, no cgo): float32
// matrix products run on the AVX2 micro-kernel of graphs/internal/fastblas,
// everything else on gonum.
const (
	blasName  = "fastblas AVX2 Sgemm + gonum (pure Go)"
	buildTags = ""
)

func init() { G.Use(fastblas.Implementation{}) }

// reserveCores tells the BLAS that n graph replicas run in parallel, so that
// its matrix products stay on their calling goroutines.
func reserveCores(n int) (release func()) { return fastblas.Reserve(n) }
