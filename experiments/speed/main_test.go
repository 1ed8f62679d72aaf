package main

import (
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
		{[]string{"-models", "euler,rk5"}, "rk5"},
		{[]string{"-models", ","}, "-models"},
		{[]string{"-iterations", "0"}, "-iterations"},
		{[]string{"-repeats", "0"}, "-repeats"},
		{[]string{"-warmup", "-1"}, "-warmup"},
		{[]string{"-soak", "-5"}, "-soak"},
		{[]string{"-torch", filepath.Join(t.TempDir(), "missing.py")}, "-torch"},
		{[]string{"-out", filepath.Join(blocker, "sub")}, "-out"},
		{[]string{"stray"}, "unexpected argument"},
	}
	for _, tt := range tests {
		_, err := parseFlags(append([]string{"-out", t.TempDir()}, tt.args...))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want one mentioning %q", tt.args, err, tt.want)
		}
	}
}

// TestRunWritesJSONAndPage times a tiny configuration and checks that the
// JSON, the benchmarks page and the soak samples are consistent.
func TestRunWritesJSONAndPage(t *testing.T) {
	out := t.TempDir()
	cfg, err := parseFlags([]string{"-out", out, "-models", "euler", "-iterations", "2", "-repeats", "3", "-warmup", "1", "-steps", "2", "-soak", "20"})
	if err != nil {
		t.Fatal(err)
	}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := results.ReadJSON(filepath.Join(out, "speed-"+buildName()+".json"), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Models) != 1 || len(r.Models[0].TrainMsRepeats) != 3 || !(r.Models[0].TrainMs > 0) || !(r.Models[0].BaselineMs > 0) {
		t.Fatalf("models = %+v, want one euler timing with 3 repeats", r.Models)
	}
	if got, want := r.Models[0].RunSeconds, r.Models[0].TrainMs*4; got != want {
		t.Errorf("run seconds = %g, want 4,000 iterations × %g ms = %g", got, r.Models[0].TrainMs, want)
	}
	if r.Soak == nil || len(r.Soak.HeapBytes) != 11 || r.Soak.AtIteration[10] != 20 {
		t.Errorf("soak = %+v, want 11 samples ending at iteration 20", r.Soak)
	}
	page, err := os.ReadFile(filepath.Join(out, "BENCHMARKS.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Neural ODE (Euler)") || !strings.Contains(string(page), r.Provenance.Command) {
		t.Errorf("BENCHMARKS.md lacks the Euler row or the command:\n%s", page)
	}
}
