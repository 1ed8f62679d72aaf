package analysis

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fourPoints returns the points ±a·u ± b·v around centre c, where u = (0.6,
// 0.8) and v = (−0.8, 0.6) are orthonormal. Their principal directions are
// u and v with variances 4a²/3 and 4b²/3 (n − 1 = 3).
func fourPoints(a, b float64, c [2]float64) *mat.Dense {
	u := [2]float64{0.6, 0.8}
	v := [2]float64{-0.8, 0.6}
	var data []float64
	for _, s := range [][2]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}} {
		data = append(data, c[0]+s[0]*a*u[0]+s[1]*b*v[0], c[1]+s[0]*a*u[1]+s[1]*b*v[1])
	}
	return mat.NewDense(4, 2, data)
}

func TestPCAKnownDirections(t *testing.T) {
	const a, b = 3.0, 1.0
	p, err := FitPCA(fourPoints(a, b, [2]float64{5, -2}), 2)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	if math.Abs(p.Mean[0]-5) > tol || math.Abs(p.Mean[1]+2) > tol {
		t.Errorf("mean = %v, want (5, -2)", p.Mean)
	}
	// The sign rule makes the largest entry positive: u = (0.6, 0.8) stays,
	// v = (−0.8, 0.6) becomes (0.8, −0.6).
	want := [][2]float64{{0.6, 0.8}, {0.8, -0.6}}
	for c, w := range want {
		for i := range 2 {
			if got := p.Components.At(i, c); math.Abs(got-w[i]) > 1e-9 {
				t.Errorf("component %d entry %d = %g, want %g", c, i, got, w[i])
			}
		}
	}
	for c, w := range []float64{4 * a * a / 3, 4 * b * b / 3} {
		if math.Abs(p.Variances[c]-w) > 1e-9 {
			t.Errorf("variance %d = %g, want %g", c, p.Variances[c], w)
		}
	}
	ratio := p.ExplainedVarianceRatio()
	if want := a * a / (a*a + b*b); math.Abs(ratio[0]-want) > 1e-12 {
		t.Errorf("explained variance ratio of component 0 = %g, want %g", ratio[0], want)
	}
}

func TestPCAProjection(t *testing.T) {
	const a, b = 3.0, 1.0
	data := fourPoints(a, b, [2]float64{5, -2})
	p, err := FitPCA(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	proj, err := p.Project(data)
	if err != nil {
		t.Fatal(err)
	}
	// Point i is s0·a·u + s1·b·v, and the second component is −v.
	signs := [][2]float64{{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}
	for i, s := range signs {
		want := [2]float64{s[0] * a, -s[1] * b}
		for c := range 2 {
			if got := proj.At(i, c); math.Abs(got-want[c]) > 1e-9 {
				t.Errorf("projection of point %d on component %d = %g, want %g", i, c, got, want[c])
			}
		}
	}
}

func TestPCACapturedVariance(t *testing.T) {
	p, err := FitPCA(fourPoints(3, 1, [2]float64{0, 0}), 1)
	if err != nil {
		t.Fatal(err)
	}
	// Other points spread only along v lie orthogonal to the single
	// component u, so the plane of the fit captures none of their variance.
	captured, err := p.CapturedVariance(fourPoints(0, 2, [2]float64{7, 7}))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(captured) > 1e-12 {
		t.Errorf("captured variance of data along v = %g, want 0", captured)
	}
	captured, err = p.CapturedVariance(fourPoints(3, 1, [2]float64{0, 0}))
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.9; math.Abs(captured-want) > 1e-12 {
		t.Errorf("captured variance of the fitted data = %g, want %g", captured, want)
	}
}

func TestFitPCARejects(t *testing.T) {
	data := fourPoints(3, 1, [2]float64{0, 0})
	for _, k := range []int{0, 3} {
		if _, err := FitPCA(data, k); err == nil {
			t.Errorf("k = %d accepted for 4 × 2 data", k)
		}
	}
	if _, err := FitPCA(mat.NewDense(1, 2, []float64{1, 2}), 1); err == nil {
		t.Error("a single observation accepted")
	}
	p, _ := FitPCA(data, 1)
	if _, err := p.Project(mat.NewDense(1, 3, nil)); err == nil {
		t.Error("projection of 3-column data onto a 2-column fit accepted")
	}
}
