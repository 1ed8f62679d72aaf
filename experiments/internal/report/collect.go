package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/neuralode/neuralode/experiments/internal/results"
)

// Options control Collect.
type Options struct {
	// Root is the module root, where experiments/NAME folders live.
	Root string
	// Out is the results folder, passed to each experiment as -out unless
	// it is the default "results".
	Out string
	// ReuseOnly renders the JSON files as found and runs nothing.
	ReuseOnly bool
	// Force runs every available experiment even when its JSON is current.
	Force bool
	// Changed reports whether code changed since a commit.
	Changed CodeChanged
	// Run runs an experiment's program; RunGo is the real one.
	Run func(root, name string, args []string) error
	// Log receives progress lines.
	Log io.Writer
}

// RunGo runs go run ./experiments/NAME args... in root with the output on
// stderr, so that training progress stays visible.
func RunGo(root, name string, args []string) error {
	cmd := exec.Command("go", append([]string{"run", "./experiments/" + name}, args...)...)
	cmd.Dir = root
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// ReadHeader reads the results.Header of out/NAME.json.
func ReadHeader(out, name string) (*results.Header, error) {
	var h results.Header
	if err := results.ReadJSON(filepath.Join(out, name+".json"), &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// Collect produces one entry per experiment, in order, running the
// experiments whose results are missing or stale unless ReuseOnly is set.
// It returns an error only when the run of an available experiment failed,
// after collecting every entry.
func Collect(opt Options, experiments []Experiment) ([]Entry, error) {
	headers := map[string]*results.Header{}
	ran := map[string]bool{}
	var entries []Entry
	var failed []string
	for _, e := range experiments {
		entry := Entry{Name: e.Name, JSON: e.JSON}
		if _, err := os.Stat(filepath.Join(opt.Root, "experiments", e.Name)); err != nil {
			entry.Status = MissingProgram
			entries = append(entries, entry)
			fmt.Fprintf(opt.Log, "report: %s: no program experiments/%s, skipped\n", e.Name, e.Name)
			continue
		}
		header, readErr := ReadHeader(opt.Out, e.JSONName())
		if readErr != nil && !errors.Is(readErr, fs.ErrNotExist) {
			entry.Note = fmt.Sprintf("could not read the JSON: %v", readErr)
		}

		run := false
		switch {
		case opt.ReuseOnly:
		case e.Manual:
			if header != nil {
				if current, reason := Current(e, *header, headers, ran, opt.Changed); !current {
					entry.Note = "not rerun by the report (run it by hand); " + reason
				}
			}
		case header == nil:
			run = true
		case opt.Force:
			run = true
			entry.Note = "rerun requested with -force"
		default:
			current, reason := Current(e, *header, headers, ran, opt.Changed)
			if !current {
				run = true
				entry.Note = "rerun because " + reason
			}
		}

		switch {
		case run:
			var args []string
			if opt.Out != "results" {
				args = []string{"-out", opt.Out}
			}
			fmt.Fprintf(opt.Log, "report: running %s\n", e.Name)
			if err := opt.Run(opt.Root, e.Name, args); err != nil {
				entry.Status = Failed
				entry.Note = fmt.Sprintf("`go run ./experiments/%s` failed: %v", e.Name, err)
				failed = append(failed, e.Name)
				fmt.Fprintf(opt.Log, "report: %s failed: %v\n", e.Name, err)
			} else {
				ran[e.Name] = true
				entry.Status = Ran
				if header, readErr = ReadHeader(opt.Out, e.JSONName()); readErr != nil {
					entry.Status = MissingJSON
					entry.Note = fmt.Sprintf("the run succeeded but its JSON could not be read: %v", readErr)
				}
			}
		case header == nil:
			entry.Status = MissingJSON
		case opt.ReuseOnly || (e.Manual && entry.Note != ""):
			entry.Status = Unchecked
		default:
			entry.Status = Reused
		}
		entry.Header = header
		if header != nil {
			headers[e.Name] = header
		}
		entries = append(entries, entry)
	}
	if len(failed) > 0 {
		return entries, fmt.Errorf("%d experiment runs failed: %v", len(failed), failed)
	}
	return entries, nil
}
