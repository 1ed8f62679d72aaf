// Package plots draws the figures of the experiments with gonum/plot, so
// that every figure has the same look: a title, labelled axes with units, a
// legend, the same two class colours and one colour per model throughout.
package plots
