// Package results writes experiment outputs safely and records where they
// came from.
//
// Every file is written to a temporary file in the destination folder and
// renamed into place, so an interrupted run leaves the previous file whole.
// Provenance records the command line, Go version, BLAS backend and commit
// that produced a result, so every number can be traced to a run.
package results
