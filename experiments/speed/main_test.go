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
		{[]string{"-torch-rounds", "0"}, "-torch-rounds"},
		{[]string{"-batch", "1001"}, "-batch"},
		{[]string{"-torch", t.TempDir()}, "regular file"},
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

// runSpeed runs the program with args, which must include -out, and
// returns the report it wrote.
func runSpeed(t *testing.T, args ...string) Report {
	t.Helper()
	cfg, err := parseFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := results.ReadJSON(filepath.Join(cfg.Out, "speed-"+buildName()+".json"), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRunWritesJSONAndPage times a tiny configuration and checks that the
// JSON, the benchmarks page and the soak samples are consistent.
func TestRunWritesJSONAndPage(t *testing.T) {
	out := t.TempDir()
	r := runSpeed(t, "-out", out, "-models", "euler", "-iterations", "2", "-repeats", "3", "-warmup", "1", "-steps", "2", "-soak", "20")
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

// TestPairedRoundsWithFakeTorch runs the PyTorch comparison against a
// stand-in script that reports 0.4 s for one epoch of 8 iterations, so
// every PyTorch round must come out at 50 ms and every ratio at the
// round's own time over 50 ms.
func TestPairedRoundsWithFakeTorch(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3 to run the stand-in script")
	}
	script := filepath.Join(t.TempDir(), "fake_torch.py")
	if err := os.WriteFile(script, []byte(`print('{"seconds": 0.4, "test_accuracy": 0.5}')`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	r := runSpeed(t, "-out", t.TempDir(), "-models", "euler", "-iterations", "2", "-repeats", "1", "-warmup", "0", "-steps", "2",
		"-soak", "0", "-baseline=false", "-torch", script, "-torch-epochs", "1", "-torch-rounds", "3")
	torch := r.Models[0].Torch
	if torch == nil || len(torch.Rounds) != 3 {
		t.Fatalf("torch = %+v, want 3 paired rounds", torch)
	}
	var ratios []float64
	for i, round := range torch.Rounds {
		if round.TorchTrainMs != 50 {
			t.Errorf("round %d: PyTorch %g ms, want 50", i, round.TorchTrainMs)
		}
		if want := round.TrainMs / 50; round.Ratio != want {
			t.Errorf("round %d: ratio %g, want %g", i, round.Ratio, want)
		}
		ratios = append(ratios, round.Ratio)
	}
	if torch.TrainMs != 50 || torch.Ratio != median(ratios) {
		t.Errorf("PyTorch %g ms and ratio %g, want 50 ms and the median ratio %g", torch.TrainMs, torch.Ratio, median(ratios))
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{7}, 7}, {nil, 0}}
	for _, tt := range tests {
		if got := median(tt.xs); got != tt.want {
			t.Errorf("median(%v) = %g, want %g", tt.xs, got, tt.want)
		}
	}
}

func TestRunTorchRejectsBadOutput(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3 to run the stand-in scripts")
	}
	tests := []struct {
		name, printed, want string
	}{
		{"zero seconds", `{"seconds": 0, "test_accuracy": 0.5}`, "positive"},
		{"negative seconds", `{"seconds": -1, "test_accuracy": 0.5}`, "positive"},
		{"no seconds", `{"test_accuracy": 0.5}`, "positive"},
		{"not JSON", `hello`, "want one JSON line"},
	}
	for _, tt := range tests {
		script := filepath.Join(t.TempDir(), "fake_torch.py")
		if err := os.WriteFile(script, []byte("print('"+tt.printed+"')\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := runTorch(script, "euler", 1, 1); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}
