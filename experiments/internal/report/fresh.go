package report

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/neuralode/neuralode/experiments/internal/results"
)

// Rule is the reuse rule, stated in the report.
const Rule = "A JSON file is reused when its provenance records a clean work tree (no uncommitted changes to tracked files) and `git diff <recorded commit> -- <code paths>` finds no difference between that commit and the current work tree in the code the experiment depends on: `experiments/NAME`, `experiments/internal`, `graphs`, `plots`, `go.mod` and `go.sum`. An experiment that reads another's outputs (trajectories and boundaries read the spiral checkpoints) is also rerun when that upstream experiment ran in this invocation or its JSON records a later start time. Otherwise the experiment runs again with `go run ./experiments/NAME` and its defaults. Untracked new files do not count as changes."

// CodeChanged reports whether the code at paths differs between commit and
// the work tree.
type CodeChanged func(commit string, paths []string) (bool, error)

// GitCodeChanged runs git diff --quiet commit -- paths in dir. Exit status
// 1 means a difference. Any other failure, such as an unknown commit, is an
// error.
func GitCodeChanged(dir string) CodeChanged {
	return func(commit string, paths []string) (bool, error) {
		cmd := exec.Command("git", append([]string{"diff", "--quiet", commit, "--"}, paths...)...)
		cmd.Dir = dir
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case err == nil:
			return false, nil
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			return true, nil
		}
		return false, fmt.Errorf("git diff against %s: %v: %s", commit, err, strings.TrimSpace(stderr.String()))
	}
}

// Current decides whether header's results are current for the code of
// experiment e. upstream holds the headers of e's upstream experiments and
// ran the experiments that ran in this invocation. The reason explains a
// stale result.
func Current(e Experiment, header results.Header, upstream map[string]*results.Header, ran map[string]bool, changed CodeChanged) (bool, string) {
	p := header.Provenance
	if p.Commit == "" || p.Commit == "unknown" {
		return false, "the JSON records no commit"
	}
	if p.Dirty {
		return false, fmt.Sprintf("it was produced from a work tree with uncommitted changes (commit %s)", short(p.Commit))
	}
	diff, err := changed(p.Commit, CodePaths(e.Name))
	if err != nil {
		return false, err.Error()
	}
	if diff {
		return false, fmt.Sprintf("the code changed since commit %s", short(p.Commit))
	}
	for _, name := range e.Upstream {
		if ran[name] {
			return false, fmt.Sprintf("%s ran again in this invocation", name)
		}
		if up := upstream[name]; up != nil && up.Provenance.Started.After(p.Started) {
			return false, fmt.Sprintf("the %s results are newer", name)
		}
	}
	return true, ""
}

// short returns the first 10 characters of a commit hash.
func short(commit string) string {
	if len(commit) > 10 {
		return commit[:10]
	}
	return commit
}
