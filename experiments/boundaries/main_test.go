package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
	"github.com/neuralode/neuralode/plots"
)

func TestParseFlagsRejects(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	otherSeed := t.TempDir()
	if err := spiralmodel.SaveUntrained(otherSeed, "rk4"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-grid", "1"}, "-grid"},
		{[]string{"-grid", "5000"}, "-grid"},
		{[]string{"-epochs", "0"}, "-epochs"},
		{[]string{"-out", filepath.Join(blocker, "sub")}, "-out"},
		{[]string{"-out", otherSeed, "-seed", "3"}, "-seed 0"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		_, _, err := parseFlags(append([]string{"-out", t.TempDir()}, tt.args...))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tt.args, err, tt.want)
		}
	}
}

func TestRunWritesOutputs(t *testing.T) {
	out := t.TempDir()
	if err := spiralmodel.SaveUntrained(out, Models...); err != nil {
		t.Fatal(err)
	}
	flags, cfg, err := parseFlags([]string{"-out", out, "-grid", "20", "-quiet"})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if err := run(flags, cfg, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr = %q, want nothing when every checkpoint loads", stderr.String())
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "boundaries.json"), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Models) != 3 || report.Grid.Points != 400 || len(report.Grid.Pairs) != 3 {
		t.Fatalf("boundaries.json has %d models, %d grid points, %d pairs; want 3, 400, 3", len(report.Models), report.Grid.Points, len(report.Grid.Pairs))
	}
	for i, m := range report.Models {
		if m.Model != Models[i] || m.Checkpoint.TrainedNow || m.Checkpoint.Meta["experiment"] != "test" {
			t.Errorf("model %d = %s from %+v, want %s loaded from the test checkpoint", i, m.Model, m.Checkpoint, Models[i])
		}
	}
	if len(report.Figures) != 1 || len(report.Tables) != 2 {
		t.Errorf("header lists %d figures and %d tables, want 1 and 2", len(report.Figures), len(report.Tables))
	}
	if info, err := os.Stat(filepath.Join(out, report.Figures[0].Path)); err != nil || info.Size() == 0 {
		t.Errorf("figure %s missing or empty: %v", report.Figures[0].Path, err)
	}
}

func TestDisagreementCounts(t *testing.T) {
	grid := func(values ...float64) *plots.Grid {
		g, _ := plots.NewGrid(2, 2, 0, 1, 0, 1)
		copy(g.Values, values)
		return g
	}
	// Predicted classes: a = 0 0 1 1, b = 0 1 1 1, c = 0 0 1 0.
	d, err := disagreement([]string{"a", "b", "c"}, []*plots.Grid{
		grid(0.1, 0.4, 0.9, 0.6),
		grid(0.2, 0.7, 0.8, 0.9),
		grid(0.3, 0.5, 0.6, 0.1), // 0.5 is not above 0.5: class 0
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"a-b": 0.25, "a-c": 0.25, "b-c": 0.5}
	for _, p := range d.Pairs {
		if got := p.Fraction; got != want[p.A+"-"+p.B] {
			t.Errorf("%s vs %s disagree on %g, want %g", p.A, p.B, got, want[p.A+"-"+p.B])
		}
	}
	if d.Any != 0.5 {
		t.Errorf("not all agree on %g of the grid, want 0.5", d.Any)
	}
}
