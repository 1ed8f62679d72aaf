package main

import (
	"fmt"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/plots"
)

// megabytes formats bytes in MB (10⁶ bytes) with three decimals.
func megabytes(b int64) string { return fmt.Sprintf("%.3f", float64(b)/1e6) }

// label names a variant in tables and legends.
func label(model, gradient string) string {
	if gradient == "adjoint" {
		return plots.ModelLabel(model) + ", adjoint"
	}
	return plots.ModelLabel(model)
}

// summaryTable lists every variant at the table's number of steps.
func summaryTable(measures []Measure, steps, batch int) results.Table {
	t := results.Table{
		Title:   fmt.Sprintf("Memory of one training step at %d steps, batch %d (float32)", steps, batch),
		Columns: []string{"model", "gradient", "parameters", "parameter bytes", "retained activations (MB)", "peak heap growth (MB)", "allocated (MB)"},
		Align:   []string{"l", "l", "r", "r", "r", "r", "r"},
	}
	for _, v := range Variants {
		m, ok := find(measures, v.Model, v.Gradient, steps)
		if !ok {
			continue
		}
		t.Rows = append(t.Rows, []string{plots.ModelLabel(m.Model), m.Gradient, results.Thousands(m.Params), results.Thousands(int(m.ParamBytes)),
			megabytes(m.RetainedBytes), megabytes(m.PeakHeapBytes), megabytes(m.AllocatedBytes)})
	}
	return t
}

// stepsTable lists every measure, variant by variant.
func stepsTable(measures []Measure, batch int) results.Table {
	t := results.Table{
		Title:   fmt.Sprintf("Memory against the number of steps, batch %d (float32)", batch),
		Columns: []string{"model", "steps", "retained activations (MB)", "peak heap growth (MB)", "allocated (MB)"},
		Align:   []string{"l", "r", "r", "r", "r"},
	}
	for _, m := range measures {
		t.Rows = append(t.Rows, []string{label(m.Model, m.Gradient), fmt.Sprint(m.Steps),
			megabytes(m.RetainedBytes), megabytes(m.PeakHeapBytes), megabytes(m.AllocatedBytes)})
	}
	return t
}

// ratioTable lists the ratios to the Euler Neural ODE.
func ratioTable(ratios []Ratio, steps int) results.Table {
	t := results.Table{
		Title:   fmt.Sprintf("Ratio to the Euler Neural ODE at %d steps, unrolled backpropagation", steps),
		Columns: []string{"model", "retained activations", "peak heap growth"},
		Align:   []string{"l", "r", "r"},
	}
	for _, r := range ratios {
		t.Rows = append(t.Rows, []string{plots.ModelLabel(r.Model) + " / Euler", fmt.Sprintf("%.2f×", r.Retained), fmt.Sprintf("%.2f×", r.PeakHeap)})
	}
	return t
}
