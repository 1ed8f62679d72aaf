package plots

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Path is one 2-D trajectory of a point of the given class.
type Path struct {
	X, Y  []float64
	Class int
}

// Trajectories draws each path as a thin line in its class colour, with a
// ring at its first point and a filled triangle at its last. startLabel and
// endLabel name the two markers in the legend, such as "t = 0" and "t = 1".
// The lines are translucent so that dense bundles stay readable.
func Trajectories(title, xLabel, yLabel string, paths []Path, startLabel, endLabel string) (*plot.Plot, error) {
	p := newPlot(title, xLabel, yLabel)
	var starts, ends [2]plotter.XYs
	classes := 0
	for i, path := range paths {
		if len(path.X) != len(path.Y) || len(path.X) == 0 {
			return nil, fmt.Errorf("trajectories %q: path %d has %d x and %d y values, want the same positive number", title, i, len(path.X), len(path.Y))
		}
		if path.Class < 0 || path.Class > 1 {
			return nil, fmt.Errorf("trajectories %q: path %d has class %d, want 0 or 1", title, i, path.Class)
		}
		classes = max(classes, path.Class+1)
		xys := make(plotter.XYs, len(path.X))
		for j := range path.X {
			xys[j] = plotter.XY{X: path.X[j], Y: path.Y[j]}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("trajectories %q: path %d: %w", title, i, err)
		}
		line.Color = translucent(ClassColor(path.Class), 0x50)
		line.Width = vg.Points(0.6)
		p.Add(line)
		starts[path.Class] = append(starts[path.Class], xys[0])
		ends[path.Class] = append(ends[path.Class], xys[len(xys)-1])
	}

	radius := vg.Millimeter * 0.8
	for class := range classes {
		legend := &plotter.Line{LineStyle: draw.LineStyle{Color: ClassColor(class), Width: vg.Points(1.5)}}
		p.Legend.Add(fmt.Sprintf("class %d", class), legend)
	}
	for class := range classes {
		for _, m := range []struct {
			points plotter.XYs
			shape  draw.GlyphDrawer
		}{{starts[class], draw.RingGlyph{}}, {ends[class], draw.PyramidGlyph{}}} {
			s, err := plotter.NewScatter(m.points)
			if err != nil {
				return nil, fmt.Errorf("trajectories %q: markers: %w", title, err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: ClassColor(class), Shape: m.shape, Radius: radius}
			p.Add(s)
		}
	}
	grey := color.Gray{Y: 0x40}
	p.Legend.Add(startLabel, &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: grey, Shape: draw.RingGlyph{}, Radius: radius}})
	p.Legend.Add(endLabel, &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: grey, Shape: draw.PyramidGlyph{}, Radius: radius}})
	return p, nil
}

// translucent returns c with the given alpha.
func translucent(c color.Color, alpha uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = alpha
	return n
}
