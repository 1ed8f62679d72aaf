package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/spiralmodel"
)

func TestParseFlagsRejects(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	otherSeed := t.TempDir()
	if err := spiralmodel.SaveUntrained(otherSeed, "euler"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-paths", "0"}, "-paths"},
		{[]string{"-paths", "1001"}, "-paths"},
		{[]string{"-epochs", "-1"}, "-epochs"},
		{[]string{"-out", filepath.Join(blocker, "sub")}, "-out"},
		{[]string{"-out", otherSeed, "-seed", "2"}, "-seed 0"},
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
	flags, cfg, err := parseFlags([]string{"-out", out, "-paths", "20", "-quiet"})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if err := run(flags, cfg, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "trajectories.json"), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Models) != 2 {
		t.Fatalf("trajectories.json has %d models, want 2", len(report.Models))
	}
	for _, m := range report.Models {
		if len(m.Times) != spiralmodel.Arch.Steps+1 {
			t.Errorf("%s: %d times, want %d", m.Model, len(m.Times), spiralmodel.Arch.Steps+1)
		}
		if sum := m.ExplainedVariance[0] + m.ExplainedVariance[1]; !(sum > 0 && sum <= 1+1e-9) || m.ExplainedVariance[0] < m.ExplainedVariance[1] {
			t.Errorf("%s: explained variance %v, want decreasing fractions summing to at most 1", m.Model, m.ExplainedVariance)
		}
		for _, tr := range m.Times {
			if tr.ProbeTestAccuracy < 0 || tr.ProbeTestAccuracy > 1 || tr.PlaneVariance < 0 || tr.PlaneVariance > 1+1e-9 {
				t.Errorf("%s at t = %g: probe %g, plane variance %g, want fractions", m.Model, tr.T, tr.ProbeTestAccuracy, tr.PlaneVariance)
			}
		}
	}
	for _, f := range report.Figures {
		if info, err := os.Stat(filepath.Join(out, f.Path)); err != nil || info.Size() == 0 {
			t.Errorf("figure %s missing or empty: %v", f.Path, err)
		}
	}
}
