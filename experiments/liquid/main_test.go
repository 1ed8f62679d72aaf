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
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "0"}, "epochs"},
		{[]string{"-steps", "0"}, "-steps"},
		{[]string{"-solver", "rk5"}, "-solver"},
		{[]string{"-gate-hidden", "0"}, "-gate-hidden"},
		{[]string{"-batch", "0"}, "batch"},
		{[]string{"-lr", "-1"}, "learning rate"},
		{[]string{"-points", "7"}, "-points"},
		{[]string{"-out", filepath.Join(blocker, "sub")}, "-out"},
		{[]string{"extra"}, "unexpected argument"},
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

func TestNewModelsShareLift(t *testing.T) {
	cfg, _, err := parseFlags([]string{"-out", t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	models, err := newModels(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if models[0].Name() != "euler" || models[1].Name() != "liquid" {
		t.Fatalf("models %q and %q, want euler and liquid", models[0].Name(), models[1].Name())
	}
	plain, liquid := models[0].Params()[0].Float64s(), models[1].Params()[0].Float64s()
	for i := range plain {
		if plain[i] != liquid[i] {
			t.Fatalf("lift weight %d: %g and %g, want the same start for both models", i, plain[i], liquid[i])
		}
	}
}

func TestRunWritesOutputs(t *testing.T) {
	out := t.TempDir()
	cfg, _, err := parseFlags([]string{"-out", out, "-epochs", "2", "-steps", "3", "-points", "200", "-gate-hidden", "8"})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := run(cfg, train.NewProgress(true), &table); err != nil {
		t.Fatal(err)
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "liquid.json"), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Models) != 2 || report.Models[0].Model != "euler" || report.Models[1].Model != "liquid" {
		t.Fatalf("liquid.json models = %+v", report.Models)
	}
	// 200 points in batches of 128: 2 batches per epoch, 2 epochs, 3 Euler steps.
	for _, h := range report.Models {
		if h.NFE != 12 {
			t.Errorf("%s NFE = %d, want 12", h.Model, h.NFE)
		}
	}
	if len(report.Taus) != cfg.Arch.Dim {
		t.Errorf("%d learned τ, want %d", len(report.Taus), cfg.Arch.Dim)
	}
	for i, tau := range report.Taus {
		if !(tau > 0) {
			t.Errorf("τ[%d] = %g, want positive", i, tau)
		}
	}
	if len(report.Figures) != 2 || len(report.Tables) != 1 {
		t.Errorf("header lists %d figures and %d tables, want 2 and 1", len(report.Figures), len(report.Tables))
	}
	for _, f := range report.Figures {
		if info, err := os.Stat(filepath.Join(out, f.Path)); err != nil || info.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f.Path, err)
		}
	}
	if !strings.Contains(table.String(), "| Liquid ODE (LTC) |") {
		t.Errorf("table lacks the liquid row:\n%s", table.String())
	}
}
