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
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-targets", "spiral,banana"}, "banana"},
		{[]string{"-targets", "moons,moons"}, "twice"},
		{[]string{"-targets", ""}, "-targets"},
		{[]string{"-hidden", "64,0"}, "-hidden"},
		{[]string{"-hidden", "64,x"}, "-hidden"},
		{[]string{"-solver", "rk5"}, "-solver"},
		{[]string{"-steps", "0"}, "-steps"},
		{[]string{"-points", "7"}, "-points"},
		{[]string{"-grid", "1"}, "-grid"},
		{[]string{"-extent", "-1"}, "-extent"},
		{[]string{"-samples", "0"}, "-samples"},
		{[]string{"-epochs", "0"}, "-epochs"},
		{[]string{"-batch", "0"}, "-batch"},
		{[]string{"-lr", "0"}, "-lr"},
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

// TestRunLearnsMoons trains a small flow briefly and checks the report: the
// flow must already beat the base density on the test points, its density
// must hold its mass on the grid, and every figure must exist.
func TestRunLearnsMoons(t *testing.T) {
	out := t.TempDir()
	cfg, _, err := parseFlags([]string{"-out", out, "-targets", "moons", "-points", "400", "-epochs", "15", "-batch", "100",
		"-hidden", "16,16", "-solver", "midpoint", "-steps", "4", "-grid", "40", "-samples", "200"})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	if err := run(cfg, func(string, ...any) {}, &table); err != nil {
		t.Fatal(err)
	}
	var report Report
	if err := results.ReadJSON(filepath.Join(out, "cnf.json"), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Targets) != 1 || report.Targets[0].Target != "moons" {
		t.Fatalf("cnf.json results = %+v", report.Targets)
	}
	r := report.Targets[0]
	// 400 points in batches of 100: 4 batches, 15 epochs, 4 midpoint steps of 2 stages.
	if r.NFE != 4*15*4*2 {
		t.Errorf("NFE = %d, want %d", r.NFE, 4*15*4*2)
	}
	if r.TestLogLikelihood < r.BaseTestLogLikelihood+0.1 {
		t.Errorf("test log-likelihood %.3f, want at least 0.1 nats above the base's %.3f", r.TestLogLikelihood, r.BaseTestLogLikelihood)
	}
	if r.GridMass < 0.9 || r.GridMass > 1.05 {
		t.Errorf("density mass on the grid %.3f, want about 1", r.GridMass)
	}
	if r.RoundTrip.Steps != 4 || r.RoundTrip.Solver != "midpoint" || !(r.RoundTrip.MaxError < 0.1) {
		t.Errorf("round trip %+v, want midpoint with 4 steps and an error below 0.1", r.RoundTrip)
	}
	if r.RoundTripRefined.Steps != 16 || !(r.RoundTripRefined.MaxError < r.RoundTrip.MaxError) {
		t.Errorf("refined round trip %+v, want 16 steps and a smaller error than %+v", r.RoundTripRefined, r.RoundTrip)
	}
	if !(r.RoundTrip.MeanError > 0 && r.RoundTrip.MeanError <= r.RoundTrip.MaxError) {
		t.Errorf("round trip %+v, want 0 < mean error ≤ max error", r.RoundTrip)
	}
	if len(report.Figures) != 2 {
		t.Errorf("header lists %d figures, want 2", len(report.Figures))
	}
	for _, f := range report.Figures {
		if info, err := os.Stat(filepath.Join(out, f.Path)); err != nil || info.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f.Path, err)
		}
	}
	if !strings.Contains(table.String(), "| moons |") {
		t.Errorf("table lacks the moons row:\n%s", table.String())
	}
}
