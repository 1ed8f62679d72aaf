package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/results"
)

func TestParseFlagsRejects(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-steps", "5,x"}, "-steps"},
		{[]string{"-steps", "0"}, "-steps"},
		{[]string{"-steps", "5,5"}, "twice"},
		{[]string{"-batch", "7"}, "-batch"},
		{[]string{"-table-steps", "30"}, "-table-steps"},
		{[]string{"-out", filepath.Join(blocker, "sub")}, "-out"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		_, err := parseFlags(append([]string{"-out", t.TempDir()}, tt.args...))
		if err == nil {
			t.Errorf("%v: accepted", tt.args)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %q does not mention %q", tt.args, err, tt.want)
		}
	}
}

func TestRunMeasuresGrowth(t *testing.T) {
	out := t.TempDir()
	cfg, err := parseFlags([]string{"-out", out, "-steps", "2,8", "-table-steps", "2", "-batch", "32"})
	if err != nil {
		t.Fatal(err)
	}
	if err := run(cfg, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "memory.json"), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Measures) != 2*len(Variants) || len(report.Tables) != 3 || len(report.Ratios) != 2 {
		t.Fatalf("memory.json has %d measures, %d tables, %d ratios; want %d, 3, 2", len(report.Measures), len(report.Tables), len(report.Ratios), 2*len(Variants))
	}
	for _, v := range Variants {
		small, _ := find(report.Measures, v.Model, v.Gradient, 2)
		large, _ := find(report.Measures, v.Model, v.Gradient, 8)
		if v.Gradient == "adjoint" {
			if small.RetainedBytes != large.RetainedBytes {
				t.Errorf("%s adjoint: retained %d bytes at 2 steps, %d at 8, want equal", v.Model, small.RetainedBytes, large.RetainedBytes)
			}
			continue
		}
		if !(large.RetainedBytes > 3*small.RetainedBytes) {
			t.Errorf("%s direct: retained %d bytes at 2 steps, %d at 8, want more than 3× growth", v.Model, small.RetainedBytes, large.RetainedBytes)
		}
		if large.PeakHeapBytes <= small.PeakHeapBytes {
			t.Errorf("%s direct: peak heap %d bytes at 2 steps, %d at 8, want growth", v.Model, small.PeakHeapBytes, large.PeakHeapBytes)
		}
	}
	if report.HeapMethod == "" || report.RetainedRule == "" || report.Provenance.GoVersion == "" {
		t.Error("memory.json lacks the methods or the provenance")
	}
	if info, err := os.Stat(filepath.Join(out, "figures", "memory_steps.png")); err != nil || info.Size() == 0 {
		t.Errorf("figure missing or empty: %v", err)
	}
}
