//go:build openblas

package graphs

import (
	"fmt"
	"testing"

	"github.com/neuralode/neuralode/graphs/internal/fastblas"
	"github.com/neuralode/neuralode/graphs/internal/openblas"
	"gonum.org/v1/gonum/blas"
)

func BenchmarkShapes(b *testing.B) {
	type shape struct {
		tA, tB  bool
		m, n, k int
	}
	shapes := []shape{
		{false, false, 64, 128, 128}, {false, true, 64, 128, 128}, {true, false, 128, 128, 64},
		{false, false, 64, 128, 7}, {false, false, 64, 6, 128}, {false, true, 64, 128, 6}, {true, false, 128, 6, 64}, {true, false, 7, 128, 64},
	}
	tr := func(t bool) blas.Transpose {
		if t {
			return blas.Trans
		}
		return blas.NoTrans
	}
	for _, s := range shapes {
		a := make([]float32, s.m*s.k)
		bb := make([]float32, s.k*s.n)
		c := make([]float32, s.m*s.n)
		for i := range a {
			a[i] = float32(i%7) * 0.1
		}
		for i := range bb {
			bb[i] = float32(i%5) * 0.1
		}
		lda, ldb := s.k, s.n
		if s.tA {
			lda = s.m
		}
		if s.tB {
			ldb = s.k
		}
		for _, impl := range []struct {
			name string
			f    func(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
		}{{"fast", fastblas.Implementation{}.Sgemm}, {"open", openblas.Implementation{}.Sgemm}} {
			b.Run(fmt.Sprintf("%v%v_%dx%dx%d_%s", s.tA, s.tB, s.m, s.n, s.k, impl.name), func(b *testing.B) {
				release := fastblas.Reserve(2)
				defer release()
				for range b.N {
					impl.f(tr(s.tA), tr(s.tB), s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
