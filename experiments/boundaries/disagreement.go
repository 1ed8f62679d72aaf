package main

import (
	"fmt"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/plots"
)

// Disagreement is where on the grid the models predict different classes.
// A model predicts class 1 where P(class 1) > 0.5, as the argmax of its
// logits does.
type Disagreement struct {
	Points int        `json:"points"`
	Pairs  []PairDiff `json:"pairs"`
	// Any is the fraction of grid points where not all models agree.
	Any float64 `json:"any"`
}

// PairDiff is the fraction of grid points where two models disagree.
type PairDiff struct {
	A        string  `json:"a"`
	B        string  `json:"b"`
	Fraction float64 `json:"fraction"`
}

// disagreement compares the predicted classes of the grids of models,
// which must have the same shape.
func disagreement(models []string, grids []*plots.Grid) (Disagreement, error) {
	if len(models) != len(grids) || len(grids) < 2 {
		return Disagreement{}, fmt.Errorf("disagreement: %d models and %d grids, want at least 2 of each", len(models), len(grids))
	}
	n := len(grids[0].Values)
	for i, g := range grids {
		if len(g.Values) != n {
			return Disagreement{}, fmt.Errorf("disagreement: grid of %s has %d values, grid of %s %d", models[i], len(g.Values), models[0], n)
		}
	}
	d := Disagreement{Points: n}
	for i := range grids {
		for j := i + 1; j < len(grids); j++ {
			differ := 0
			for k := range n {
				if (grids[i].Values[k] > 0.5) != (grids[j].Values[k] > 0.5) {
					differ++
				}
			}
			d.Pairs = append(d.Pairs, PairDiff{A: models[i], B: models[j], Fraction: float64(differ) / float64(n)})
		}
	}
	differ := 0
	for k := range n {
		first := grids[0].Values[k] > 0.5
		for _, g := range grids[1:] {
			if (g.Values[k] > 0.5) != first {
				differ++
				break
			}
		}
	}
	d.Any = float64(differ) / float64(n)
	return d, nil
}

// class1Fraction returns the fraction of g where P(class 1) > 0.5.
func class1Fraction(g *plots.Grid) float64 {
	count := 0
	for _, v := range g.Values {
		if v > 0.5 {
			count++
		}
	}
	return float64(count) / float64(len(g.Values))
}

// accuracyTable has one row per model.
func accuracyTable(models []ModelResult) results.Table {
	t := results.Table{
		Title:   "Decision boundaries: models",
		Columns: []string{"model", "checkpoint", "test accuracy", "grid classified as class 1"},
		Align:   []string{"l", "l", "r", "r"},
	}
	for _, m := range models {
		how := "loaded"
		if m.Checkpoint.TrainedNow {
			how = "trained now"
		}
		source := fmt.Sprintf("%s (%s, %s epochs, seed %s)", how, m.Checkpoint.Meta["experiment"], m.Checkpoint.Meta["epochs"], m.Checkpoint.Meta["seed"])
		t.Rows = append(t.Rows, []string{plots.ModelLabel(m.Model), source, results.Percent(m.TestAccuracy), results.Percent(m.Class1Fraction)})
	}
	return t
}

// disagreementTable lists the pairwise and the all-model disagreement.
func disagreementTable(d Disagreement) results.Table {
	t := results.Table{
		Title:   fmt.Sprintf("Decision boundaries: fraction of the %s grid points where models disagree", results.Thousands(d.Points)),
		Columns: []string{"models", "disagreement"},
		Align:   []string{"l", "r"},
	}
	for _, p := range d.Pairs {
		t.Rows = append(t.Rows, []string{plots.ModelLabel(p.A) + " vs " + plots.ModelLabel(p.B), results.Percent(p.Fraction)})
	}
	t.Rows = append(t.Rows, []string{"not all models agree", results.Percent(d.Any)})
	return t
}
