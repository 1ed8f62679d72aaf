// Command report writes results/REPORT.md: for every experiment (spiral,
// trajectories, boundaries, memory, liquid, cnf, speed) its tables and figures,
// with the command and commit that produced them. It reuses results that
// are current for the code (the rule is stated in the report) and runs the
// other experiments with go run ./experiments/NAME and their defaults. An
// experiment without a program or without results is named as such in the
// report.
//
// Usage, from the module root:
//
//	go run ./experiments/report [-reuse-only] [-force] [-out results]
//
// The exit status is 1 when an experiment's run failed (the report is
// written anyway) and 2 for invalid flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/neuralode/neuralode/experiments/internal/report"
	"github.com/neuralode/neuralode/experiments/internal/results"
)

func main() {
	opt, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0) // -h printed the usage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "report: %v\n", err)
		os.Exit(2)
	}
	entries, runErr := report.Collect(opt, report.Experiments)
	commit, dirty := gitHead(opt.Root)
	meta := report.Meta{
		Commit: commit, Dirty: dirty, Generated: time.Now(), ReuseOnly: opt.ReuseOnly,
		Command: strings.Join(append([]string{"go", "run", "./experiments/report"}, os.Args[1:]...), " "),
	}
	path := filepath.Join(opt.Out, "REPORT.md")
	err = results.WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, report.Render(opt.Out, meta, entries))
		return err
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "report: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "report: wrote %s\n", path)
	if runErr != nil {
		fmt.Fprintf(os.Stderr, "report: %v\n", runErr)
		os.Exit(1)
	}
}

func parseFlags(args []string) (report.Options, error) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	out := fs.String("out", "results", "results folder: reads NAME.json and figures/, writes REPORT.md")
	reuseOnly := fs.Bool("reuse-only", false, "render the JSON files as found; run no experiment")
	force := fs.Bool("force", false, "run every available experiment even when its results are current")
	if err := fs.Parse(args); err != nil {
		return report.Options{}, err
	}
	if fs.NArg() > 0 {
		return report.Options{}, fmt.Errorf("unexpected argument %q; all settings are flags (see -h)", fs.Arg(0))
	}
	if *reuseOnly && *force {
		return report.Options{}, fmt.Errorf("invalid flags: -reuse-only and -force exclude each other")
	}
	root, err := os.Getwd()
	if err != nil {
		return report.Options{}, err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil && !*reuseOnly {
		return report.Options{}, fmt.Errorf("run the report from the module root (the folder with go.mod), not %s", root)
	}
	if err := results.CheckWritable(*out); err != nil {
		return report.Options{}, fmt.Errorf("invalid -out: %v", err)
	}
	return report.Options{
		Root: root, Out: *out, ReuseOnly: *reuseOnly, Force: *force,
		Changed: report.GitCodeChanged(root), Run: report.RunGo, Log: os.Stderr,
	}, nil
}

// gitHead returns HEAD and whether tracked files have uncommitted changes.
func gitHead(dir string) (string, bool) {
	cmd := exec.Command("git", "rev-parse", "HEAD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "unknown", false
	}
	status := exec.Command("git", "status", "--porcelain", "--untracked-files=no")
	status.Dir = dir
	changes, err := status.Output()
	return strings.TrimSpace(string(out)), err == nil && len(strings.TrimSpace(string(changes))) > 0
}
