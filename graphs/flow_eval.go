package graphs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

// DensityGrid is a regular grid of n × n cells over [XMin, XMax] ×
// [YMin, YMax]. Its points are the cell centres, row by row from YMin up.
type DensityGrid struct {
	XMin, XMax, YMin, YMax float64
	N                      int
}

// NewDensityGrid returns the grid of n × n cells over the rectangle.
func NewDensityGrid(xMin, xMax, yMin, yMax float64, n int) DensityGrid {
	return DensityGrid{XMin: xMin, XMax: xMax, YMin: yMin, YMax: yMax, N: n}
}

// Validate checks that the rectangle is not empty and n is positive.
func (g DensityGrid) Validate() error {
	if g.N < 1 || !(g.XMax > g.XMin) || !(g.YMax > g.YMin) {
		return fmt.Errorf("density grid: %d cells per side over [%g, %g] × [%g, %g], want at least 1 cell and a non-empty rectangle", g.N, g.XMin, g.XMax, g.YMin, g.YMax)
	}
	return nil
}

// CellArea returns the area of one cell.
func (g DensityGrid) CellArea() float64 {
	return (g.XMax - g.XMin) / float64(g.N) * (g.YMax - g.YMin) / float64(g.N)
}

// Point returns the centre of cell i, counted row by row.
func (g DensityGrid) Point(i int) (x, y float64) {
	row, col := i/g.N, i%g.N
	x = g.XMin + (float64(col)+0.5)*(g.XMax-g.XMin)/float64(g.N)
	y = g.YMin + (float64(row)+0.5)*(g.YMax-g.YMin)/float64(g.N)
	return x, y
}

// Points returns every cell centre, two values each.
func (g DensityGrid) Points() []float64 {
	out := make([]float64, 0, 2*g.N*g.N)
	for i := range g.N * g.N {
		x, y := g.Point(i)
		out = append(out, x, y)
	}
	return out
}

// Integrate returns the midpoint-rule integral of values given at the cell
// centres.
func (g DensityGrid) Integrate(values []float64) float64 {
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum * g.CellArea()
}

// LogLikelihoods returns log p(x) of every point, d values each, mapping
// them to the base in chunks of batch points.
func (f *Flow) LogLikelihoods(points []float64, dt tensor.Dtype, batch int) ([]float64, error) {
	prog, err := CompileFlow(f, f.Solver, dt, batch, false)
	if err != nil {
		return nil, err
	}
	defer prog.Close()
	states, err := prog.MapPoints(points)
	if err != nil {
		return nil, err
	}
	final := states[len(states)-1]
	d := final.Dim()
	out := make([]float64, len(final.LogDensityChange))
	for i, change := range final.LogDensityChange {
		out[i] = StandardNormalLogDensity(final.Points[i*d:(i+1)*d]) - change
	}
	return out, nil
}

// Density returns the model density p(x) at every point of a 2-D grid.
func (f *Flow) Density(g DensityGrid, dt tensor.Dtype, batch int) ([]float64, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if d := f.Dynamics.DataDim(); d != 2 {
		return nil, fmt.Errorf("density grid of a %d-D flow: the grid is 2-D", d)
	}
	logp, err := f.LogLikelihoods(g.Points(), dt, batch)
	if err != nil {
		return nil, err
	}
	density := make([]float64, len(logp))
	for i, v := range logp {
		density[i] = math.Exp(v)
	}
	return density, nil
}

// Sample draws n base points from N(0, I) and integrates them backward to
// data time. It returns the states after every step, from the base at T1 to
// the samples at T0, and the number of evaluations of the dynamics.
func (f *Flow) Sample(rng *rand.Rand, n int, dt tensor.Dtype, batch int) ([]FlowState, int, error) {
	prog, err := CompileFlow(f, f.Inverse(), dt, batch, false)
	if err != nil {
		return nil, 0, err
	}
	defer prog.Close()
	states, err := prog.MapPoints(StandardNormalSamples(rng, n, f.Dynamics.DataDim()))
	chunks := (n + batch - 1) / batch
	return states, chunks * prog.Evals, err
}

// RoundTripError maps the points to the base and back and returns the
// largest Euclidean distance between a point and its image.
func (f *Flow) RoundTripError(points []float64, dt tensor.Dtype, batch int) (float64, error) {
	dists, err := f.RoundTripDistances(points, dt, batch)
	if err != nil {
		return 0, err
	}
	worst := 0.0
	for _, v := range dists {
		worst = math.Max(worst, v)
	}
	return worst, nil
}

// RoundTripDistances maps the points to the base and back with the flow's
// solver and returns the Euclidean distance between each point and its
// image.
func (f *Flow) RoundTripDistances(points []float64, dt tensor.Dtype, batch int) ([]float64, error) {
	forward, err := CompileFlow(f, f.Solver, dt, batch, false)
	if err != nil {
		return nil, err
	}
	defer forward.Close()
	backward, err := CompileFlow(f, f.Inverse(), dt, batch, false)
	if err != nil {
		return nil, err
	}
	defer backward.Close()

	toBase, err := forward.MapPoints(points)
	if err != nil {
		return nil, err
	}
	toData, err := backward.MapPoints(toBase[len(toBase)-1].Points)
	if err != nil {
		return nil, err
	}
	returned := toData[len(toData)-1].Points
	d := f.Dynamics.DataDim()
	dists := make([]float64, 0, len(points)/d)
	for i := 0; i < len(points); i += d {
		sq := 0.0
		for j := range d {
			diff := returned[i+j] - points[i+j]
			sq += diff * diff
		}
		dists = append(dists, math.Sqrt(sq))
	}
	return dists, nil
}
