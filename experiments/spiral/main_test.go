package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/experiments/internal/train"
)

func TestParseFlagsRejects(t *testing.T) {
	readOnly := t.TempDir()
	if err := os.Chmod(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)

	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "0"}, "epochs"},
		{[]string{"-epochs", "-3"}, "epochs"},
		{[]string{"-steps", "0"}, "-steps"},
		{[]string{"-batch", "0"}, "batch"},
		{[]string{"-models", "euler,rk5"}, "rk5"},
		{[]string{"-models", "euler,euler"}, "twice"},
		{[]string{"-models", ""}, "-models"},
		{[]string{"-points", "7"}, "-points"},
		{[]string{"-out", filepath.Join(blocker, "sub")}, "-out"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"-grad", "exact"}, "-grad"},
		{[]string{"-grad", "adjoint"}, "resnet"},
	}
	if os.Geteuid() != 0 { // root writes into read-only folders
		tests = append(tests, struct {
			args []string
			want string
		}{[]string{"-out", readOnly}, "-out"})
	}
	for _, tt := range tests {
		_, _, err := parseFlags(append([]string{"-out", t.TempDir()}, tt.args...))
		if err == nil {
			t.Errorf("%v: accepted", tt.args)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %q does not mention %q", tt.args, err, tt.want)
		}
	}
}

func TestParseFlagsDefaults(t *testing.T) {
	cfg, _, err := parseFlags([]string{"-out", t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.Models, ",") != "euler,rk4,resnet" || cfg.Train.Epochs != 500 || cfg.Train.Batch != 128 || cfg.Arch.Steps != 20 || cfg.Train.Gradient != train.Direct {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestRunWritesOutputs(t *testing.T) {
	out := t.TempDir()
	cfg, _, err := parseFlags([]string{"-out", out, "-epochs", "2", "-steps", "2", "-models", "euler,resnet", "-points", "200"})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := run(cfg, train.NewProgress(true), &table); err != nil {
		t.Fatal(err)
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "spiral.json"), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Models) != 2 || report.Models[0].Model != "euler" || report.Models[1].Model != "resnet" {
		t.Fatalf("spiral.json models = %+v", report.Models)
	}
	// 200 points in batches of 128: 2 batches per epoch, 2 epochs, 2 steps.
	if report.Models[0].NFE != 8 {
		t.Errorf("euler NFE = %d, want 8", report.Models[0].NFE)
	}
	if report.Provenance.GoVersion == "" || report.Provenance.BLAS == "" {
		t.Errorf("provenance incomplete: %+v", report.Provenance)
	}
	for _, name := range []string{"checkpoints/spiral-euler.ckpt", "checkpoints/spiral-resnet.ckpt", "figures/spiral_data.png", "figures/spiral_training.png"} {
		if info, err := os.Stat(filepath.Join(out, name)); err != nil || info.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	if !strings.Contains(table.String(), "| ResNet MLP |") {
		t.Errorf("table lacks the ResNet row:\n%s", table.String())
	}
}

func TestAdjointRunBeatsChance(t *testing.T) {
	// A short run with adjoint gradients learns the spirals: chance is 50%.
	out := t.TempDir()
	cfg, _, err := parseFlags([]string{"-out", out, "-grad", "adjoint", "-models", "euler", "-epochs", "30", "-steps", "5", "-eval-every", "30"})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := run(cfg, train.NewProgress(true), &table); err != nil {
		t.Fatal(err)
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "spiral.json"), &report); err != nil {
		t.Fatal(err)
	}
	if report.Config.Train.Gradient != train.Adjoint {
		t.Errorf("spiral.json records gradient %q, want adjoint", report.Config.Train.Gradient)
	}
	h := report.Models[0]
	t.Logf("test accuracy %.3f, train accuracy %.3f, %.1f s", h.TestAccuracy, h.TrainAccuracy, h.TrainSeconds)
	if h.TestAccuracy < 0.65 {
		t.Errorf("test accuracy after 30 epochs = %.3f, want at least 0.65", h.TestAccuracy)
	}
	if first, last := h.EpochLoss[0], h.EpochLoss[len(h.EpochLoss)-1]; !(last < first) {
		t.Errorf("loss went from %.4f to %.4f, want a decrease", first, last)
	}
}
