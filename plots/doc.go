// Package plots draws the figures of the experiments with gonum/plot, so
// that every figure has the same look: a title, labelled axes with units, a
// legend, the same two class colours and one colour per model throughout.
//
// Besides line charts and class scatters, the package draws trajectories
// (Trajectories) and class-probability maps of a Grid with the decision
// boundary (ProbabilityMap). All probability maps use ProbabilityColorMap
// on [0, 1], and WritePNGWithColorBar places the shared colour bar
// (ProbabilityColorBar) next to them.
package plots
