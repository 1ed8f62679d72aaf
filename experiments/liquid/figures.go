package main

import (
	"fmt"
	"io"

	"github.com/neuralode/neuralode/experiments/internal/analysis"
	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/graphs"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gorgonia.org/tensor"
)

// trajectoryPoints is the number of test points whose paths are drawn.
const trajectoryPoints = 120

// writeBoundaryFigure draws P(class 1) of every model over the input plane
// with its decision boundary and the test set, one panel per model.
func writeBoundaryFigure(path string, models []graphs.Model, testSet *dataset.Set) error {
	var row []*plot.Plot
	for _, m := range models {
		grid, err := spiralmodel.ProbabilityGrid(m, 121, 121, -1.5, 1.5)
		if err != nil {
			return fmt.Errorf("boundary of %s: %w", m.Name(), err)
		}
		p, err := plots.ProbabilityMap(plots.ModelLabel(m.Name()), grid, testSet.X, testSet.Labels)
		if err != nil {
			return err
		}
		row = append(row, p)
	}
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNGWithColorBar(w, 12*vg.Centimeter, 12*vg.Centimeter, [][]*plot.Plot{row}, plots.ProbabilityColorBar())
	})
}

// writeTrajectoryFigure draws the hidden-state paths of evenly spaced test
// points, one panel per model. Each model's states at all times are
// projected on their own first two principal components.
func writeTrajectoryFigure(path string, models []graphs.Model, testSet *dataset.Set) error {
	stride := max(1, testSet.Len()/trajectoryPoints)
	var idx []int
	for i := 0; i < testSet.Len() && len(idx) < trajectoryPoints; i += stride {
		idx = append(idx, i)
	}
	x, labels := testSet.Gather(idx)

	var row []*plot.Plot
	for _, m := range models {
		p, err := trajectoryPanel(m, x, labels)
		if err != nil {
			return fmt.Errorf("trajectories of %s: %w", m.Name(), err)
		}
		row = append(row, p)
	}
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNG(w, 12*vg.Centimeter, 12*vg.Centimeter, [][]*plot.Plot{row})
	})
}

// trajectoryPanel records the states of m on x and draws their paths in the
// plane of the first two principal components.
func trajectoryPanel(m graphs.Model, x []float64, labels []int) (*plot.Plot, error) {
	rec, err := graphs.NewPathRecorder(m, tensor.Float32, len(labels))
	if err != nil {
		return nil, err
	}
	defer rec.Close()
	recorded, err := rec.Record(x)
	if err != nil {
		return nil, err
	}

	n, times := len(labels), len(recorded.States)
	all := mat.NewDense(n*times, recorded.Dim, nil)
	for k, states := range recorded.States {
		for i := range n {
			all.SetRow(k*n+i, states[i*recorded.Dim:(i+1)*recorded.Dim])
		}
	}
	pca, err := analysis.FitPCA(all, 2)
	if err != nil {
		return nil, err
	}
	projected, err := pca.Project(all)
	if err != nil {
		return nil, err
	}
	paths := make([]plots.Path, n)
	for i := range paths {
		paths[i].Class = labels[i]
		for k := range times {
			paths[i].X = append(paths[i].X, projected.At(k*n+i, 0))
			paths[i].Y = append(paths[i].Y, projected.At(k*n+i, 1))
		}
	}
	share := pca.ExplainedVarianceRatio()
	title := fmt.Sprintf("%s: h(t), %.0f%% of variance shown", plots.ModelLabel(m.Name()), 100*(share[0]+share[1]))
	return plots.Trajectories(title, "PC 1 of h (state units)", "PC 2 of h (state units)", paths, "t = 0", "t = 1")
}
