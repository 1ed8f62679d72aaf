package main

import (
	"fmt"

	"github.com/neuralode/neuralode/experiments/internal/analysis"
	"github.com/neuralode/neuralode/experiments/internal/dataset"
	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"gonum.org/v1/gonum/mat"
)

// ProbeDescription states how the linear probe is fitted and scored.
var ProbeDescription = fmt.Sprintf("logistic regression on the standardised 6-D state, fitted with gonum L-BFGS (L2 penalty 1e-4 on the weights) on the states of the %[1]s training points and scored on the states of the %[1]s held-out test points", results.Thousands(spiralmodel.DefaultPoints))

// ModelResult is what trajectories.json records for one model.
type ModelResult struct {
	Model      string                     `json:"model"`
	Checkpoint spiralmodel.CheckpointInfo `json:"checkpoint"`
	// TestAccuracy is the model's own accuracy on the test set.
	TestAccuracy float64 `json:"test_accuracy"`
	// ExplainedVariance is the fraction of the variance of all test states
	// (all times together) along each of the two principal components.
	ExplainedVariance []float64    `json:"explained_variance"`
	Times             []TimeResult `json:"times"`
}

// TimeResult holds the measures of the states at one time.
type TimeResult struct {
	T float64 `json:"t"`
	// ProbeTrainAccuracy is the probe's accuracy on the states it was
	// fitted on, ProbeTestAccuracy on the held-out test states.
	ProbeTrainAccuracy float64 `json:"probe_train_accuracy"`
	ProbeTestAccuracy  float64 `json:"probe_test_accuracy"`
	// PlaneVariance is the fraction of the variance of the test states at
	// this time that lies in the plane of the two principal components.
	PlaneVariance float64 `json:"plane_variance"`
}

// measurement is a model's result with the projected test states that the
// figures draw.
type measurement struct {
	result *ModelResult
	times  []float64
	// projected holds, per time, the test states in principal-component
	// coordinates (n × 2).
	projected []*mat.Dense
}

// measure records the states of both sets, fits the PCA on all test states
// and a probe per time, and projects the test states.
func measure(l *spiralmodel.Loaded, testAccuracy float64, trainSet, testSet *dataset.Set) (*measurement, error) {
	trainStates, err := spiralmodel.RecordStates(l.Model, trainSet.X)
	if err != nil {
		return nil, err
	}
	testStates, err := spiralmodel.RecordStates(l.Model, testSet.X)
	if err != nil {
		return nil, err
	}
	pca, err := analysis.FitPCA(stack(testStates.At), 2)
	if err != nil {
		return nil, err
	}
	m := &measurement{
		result: &ModelResult{Model: l.Name(), Checkpoint: l.Info(), TestAccuracy: testAccuracy, ExplainedVariance: pca.ExplainedVarianceRatio()},
		times:  testStates.Times,
	}
	for k, t := range testStates.Times {
		probe, err := analysis.FitProbe(trainStates.At[k], trainSet.Labels)
		if err != nil {
			return nil, fmt.Errorf("t = %g: %w", t, err)
		}
		tr := TimeResult{T: t}
		if tr.ProbeTrainAccuracy, err = probe.Accuracy(trainStates.At[k], trainSet.Labels); err != nil {
			return nil, err
		}
		if tr.ProbeTestAccuracy, err = probe.Accuracy(testStates.At[k], testSet.Labels); err != nil {
			return nil, err
		}
		if tr.PlaneVariance, err = pca.CapturedVariance(testStates.At[k]); err != nil {
			return nil, fmt.Errorf("t = %g: %w", t, err)
		}
		m.result.Times = append(m.result.Times, tr)

		projected, err := pca.Project(testStates.At[k])
		if err != nil {
			return nil, err
		}
		m.projected = append(m.projected, projected)
	}
	return m, nil
}

// stack returns the rows of all matrices, in order, as one matrix.
func stack(parts []*mat.Dense) *mat.Dense {
	rows, cols := 0, 0
	for _, p := range parts {
		r, c := p.Dims()
		rows, cols = rows+r, c
	}
	out := mat.NewDense(rows, cols, nil)
	at := 0
	for _, p := range parts {
		r, _ := p.Dims()
		out.Slice(at, at+r, 0, cols).(*mat.Dense).Copy(p)
		at += r
	}
	return out
}
