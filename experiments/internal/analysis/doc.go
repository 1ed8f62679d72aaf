// Package analysis measures hidden states of the spiral models: a principal
// component analysis (PCA) to project them onto a plane, and a linear probe,
// a logistic regression that tests how linearly separable the two classes
// are in a state.
//
// Both work on float64 matrices with one observation per row, as gonum's
// mat and stat packages do.
package analysis
