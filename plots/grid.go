package plots

import (
	"fmt"
	"math"
)

// Grid is a regular grid of values over a rectangle, the data of a heat
// map. Values holds Rows × Cols values row by row: Values[r*Cols+c] belongs
// to the point (X(c), Y(r)), so row 0 is the bottom edge YMin. Grid
// implements plotter.GridXYZ.
type Grid struct {
	Cols, Rows int
	XMin, XMax float64
	YMin, YMax float64
	Values     []float64
}

// NewGrid returns a grid of cols × rows points spanning [xMin, xMax] ×
// [yMin, yMax] with both edges included and all values zero.
func NewGrid(cols, rows int, xMin, xMax, yMin, yMax float64) (*Grid, error) {
	if cols < 2 || rows < 2 {
		return nil, fmt.Errorf("grid: %d × %d points, want at least 2 × 2", cols, rows)
	}
	for _, v := range []float64{xMin, xMax, yMin, yMax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("grid: bound %g, want finite bounds", v)
		}
	}
	if !(xMin < xMax) || !(yMin < yMax) {
		return nil, fmt.Errorf("grid: empty rectangle [%g, %g] × [%g, %g], want min < max on both axes", xMin, xMax, yMin, yMax)
	}
	return &Grid{Cols: cols, Rows: rows, XMin: xMin, XMax: xMax, YMin: yMin, YMax: yMax, Values: make([]float64, cols*rows)}, nil
}

// Dims returns the number of columns and rows.
func (g *Grid) Dims() (c, r int) { return g.Cols, g.Rows }

// Z returns the value at column c and row r.
func (g *Grid) Z(c, r int) float64 { return g.Values[r*g.Cols+c] }

// X returns the x coordinate of column c.
func (g *Grid) X(c int) float64 {
	return g.XMin + (g.XMax-g.XMin)*float64(c)/float64(g.Cols-1)
}

// Y returns the y coordinate of row r.
func (g *Grid) Y(r int) float64 {
	return g.YMin + (g.YMax-g.YMin)*float64(r)/float64(g.Rows-1)
}

// Points returns the coordinates of every grid point in the order of
// Values (x0, y0, x1, y1, …), ready to feed to a model.
func (g *Grid) Points() []float64 {
	out := make([]float64, 0, 2*g.Cols*g.Rows)
	for r := range g.Rows {
		for c := range g.Cols {
			out = append(out, g.X(c), g.Y(r))
		}
	}
	return out
}

// Range returns the smallest and largest value, ignoring NaN.
func (g *Grid) Range() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range g.Values {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi
}
