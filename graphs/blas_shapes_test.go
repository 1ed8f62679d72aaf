//go:build openblas

package graphs

import (
	"fmt"
	"testing"

	"github.com/neuralode/neuralode/graphs/internal/fastblas"
	"github.com/neuralode/neuralode/graphs/internal/openblas"
	"gonum.org/v1/gonum/blas"
)

// BenchmarkSgemmShapes times the pure-Go Sgemm against OpenBLAS on the
// products of one dynamics evaluation of a spiral model, batch 64 (one
// replica's half of 128), single-threaded:
//
//	go test -tags openblas ./graphs -run '^$' -bench SgemmShapes
func BenchmarkSgemmShapes(b *testing.B) {
	shapes := []struct {
		role    string
		tA, tB  bool
		m, n, k int
	}{
		{"hidden forward", false, false, 64, 128, 128},
		{"hidden input grad", false, false, 64, 128, 128},
		{"hidden weight grad", true, false, 128, 128, 64},
		{"first forward", false, false, 64, 128, 6},
		{"first weight grad", true, false, 6, 128, 64},
		{"last forward", false, false, 64, 6, 128},
		{"last input grad", false, false, 64, 128, 6},
		{"last weight grad", true, false, 128, 6, 64},
	}
	implementations := []struct {
		name  string
		sgemm func(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	}{{"fastblas", fastblas.Implementation{}.Sgemm}, {"openblas", openblas.Implementation{}.Sgemm}}

	for _, s := range shapes {
		a, bm, c := make([]float32, s.m*s.k), make([]float32, s.k*s.n), make([]float32, s.m*s.n)
		for i := range a {
			a[i] = float32(i%7) * 0.1
		}
		for i := range bm {
			bm[i] = float32(i%5) * 0.1
		}
		tA, lda := blas.NoTrans, s.k
		if s.tA {
			tA, lda = blas.Trans, s.m
		}
		tB, ldb := blas.NoTrans, s.n
		if s.tB {
			tB, ldb = blas.Trans, s.k
		}
		for _, impl := range implementations {
			b.Run(fmt.Sprintf("%s_%dx%dx%d/%s", s.role, s.m, s.n, s.k, impl.name), func(b *testing.B) {
				release := fastblas.Reserve(2) // as under the graph replicas: no split across cores
				defer release()
				for range b.N {
					impl.sgemm(tA, tB, s.m, s.n, s.k, 1, a, lda, bm, ldb, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
