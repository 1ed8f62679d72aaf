package main

import (
	"io"
	"strconv"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// writeStepsFigure draws retained bytes and peak heap growth against the
// number of steps on log-log axes, one line per variant, adjoint dashed.
func writeStepsFigure(path string, measures []Measure) error {
	var retained, heap []plots.Series
	var stepTicks []float64
	for _, v := range Variants {
		var steps, r, h []float64
		for _, m := range measures {
			if m.Model == v.Model && m.Gradient == v.Gradient {
				steps = append(steps, float64(m.Steps))
				r = append(r, float64(m.RetainedBytes)/1e6)
				h = append(h, float64(m.PeakHeapBytes)/1e6)
			}
		}
		dashed := v.Gradient == "adjoint"
		name := label(v.Model, v.Gradient)
		// The unrolled Euler ODE and the ResNet keep the same activations,
		// so their lines coincide: Euler is drawn wide underneath.
		var width vg.Length
		if v.Model == "euler" && !dashed {
			width = vg.Points(5)
		}
		retained = append(retained, plots.Series{Model: v.Model, X: steps, Y: r, Dashed: dashed, Label: name, Width: width})
		heap = append(heap, plots.Series{Model: v.Model, X: steps, Y: h, Dashed: dashed, Label: name, Width: width})
		stepTicks = steps
	}
	left, err := plots.LineChart("Activations retained for the backward pass", "solver steps or blocks N", "retained (MB)", retained)
	if err != nil {
		return err
	}
	right, err := plots.LineChart("Peak heap growth in one training step", "solver steps or blocks N", "peak heap growth (MB)", heap)
	if err != nil {
		return err
	}
	for _, p := range []*plot.Plot{left, right} {
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = stepsTicks(stepTicks), plot.LogTicks{Prec: -1}
		p.Legend.Left = true
	}
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNG(w, 14*vg.Centimeter, 11*vg.Centimeter, [][]*plot.Plot{{left, right}})
	})
}

// stepsTicks labels every measured number of steps on the x axis.
func stepsTicks(steps []float64) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for _, n := range steps {
		ticks = append(ticks, plot.Tick{Value: n, Label: strconv.Itoa(int(n))})
	}
	return ticks
}
