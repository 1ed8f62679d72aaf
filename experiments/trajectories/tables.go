package main

import (
	"fmt"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/plots"
)

// summaryTable has one row per model: its accuracy, the probe at t = 0 and
// t = 1, and the variance in the PC plane.
func summaryTable(models []*ModelResult) results.Table {
	t := results.Table{
		Title:   "Linear separability of the hidden state",
		Columns: []string{"model", "checkpoint", "model test accuracy", "probe accuracy at t = 0", "probe accuracy at t = 1", "variance in PC 1 + PC 2"},
		Align:   []string{"l", "l", "r", "r", "r", "r"},
	}
	for _, m := range models {
		first, last := m.Times[0], m.Times[len(m.Times)-1]
		t.Rows = append(t.Rows, []string{
			plots.ModelLabel(m.Model), checkpointSource(m.Checkpoint.TrainedNow, m.Checkpoint.Meta),
			results.Percent(m.TestAccuracy), results.Percent(first.ProbeTestAccuracy), results.Percent(last.ProbeTestAccuracy),
			results.Percent(m.ExplainedVariance[0] + m.ExplainedVariance[1]),
		})
	}
	return t
}

// checkpointSource describes where a model's parameters came from.
func checkpointSource(trainedNow bool, meta map[string]string) string {
	how := "loaded"
	if trainedNow {
		how = "trained now"
	}
	return fmt.Sprintf("%s (%s, %s epochs, seed %s)", how, meta["experiment"], meta["epochs"], meta["seed"])
}

// timeTable has one row per recorded time and two columns per model.
func timeTable(models []*ModelResult) results.Table {
	t := results.Table{Title: "Linear probe (held-out accuracy) and variance in the PC plane per time", Columns: []string{"t"}, Align: []string{"r"}}
	for _, m := range models {
		label := plots.ModelLabel(m.Model)
		t.Columns = append(t.Columns, label+" probe", label+" PC-plane variance")
		t.Align = append(t.Align, "r", "r")
	}
	for k := range models[0].Times {
		row := []string{fmt.Sprintf("%.2f", models[0].Times[k].T)}
		for _, m := range models {
			row = append(row, results.Percent(m.Times[k].ProbeTestAccuracy), results.Percent(m.Times[k].PlaneVariance))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
