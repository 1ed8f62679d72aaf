package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// PCA is a fitted principal component analysis.
type PCA struct {
	// Mean is the mean of the fitted data, one value per column.
	Mean []float64
	// Components holds the unit principal directions in its columns, in
	// order of decreasing variance (d × k).
	Components *mat.Dense
	// Variances holds the variance along each component (with the n − 1
	// normalisation of stat.PC), in decreasing order.
	Variances []float64
	// TotalVariance is the sum of the variances of all d columns.
	TotalVariance float64
}

// FitPCA computes the first k principal components of data (n × d, one
// observation per row) with gonum's stat.PC. The sign of each component is
// fixed so that its entry of largest magnitude is positive, which makes
// projections reproducible across runs.
func FitPCA(data *mat.Dense, k int) (*PCA, error) {
	n, d := data.Dims()
	if n < 2 {
		return nil, fmt.Errorf("PCA: %d observations, want at least 2", n)
	}
	if k < 1 || k > min(n, d) {
		return nil, fmt.Errorf("PCA: %d components requested from %d × %d data, want 1 to %d", k, n, d, min(n, d))
	}
	var pc stat.PC
	if !pc.PrincipalComponents(data, nil) {
		return nil, fmt.Errorf("PCA: singular value decomposition of %d × %d data failed", n, d)
	}
	var vectors mat.Dense
	pc.VectorsTo(&vectors)
	vars := pc.VarsTo(nil)

	out := &PCA{Mean: make([]float64, d), Components: mat.NewDense(d, k, nil), Variances: vars[:k]}
	for j := range d {
		out.Mean[j] = stat.Mean(mat.Col(nil, j, data), nil)
	}
	for _, v := range vars {
		out.TotalVariance += v
	}
	for c := range k {
		col := mat.Col(nil, c, &vectors)
		largest := 0
		for i, v := range col {
			if math.Abs(v) > math.Abs(col[largest]) {
				largest = i
			}
		}
		if col[largest] < 0 {
			for i := range col {
				col[i] = -col[i]
			}
		}
		out.Components.SetCol(c, col)
	}
	return out, nil
}

// ExplainedVarianceRatio returns the fraction of the fitted data's total
// variance that each component explains.
func (p *PCA) ExplainedVarianceRatio() []float64 {
	out := make([]float64, len(p.Variances))
	for i, v := range p.Variances {
		out[i] = v / p.TotalVariance
	}
	return out
}

// Project returns the coordinates of the rows of x (m × d) along the
// components, centred on the fitted mean (m × k).
func (p *PCA) Project(x mat.Matrix) (*mat.Dense, error) {
	m, d := x.Dims()
	if d != len(p.Mean) {
		return nil, fmt.Errorf("PCA projection: data has %d columns, the fit had %d", d, len(p.Mean))
	}
	centred := mat.NewDense(m, d, nil)
	centred.Apply(func(_, j int, v float64) float64 { return v - p.Mean[j] }, x)
	var out mat.Dense
	out.Mul(centred, p.Components)
	return &out, nil
}

// CapturedVariance returns the fraction of the variance of x, about its own
// mean, that lies in the plane of the components: the variance of the
// projections divided by the total variance of x. It measures how well a
// projection fitted on other data shows x.
func (p *PCA) CapturedVariance(x *mat.Dense) (float64, error) {
	m, d := x.Dims()
	if d != len(p.Mean) {
		return 0, fmt.Errorf("PCA: data has %d columns, the fit had %d", d, len(p.Mean))
	}
	if m < 2 {
		return 0, fmt.Errorf("PCA: %d observations, want at least 2", m)
	}
	total := 0.0
	for j := range d {
		total += stat.Variance(mat.Col(nil, j, x), nil)
	}
	proj, err := p.Project(x)
	if err != nil {
		return 0, err
	}
	captured := 0.0
	_, k := proj.Dims()
	for c := range k {
		captured += stat.Variance(mat.Col(nil, c, proj), nil)
	}
	if total == 0 {
		return 0, fmt.Errorf("PCA: data has zero variance")
	}
	return captured / total, nil
}
