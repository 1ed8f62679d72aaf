package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// outlineColor is the colour of point outlines and of the decision
// boundary.
var outlineColor = color.Gray{Y: 0x20}

// ProbabilityLabel is the quantity of probability maps and their colour bar.
const ProbabilityLabel = "P(class 1)"

// ProbabilityMap draws a class-probability map. g contains P(class 1) at
// each grid point, coloured with ProbabilityColorMap over [0, 1]. The 0.5
// contour, the decision boundary, is a dark line, and the points x (x0, y0,
// x1, y1, …) are drawn on top in their class colours. Every value of g must
// lie in [0, 1], so that all panels share one colour scale.
func ProbabilityMap(title string, g *Grid, x []float64, labels []int) (*plot.Plot, error) {
	if len(g.Values) != g.Cols*g.Rows {
		return nil, fmt.Errorf("probability map %q: %d values for a %d × %d grid", title, len(g.Values), g.Cols, g.Rows)
	}
	for i, v := range g.Values {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("probability map %q: value %g at index %d, want a probability in [0, 1]", title, v, i)
		}
	}

	// No grid lines: they would hide the map.
	p := newAxes(title, "x₁ (input units)", "x₂ (input units)")
	heat := plotter.NewHeatMap(g, ProbabilityColorMap().Palette(256))
	heat.Min, heat.Max = 0, 1
	heat.Rasterized = true
	p.Add(heat)

	boundary := plotter.NewContour(g, []float64{0.5}, nil)
	boundary.Min, boundary.Max = 0, 1
	style := draw.LineStyle{Color: outlineColor, Width: vg.Points(1.5)}
	boundary.LineStyles = []draw.LineStyle{style}
	p.Add(boundary)
	legendLine := &plotter.Line{LineStyle: style}
	if err := addClassPoints(p, x, labels, 1.6, true); err != nil {
		return nil, err
	}
	p.Legend.Add("P = 0.5", legendLine)

	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = g.XMin, g.XMax, g.YMin, g.YMax
	return p, nil
}

// ProbabilityColorBar returns a vertical colour bar of ProbabilityColorMap
// from 0 to 1, to place next to probability maps (see WritePNGWithColorBar).
func ProbabilityColorBar() *plot.Plot {
	p := plot.New()
	p.Add(&plotter.ColorBar{ColorMap: ProbabilityColorMap(), Vertical: true})
	p.HideX()
	p.Y.Label.Text = ProbabilityLabel
	p.Y.Padding = 0
	p.Y.Min, p.Y.Max = 0, 1
	return p
}
