package fastblas

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestSgemmMatchesGonum compares every transpose combination, alpha, beta
// and padded leading dimensions with gonum's reference Sgemm.
func TestSgemmMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	fill := func(n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = float32(2*rng.Float64() - 1)
		}
		return out
	}
	shapes := [][3]int{{128, 128, 128}, {128, 6, 128}, {128, 128, 6}, {6, 128, 128}, {1, 7, 3}, {33, 17, 65}}
	transposes := []blas.Transpose{blas.NoTrans, blas.Trans}
	scalars := [][2]float32{{1, 0}, {1, 1}, {0.5, -2}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range transposes {
			for _, tB := range transposes {
				for _, ab := range scalars {
					for _, pad := range []int{0, 3} {
						rowsA, colsA := m, k
						if tA == blas.Trans {
							rowsA, colsA = k, m
						}
						rowsB, colsB := k, n
						if tB == blas.Trans {
							rowsB, colsB = n, k
						}
						lda, ldb, ldc := colsA+pad, colsB+pad, n+pad
						a, b := fill(rowsA*lda), fill(rowsB*ldb)
						c := fill(m * ldc)
						want := append([]float32(nil), c...)
						gonum.Implementation{}.Sgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
						Implementation{}.Sgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
						for i := range m {
							for j := range n {
								got, exp := c[i*ldc+j], want[i*ldc+j]
								if math.Abs(float64(got-exp)) > 1e-4*(1+math.Abs(float64(exp))) {
									t.Fatalf("m=%d n=%d k=%d tA=%c tB=%c alpha=%g beta=%g pad=%d: C[%d,%d] = %g, gonum %g", m, n, k, tA, tB, ab[0], ab[1], pad, i, j, got, exp)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestSgemmPortableKernel runs the comparison again with the Go
// micro-kernel that replaces the assembly on CPUs without AVX2 and FMA.
func TestSgemmPortableKernel(t *testing.T) {
	saved := hasAVX2FMA
	hasAVX2FMA = false
	defer func() { hasAVX2FMA = saved }()
	TestSgemmMatchesGonum(t)
}

func BenchmarkSgemm128(b *testing.B) {
	for _, impl := range []struct {
		name string
		blas interface {
			Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
		}
	}{{"fastblas", Implementation{}}, {"gonum", gonum.Implementation{}}} {
		b.Run(impl.name, func(b *testing.B) {
			x := make([]float32, 128*128)
			for i := range x {
				x[i] = float32(i%7) - 3
			}
			c := make([]float32, 128*128)
			for range b.N {
				impl.blas.Sgemm(blas.NoTrans, blas.NoTrans, 128, 128, 128, 1, x, 128, x, 128, 0, c, 128)
			}
			b.ReportMetric(2*128*128*128*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
