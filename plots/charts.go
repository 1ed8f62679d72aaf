package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot returns a plot with a title, axis labels, grid lines and the
// legend at the top right.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := newAxes(title, xLabel, yLabel)
	p.Add(plotter.NewGrid())
	return p
}

// newAxes returns a plot like newPlot without grid lines.
func newAxes(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	return p
}

// ClassScatter plots 2-D points (x holds x0, y0, x1, y1, …) coloured by
// label, one legend entry per class.
func ClassScatter(title string, x []float64, labels []int) (*plot.Plot, error) {
	p := newPlot(title, "x₁ (input units)", "x₂ (input units)")
	if err := addClassPoints(p, x, labels, 2, false); err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -1.5, 1.5, -1.5, 1.5
	return p, nil
}

// ClassScatterAxes plots 2-D points coloured by label like ClassScatter,
// with the given axis labels and the axis ranges fitted to the data, for
// points in a space other than the input plane.
func ClassScatterAxes(title, xLabel, yLabel string, x []float64, labels []int) (*plot.Plot, error) {
	p := newPlot(title, xLabel, yLabel)
	if err := addClassPoints(p, x, labels, 2, false); err != nil {
		return nil, err
	}
	return p, nil
}

// addClassPoints adds one scatter series per class with points of the given
// diameter in millimetres. outlined draws a thin dark ring around each
// point, which keeps points visible on a coloured background.
func addClassPoints(p *plot.Plot, x []float64, labels []int, diameter float64, outlined bool) error {
	if len(x) != 2*len(labels) {
		return fmt.Errorf("scatter: %d coordinates for %d labels", len(x), len(labels))
	}
	classes := 0
	for _, c := range labels {
		classes = max(classes, c+1)
	}
	for class := range classes {
		var xys plotter.XYs
		for i, c := range labels {
			if c == class {
				xys = append(xys, plotter.XY{X: x[2*i], Y: x[2*i+1]})
			}
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.GlyphStyle.Color = ClassColor(class)
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		s.GlyphStyle.Radius = vg.Length(diameter) * vg.Millimeter / 2
		p.Add(s)
		if outlined {
			ring, err := plotter.NewScatter(xys)
			if err != nil {
				return err
			}
			ring.GlyphStyle = draw.GlyphStyle{Color: outlineColor, Shape: draw.RingGlyph{}, Radius: s.GlyphStyle.Radius}
			p.Add(ring)
			p.Legend.Add(fmt.Sprintf("class %d", class), s, ring)
		} else {
			p.Legend.Add(fmt.Sprintf("class %d", class), s)
		}
	}
	return nil
}

// Series is one line of a chart, drawn in the colour of its model.
type Series struct {
	Model string
	X, Y  []float64
	// Dashed draws the line dashed, for a second measure of the same model.
	Dashed bool
	// Label overrides the legend entry, which is the model's label.
	Label string
	// Width is the line width; zero means 1.5 points. A wider line drawn
	// first stays visible under a line that coincides with it.
	Width vg.Length
}

// LineChart plots each series as a line in its model's colour.
func LineChart(title, xLabel, yLabel string, series []Series) (*plot.Plot, error) {
	p := newPlot(title, xLabel, yLabel)
	for _, s := range series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("line chart %q: series %s has %d x and %d y values", title, s.Model, len(s.X), len(s.Y))
		}
		xys := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xys[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		line.Color = ModelColor(s.Model)
		line.Width = vg.Points(1.5)
		if s.Width > 0 {
			line.Width = s.Width
		}
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(line)
		label := s.Label
		if label == "" {
			label = ModelLabel(s.Model)
		}
		p.Legend.Add(label, line)
	}
	return p, nil
}
