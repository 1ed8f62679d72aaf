//go:build openblas

package graphs

import (
	"github.com/neuralode/neuralode/graphs/internal/openblas"
	G "gorgonia.org/gorgonia"
)

// With the openblas build tag, matrix products call OpenBLAS through cgo.
const (
	blasName  = "OpenBLAS (cgo) + gonum"
	buildTags = "openblas"
)

func init() { G.Use(openblas.Implementation{}) }

// reserveCores does nothing: OpenBLAS runs single-threaded in this build.
func reserveCores(int) (release func()) { return func() {} }
