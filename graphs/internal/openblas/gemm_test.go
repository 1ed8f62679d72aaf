//go:build openblas

package openblas

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

func TestGemmMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const m, n, k = 13, 7, 29
	for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			a64 := make([]float64, m*k)
			b64 := make([]float64, k*n)
			for i := range a64 {
				a64[i] = rng.NormFloat64()
			}
			for i := range b64 {
				b64[i] = rng.NormFloat64()
			}
			lda, ldb := k, n
			if tA == blas.Trans {
				lda = m
			}
			if tB == blas.Trans {
				ldb = k
			}
			want := make([]float64, m*n)
			got := make([]float64, m*n)
			for i := range want {
				want[i] = rng.NormFloat64()
				got[i] = want[i]
			}
			gonum.Implementation{}.Dgemm(tA, tB, m, n, k, 0.5, a64, lda, b64, ldb, 2, want, n)
			Implementation{}.Dgemm(tA, tB, m, n, k, 0.5, a64, lda, b64, ldb, 2, got, n)
			a32, b32 := toFloat32(a64), toFloat32(b64)
			want32 := make([]float32, m*n)
			for i := range want32 {
				want32[i] = float32(rng.NormFloat64())
			}
			got32 := append([]float32(nil), want32...)
			gonum.Implementation{}.Sgemm(tA, tB, m, n, k, 0.5, a32, lda, b32, ldb, 2, want32, n)
			Implementation{}.Sgemm(tA, tB, m, n, k, 0.5, a32, lda, b32, ldb, 2, got32, n)
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
					t.Fatalf("Dgemm tA=%c tB=%c: C[%d] = %g, gonum %g", tA, tB, i, got[i], want[i])
				}
				if math.Abs(float64(got32[i]-want32[i])) > 1e-4*(1+math.Abs(float64(want32[i]))) {
					t.Fatalf("Sgemm tA=%c tB=%c: C[%d] = %g, gonum %g", tA, tB, i, got32[i], want32[i])
				}
			}
		}
	}
}

func toFloat32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}
