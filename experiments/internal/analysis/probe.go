package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

// ProbeL2 is the L2 penalty on the probe's weights (not on its bias), in
// units of the mean log-loss. It keeps the weights finite on linearly
// separable data, where the unpenalised optimum lies at infinity, and is
// small enough to leave the accuracy of a well-separated fit unchanged.
const ProbeL2 = 1e-4

// Probe is a binary logistic regression on standardised features:
// P(class 1 | x) = σ(w · (x − mean)/scale + b).
type Probe struct {
	Mean, Scale []float64
	Weights     []float64
	Bias        float64
	// Iterations is the number of L-BFGS major iterations of the fit.
	Iterations int
}

// FitProbe fits a linear probe to x (n × d) and labels (0 or 1) by
// minimising the mean log-loss plus ProbeL2/2 · |w|² with gonum's L-BFGS.
// The features are standardised with the mean and standard deviation of x;
// a constant feature keeps scale 1.
func FitProbe(x *mat.Dense, labels []int) (*Probe, error) {
	n, d := x.Dims()
	if n != len(labels) {
		return nil, fmt.Errorf("linear probe: %d rows and %d labels", n, len(labels))
	}
	if n < 2 {
		return nil, fmt.Errorf("linear probe: %d rows, want at least 2", n)
	}
	for i, c := range labels {
		if c != 0 && c != 1 {
			return nil, fmt.Errorf("linear probe: label %d at row %d, want 0 or 1", c, i)
		}
	}

	p := &Probe{Mean: make([]float64, d), Scale: make([]float64, d)}
	for j := range d {
		mean, std := stat.MeanStdDev(mat.Col(nil, j, x), nil)
		if math.IsNaN(mean) || math.IsInf(mean, 0) || math.IsNaN(std) || math.IsInf(std, 0) {
			return nil, fmt.Errorf("linear probe: column %d is not finite (mean %g, standard deviation %g)", j, mean, std)
		}
		p.Mean[j], p.Scale[j] = mean, std
		if std == 0 {
			p.Scale[j] = 1
		}
	}
	z := p.standardise(x)
	y := make([]float64, n)
	for i, c := range labels {
		y[i] = float64(c)
	}

	problem := optimize.Problem{
		Func: func(theta []float64) float64 { return probeLoss(z, y, theta, nil) },
		Grad: func(grad, theta []float64) { probeLoss(z, y, theta, grad) },
	}
	settings := &optimize.Settings{GradientThreshold: 1e-8, MajorIterations: 1000}
	result, err := optimize.Minimize(problem, make([]float64, d+1), settings, &optimize.LBFGS{})
	if err != nil {
		return nil, fmt.Errorf("linear probe: L-BFGS failed: %w", err)
	}
	p.Weights = result.X[:d]
	p.Bias = result.X[d]
	p.Iterations = result.Stats.MajorIterations
	return p, nil
}

// standardise returns (x − Mean)/Scale column by column.
func (p *Probe) standardise(x mat.Matrix) *mat.Dense {
	n, d := x.Dims()
	z := mat.NewDense(n, d, nil)
	z.Apply(func(_, j int, v float64) float64 { return (v - p.Mean[j]) / p.Scale[j] }, x)
	return z
}

// probeLoss returns the mean log-loss of the logistic model theta = (w, b)
// on standardised features z plus ProbeL2/2 · |w|², and stores its gradient
// in grad when grad is not nil.
func probeLoss(z *mat.Dense, y, theta, grad []float64) float64 {
	n, d := z.Dims()
	w, b := theta[:d], theta[d]
	if grad != nil {
		clear(grad)
	}
	loss := 0.0
	for i := range n {
		row := z.RawRowView(i)
		logit := b
		for j, v := range row {
			logit += w[j] * v
		}
		// log(1 + e^s) − y·s, computed without overflow.
		loss += softplus(logit) - y[i]*logit
		if grad != nil {
			residual := sigmoid(logit) - y[i]
			for j, v := range row {
				grad[j] += residual * v
			}
			grad[d] += residual
		}
	}
	loss /= float64(n)
	for j := range d {
		loss += ProbeL2 / 2 * w[j] * w[j]
		if grad != nil {
			grad[j] = grad[j]/float64(n) + ProbeL2*w[j]
		}
	}
	if grad != nil {
		grad[d] /= float64(n)
	}
	return loss
}

// Predict returns the predicted class (0 or 1) of every row of x.
func (p *Probe) Predict(x mat.Matrix) ([]int, error) {
	_, d := x.Dims()
	if d != len(p.Weights) {
		return nil, fmt.Errorf("linear probe: data has %d columns, the probe has %d weights", d, len(p.Weights))
	}
	z := p.standardise(x)
	n, _ := z.Dims()
	out := make([]int, n)
	for i := range n {
		logit := p.Bias
		for j, v := range z.RawRowView(i) {
			logit += p.Weights[j] * v
		}
		if logit > 0 {
			out[i] = 1
		}
	}
	return out, nil
}

// Accuracy returns the fraction of rows of x whose predicted class equals
// its label.
func (p *Probe) Accuracy(x mat.Matrix, labels []int) (float64, error) {
	predicted, err := p.Predict(x)
	if err != nil {
		return 0, err
	}
	if len(predicted) != len(labels) {
		return 0, fmt.Errorf("linear probe: %d rows and %d labels", len(predicted), len(labels))
	}
	correct := 0
	for i, c := range predicted {
		if c == labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(len(labels)), nil
}

func sigmoid(s float64) float64 {
	if s >= 0 {
		return 1 / (1 + math.Exp(-s))
	}
	e := math.Exp(s)
	return e / (1 + e)
}

// softplus returns log(1 + e^s).
func softplus(s float64) float64 {
	if s > 0 {
		return s + math.Log1p(math.Exp(-s))
	}
	return math.Log1p(math.Exp(s))
}
