package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neuralode/neuralode/experiments/internal/results"
)

func TestRenderFixtures(t *testing.T) {
	spiral, err := ReadHeader("testdata", "spiral")
	if err != nil {
		t.Fatal(err)
	}
	entries := []Entry{
		{Name: "spiral", Status: Reused, Header: spiral},
		{Name: "boundaries", Status: MissingJSON},
		{Name: "memory", Status: MissingProgram},
		{Name: "cnf", Status: Failed, Note: "`go run ./experiments/cnf` failed: exit status 1"},
	}
	meta := Meta{Commit: "abc", Generated: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), Command: "go run ./experiments/report"}
	md := Render("testdata", meta, entries)

	want := []string{
		"at commit `abc` (a clean work tree) on 2026-01-02 03:04 UTC",
		Rule,
		"| spiral | reused (current) | `go run ./experiments/spiral` | `1111111111` |",
		"| memory | not available: no program |",
		"### Spiral classification\n\n| model | test accuracy |\n|---|---:|\n| Neural ODE (Euler) | 97.5% |\n",
		"![The two-spiral data.](figures/spiral_data.png)",
		"Produced by `go run ./experiments/spiral` at commit `1111111111aaaaaaaaaa2222222222bbbbbbbbbb`",
		"Figure missing: `figures/spiral_training.png`",
		"`boundaries.json` does not exist. Run `go run ./experiments/boundaries`",
		"this checkout has no `experiments/memory` program",
		"The run failed: `go run ./experiments/cnf` failed: exit status 1",
	}
	for _, w := range want {
		if !strings.Contains(md, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if strings.Contains(md, "](figures/spiral_training.png)") {
		t.Error("report embeds the missing figure figures/spiral_training.png")
	}
	order := []string{"## spiral", "## boundaries", "## memory", "## cnf"}
	last := -1
	for _, heading := range order {
		i := strings.Index(md, heading+"\n")
		if i < last {
			t.Errorf("section %q is out of order", heading)
		}
		last = i
	}
}

func TestCurrentRule(t *testing.T) {
	started := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	header := results.Header{Provenance: results.Provenance{Commit: "c1", Started: started}}
	unchanged := func(string, []string) (bool, error) { return false, nil }
	changed := func(string, []string) (bool, error) { return true, nil }
	broken := func(string, []string) (bool, error) { return false, errors.New("unknown revision c1") }
	trajectories := Experiment{Name: "trajectories", Upstream: []string{"spiral"}}
	older := &results.Header{Provenance: results.Provenance{Started: started.Add(-time.Hour)}}
	newer := &results.Header{Provenance: results.Provenance{Started: started.Add(time.Hour)}}
	dirty := header
	dirty.Provenance.Dirty = true
	noCommit := header
	noCommit.Provenance.Commit = "unknown"

	tests := []struct {
		name     string
		header   results.Header
		upstream map[string]*results.Header
		ran      map[string]bool
		changed  CodeChanged
		current  bool
		reason   string
	}{
		{"clean and unchanged", header, map[string]*results.Header{"spiral": older}, nil, unchanged, true, ""},
		{"code changed", header, nil, nil, changed, false, "code changed since commit c1"},
		{"dirty tree", dirty, nil, nil, unchanged, false, "uncommitted changes"},
		{"no commit", noCommit, nil, nil, unchanged, false, "no commit"},
		{"git fails", header, nil, nil, broken, false, "unknown revision"},
		{"upstream ran", header, nil, map[string]bool{"spiral": true}, unchanged, false, "spiral ran again"},
		{"upstream newer", header, map[string]*results.Header{"spiral": newer}, nil, unchanged, false, "spiral results are newer"},
	}
	for _, tt := range tests {
		current, reason := Current(trajectories, tt.header, tt.upstream, tt.ran, tt.changed)
		if current != tt.current || !strings.Contains(reason, tt.reason) {
			t.Errorf("%s: Current = %v, %q; want %v, %q", tt.name, current, reason, tt.current, tt.reason)
		}
	}
}

func TestCollectRunsOnlyWhatIsNeeded(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "results")
	for _, name := range []string{"spiral", "trajectories", "boundaries"} {
		os.MkdirAll(filepath.Join(root, "experiments", name), 0o755)
	}
	os.MkdirAll(out, 0o755)
	// spiral is current and trajectories has no JSON. boundaries is current
	// and newer than spiral, and spiral does not run, so it is reused.
	write := func(name string, started time.Time) {
		h := results.Header{Experiment: name, Provenance: results.Provenance{Command: "go run ./experiments/" + name, Commit: "c1", Started: started}}
		if err := results.WriteJSON(filepath.Join(out, name+".json"), h); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	write("spiral", t0)
	write("boundaries", t0.Add(time.Hour))

	var runs []string
	opt := Options{
		Root: root, Out: out, Log: &strings.Builder{},
		Changed: func(string, []string) (bool, error) { return false, nil },
		Run: func(_, name string, args []string) error {
			runs = append(runs, name+" "+strings.Join(args, " "))
			write(name, t0.Add(2*time.Hour))
			return nil
		},
	}
	entries, err := Collect(opt, Experiments)
	if err != nil {
		t.Fatal(err)
	}
	if want := "trajectories -out " + out; len(runs) != 1 || runs[0] != want {
		t.Errorf("runs = %q, want only %q", runs, want)
	}
	want := map[string]Status{"spiral": Reused, "trajectories": Ran, "boundaries": Reused, "memory": MissingProgram, "liquid": MissingProgram, "cnf": MissingProgram, "speed": MissingProgram}
	for _, e := range entries {
		if e.Status != want[e.Name] {
			t.Errorf("%s: status %d, want %d (note %q)", e.Name, e.Status, want[e.Name], e.Note)
		}
	}

	// With -reuse-only nothing runs, and a failing run is reported.
	runs = nil
	opt.ReuseOnly = true
	if _, err := Collect(opt, Experiments); err != nil || len(runs) != 0 {
		t.Errorf("reuse-only: runs %q, error %v; want none", runs, err)
	}
	opt.ReuseOnly, opt.Force = false, true
	opt.Run = func(string, string, []string) error { return errors.New("exit status 1") }
	entries, err = Collect(opt, Experiments)
	if err == nil || entries[0].Status != Failed || entries[0].Header == nil {
		t.Errorf("failing runs: error %v, spiral status %d with header %v; want an error, Failed and the old header", err, entries[0].Status, entries[0].Header != nil)
	}
}
