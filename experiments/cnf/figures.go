package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/graphs"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Axis labels of every panel in the data plane.
const (
	xLabel = "x₁ (input units)"
	yLabel = "x₂ (input units)"
	// densityLabel is the quantity of the density colour bar.
	densityLabel = "p(x) (per input unit²)"
)

// targetNotes explains what the density of a target looks like where the
// class-coloured data panel suggests otherwise.
var targetNotes = map[string]string{
	"spiral": "The flow models the points without their labels: the two noisy spirals together fill a disk whose density peaks at the centre, and their arms show mainly at its rim.",
}

// flowSnapshots is the number of panels of the flow figure, at evenly
// spaced times from the base (t = 1) to the data (t = 0).
const flowSnapshots = 4

// writeTargetFigures writes the two figures of a target and returns their
// header entries.
func writeTargetFigures(cfg Config, target string, testSet *dataset.Set, grid graphs.DensityGrid, density []float64, samples []graphs.FlowState, scale, extent float64) ([]results.Figure, error) {
	mainName := fmt.Sprintf("figures/cnf_%s.png", target)
	flowName := fmt.Sprintf("figures/cnf_%s_flow.png", target)

	data, err := plots.ClassScatterAxes(fmt.Sprintf("%s: test set (%d points)", target, testSet.Len()), xLabel, yLabel, testSet.X, testSet.Labels)
	if err != nil {
		return nil, err
	}
	square(data, extent)
	drawn := samples[len(samples)-1].Points
	inDataUnits := make([]float64, len(drawn))
	for i, v := range drawn {
		inDataUnits[i] = v / scale
	}
	sampled, err := pointScatter(fmt.Sprintf("%s: %d samples of the flow", target, len(drawn)/2), xLabel, yLabel, inDataUnits)
	if err != nil {
		return nil, err
	}
	square(sampled, extent)
	heat, bar, err := densityMap(fmt.Sprintf("%s: learned density p(x)", target), grid, density)
	if err != nil {
		return nil, err
	}
	if err := results.WriteFile(filepath.Join(cfg.Out, mainName), func(w io.Writer) error {
		return plots.WritePNGWithColorBar(w, 11*vg.Centimeter, 11*vg.Centimeter, [][]*plot.Plot{{data, sampled, heat}}, bar)
	}); err != nil {
		return nil, err
	}

	// The flow figure shows the flow's own coordinates z = s·x, where the
	// base is the standard normal.
	zLabels := [2]string{"z₁ (input units)", "z₂ (input units)"}
	if scale != 1 {
		zLabels = [2]string{fmt.Sprintf("z₁ = %g·x₁ (input units)", scale), fmt.Sprintf("z₂ = %g·x₂ (input units)", scale)}
	}
	var row []*plot.Plot
	for i := range flowSnapshots {
		k := int(math.Round(float64(i) * float64(len(samples)-1) / float64(flowSnapshots-1)))
		s := samples[k]
		title := fmt.Sprintf("t = %.2f", s.Time)
		switch k {
		case 0:
			title += " (base N(0, I))"
		case len(samples) - 1:
			title += " (samples)"
		}
		p, err := pointScatter(title, zLabels[0], zLabels[1], s.Points)
		if err != nil {
			return nil, err
		}
		p.Legend = plot.NewLegend() // the figure's caption names the points
		square(p, max(scale*extent, 3.5))
		row = append(row, p)
	}
	if err := results.WriteFile(filepath.Join(cfg.Out, flowName), func(w io.Writer) error {
		return plots.WritePNG(w, 8*vg.Centimeter, 8*vg.Centimeter, [][]*plot.Plot{row})
	}); err != nil {
		return nil, err
	}

	caption := fmt.Sprintf("%s: the test set, samples drawn by integrating base samples from t = 1 back to t = 0 (%s, %d steps), and the learned density on a %d × %d grid.", target, cfg.Solver, cfg.Steps, cfg.Grid, cfg.Grid)
	if note, ok := targetNotes[target]; ok {
		caption += " " + note
	}
	return []results.Figure{
		{Path: mainName, Caption: caption},
		{Path: flowName, Caption: fmt.Sprintf("%s: the same samples at %d times on their way from the base distribution (t = 1) to the data (t = 0), in the flow's coordinates z = %g·x.", target, flowSnapshots, scale)},
	}, nil
}

// square fixes both axes of p to [-extent, extent].
func square(p *plot.Plot, extent float64) {
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -extent, extent, -extent, extent
}

// pointScatter plots unlabelled 2-D points (x0, y0, x1, y1, …) in the CNF's
// model colour.
//
// TODO: move to the plots package next to ClassScatter; it is here because
// plots has no scatter for points of one model.
func pointScatter(title, xAxis, yAxis string, points []float64) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xAxis
	p.Y.Label.Text = yAxis
	p.Add(plotter.NewGrid())
	xys := make(plotter.XYs, len(points)/2)
	for i := range xys {
		xys[i] = plotter.XY{X: points[2*i], Y: points[2*i+1]}
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, fmt.Errorf("scatter %q: %w", title, err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: plots.ModelColor("cnf"), Shape: draw.CircleGlyph{}, Radius: vg.Millimeter * 0.5}
	p.Add(s)
	p.Legend.Top = true
	p.Legend.Add("CNF sample", s)
	return p, nil
}

// densityMap draws a density given at the cell centres of grid as a heat
// map from 0 to its maximum, and returns the matching colour bar.
//
// TODO: move to the plots package next to ProbabilityMap, which is fixed to
// probabilities in [0, 1]; it is here because plots has no heat map for an
// unbounded quantity.
func densityMap(title string, grid graphs.DensityGrid, density []float64) (*plot.Plot, *plot.Plot, error) {
	// The cell centres form a regular grid of N × N points that includes
	// its first and last centres, as plots.Grid expects.
	half := (grid.XMax - grid.XMin) / float64(grid.N) / 2
	g, err := plots.NewGrid(grid.N, grid.N, grid.XMin+half, grid.XMax-half, grid.YMin+half, grid.YMax-half)
	if err != nil {
		return nil, nil, err
	}
	copy(g.Values, density)
	_, top := g.Range()
	if !(top > 0) || math.IsInf(top, 0) {
		return nil, nil, fmt.Errorf("density map %q: maximum density %g, want a positive finite value", title, top)
	}

	colors := moreland.Kindlmann()
	colors.SetMin(0)
	colors.SetMax(top)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	heat := plotter.NewHeatMap(g, colors.Palette(256))
	heat.Min, heat.Max = 0, top
	heat.Rasterized = true
	p.Add(heat)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = grid.XMin, grid.XMax, grid.YMin, grid.YMax

	bar := plot.New()
	bar.Add(&plotter.ColorBar{ColorMap: colors, Vertical: true})
	bar.HideX()
	bar.Y.Label.Text = densityLabel
	bar.Y.Padding = 0
	bar.Y.Min, bar.Y.Max = 0, top
	return p, bar, nil
}
