package main

import (
	"fmt"
	"io"
	"math"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// SnapshotTimes are the times of the snapshot panels.
var SnapshotTimes = []float64{0, 0.5, 1}

// writeTrajectoryFigure draws one row per model: the trajectories of paths
// test points, then a snapshot of all test points at each SnapshotTimes.
// The panels of a row share their axis ranges.
func writeTrajectoryFigure(path string, measured []*measurement, labels []int, paths int) error {
	var grid [][]*plot.Plot
	for _, m := range measured {
		name := plots.ModelLabel(m.result.Model)
		xLabel := fmt.Sprintf("PC 1 (state units, %.0f%% of variance)", 100*m.result.ExplainedVariance[0])
		yLabel := fmt.Sprintf("PC 2 (state units, %.0f%% of variance)", 100*m.result.ExplainedVariance[1])

		n := len(labels)
		var trajectories []plots.Path
		for p := range paths {
			i := p * n / paths
			tr := plots.Path{Class: labels[i]}
			for _, states := range m.projected {
				tr.X = append(tr.X, states.At(i, 0))
				tr.Y = append(tr.Y, states.At(i, 1))
			}
			trajectories = append(trajectories, tr)
		}
		row := []*plot.Plot{}
		tp, err := plots.Trajectories(name+": trajectories, t = 0 to 1", xLabel, yLabel, trajectories, "t = 0", "t = 1")
		if err != nil {
			return err
		}
		row = append(row, tp)
		for _, t := range SnapshotTimes {
			k := nearest(m.times, t)
			xs := make([]float64, 0, 2*n)
			for i := range n {
				xs = append(xs, m.projected[k].At(i, 0), m.projected[k].At(i, 1))
			}
			sp, err := plots.ClassScatterAxes(fmt.Sprintf("%s: states at t = %.2g", name, m.times[k]), xLabel, yLabel, xs, labels)
			if err != nil {
				return err
			}
			row = append(row, sp)
		}
		shareRanges(row)
		grid = append(grid, row)
	}
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNG(w, 11*vg.Centimeter, 11*vg.Centimeter, grid)
	})
}

// nearest returns the index of the time closest to t.
func nearest(times []float64, t float64) int {
	best := 0
	for i, v := range times {
		if math.Abs(v-t) < math.Abs(times[best]-t) {
			best = i
		}
	}
	return best
}

// shareRanges sets every plot of row to the union of their axis ranges.
func shareRanges(row []*plot.Plot) {
	xMin, xMax, yMin, yMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range row {
		xMin, xMax = math.Min(xMin, p.X.Min), math.Max(xMax, p.X.Max)
		yMin, yMax = math.Min(yMin, p.Y.Min), math.Max(yMax, p.Y.Max)
	}
	for _, p := range row {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xMin, xMax, yMin, yMax
	}
}

// writeProbeFigure draws the probe's held-out accuracy against t for each
// model, with the model's own test accuracy as a dashed line.
func writeProbeFigure(path string, models []*ModelResult) error {
	var series []plots.Series
	for _, m := range models {
		var ts, acc []float64
		for _, tr := range m.Times {
			ts = append(ts, tr.T)
			acc = append(acc, 100*tr.ProbeTestAccuracy)
		}
		series = append(series,
			plots.Series{Model: m.Model, X: ts, Y: acc, Label: plots.ModelLabel(m.Model) + ", linear probe"},
			plots.Series{Model: m.Model, X: []float64{0, 1}, Y: []float64{100 * m.TestAccuracy, 100 * m.TestAccuracy}, Dashed: true, Label: plots.ModelLabel(m.Model) + ", model"},
		)
	}
	p, err := plots.LineChart("Linear separability of the hidden state", "t (ODE time, dimensionless)", "held-out test accuracy (%)", series)
	if err != nil {
		return err
	}
	p.Legend.Top = false
	p.Y.Min, p.Y.Max = 40, 100
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNG(w, 15*vg.Centimeter, 11*vg.Centimeter, [][]*plot.Plot{{p}})
	})
}
