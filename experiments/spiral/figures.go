package main

import (
	"fmt"
	"io"

	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/train"
	"github.com/neuralode/neuralode/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// writeDataFigure draws the training and the test set side by side.
func writeDataFigure(path string, trainSet, testSet *dataset.Set) error {
	left, err := plots.ClassScatter(fmt.Sprintf("Training set (%s points)", results.Thousands(trainSet.Len())), trainSet.X, trainSet.Labels)
	if err != nil {
		return err
	}
	right, err := plots.ClassScatter(fmt.Sprintf("Test set (%s points)", results.Thousands(testSet.Len())), testSet.X, testSet.Labels)
	if err != nil {
		return err
	}
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNG(w, 12*vg.Centimeter, 12*vg.Centimeter, [][]*plot.Plot{{left, right}})
	})
}

// writeTrainingFigure draws the loss and the accuracies per epoch of every
// model: training accuracy solid, test accuracy dashed.
func writeTrainingFigure(path string, models []*train.History) error {
	var loss, acc []plots.Series
	for _, h := range models {
		epochs := make([]float64, len(h.EpochLoss))
		for i := range epochs {
			epochs[i] = float64(i + 1)
		}
		loss = append(loss, plots.Series{Model: h.Model, X: epochs, Y: h.EpochLoss})
		trainAcc := make([]float64, len(h.EpochTrainAccuracy))
		for i, a := range h.EpochTrainAccuracy {
			trainAcc[i] = 100 * a
		}
		acc = append(acc, plots.Series{Model: h.Model, X: epochs, Y: trainAcc, Label: plots.ModelLabel(h.Model) + ", train"})
		var testEpochs, testAcc []float64
		for i, a := range h.EpochTestAccuracy {
			if a != nil {
				testEpochs = append(testEpochs, float64(i+1))
				testAcc = append(testAcc, 100**a)
			}
		}
		acc = append(acc, plots.Series{Model: h.Model, X: testEpochs, Y: testAcc, Dashed: true, Label: plots.ModelLabel(h.Model) + ", test"})
	}
	lossPlot, err := plots.LineChart("Training loss", "epoch", "cross-entropy (nats)", loss)
	if err != nil {
		return err
	}
	accPlot, err := plots.LineChart("Accuracy", "epoch", "accuracy (%)", acc)
	if err != nil {
		return err
	}
	accPlot.Legend.Top = false
	return results.WriteFile(path, func(w io.Writer) error {
		return plots.WritePNG(w, 14*vg.Centimeter, 11*vg.Centimeter, [][]*plot.Plot{{lossPlot, accPlot}})
	})
}
