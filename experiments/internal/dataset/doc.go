// Package dataset generates the two-spiral classification benchmark.
//
// Each class is an Archimedean spiral of one and a half turns: for θ drawn
// uniformly from [0, 3π] the point is r·(cos θ, sin θ) with r = θ/(3π), plus
// independent Gaussian noise on each coordinate. Class 1 is class 0 rotated
// by π, so the two spirals interleave and no straight line separates them.
//
// For density estimation the package also draws two other classic 2-D
// sets, two moons (Moons) and a ring of 8 Gaussians (Ring); Target picks
// one of the three by name.
package dataset
