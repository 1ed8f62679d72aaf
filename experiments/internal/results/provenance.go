package results

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/neuralode/neuralode/graphs"
)

// Provenance records how a result was produced.
type Provenance struct {
	Command    string    `json:"command"`
	GoVersion  string    `json:"go_version"`
	BLAS       string    `json:"blas"`
	Commit     string    `json:"commit"`
	Dirty      bool      `json:"dirty"`
	GOOS       string    `json:"goos"`
	GOARCH     string    `json:"goarch"`
	NumCPU     int       `json:"num_cpu"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	CPU        string    `json:"cpu,omitempty"`
	Started    time.Time `json:"started"`
}

// NewProvenance describes the current process. Under go run, whose binary
// lives in a temporary folder, the command is rebuilt as
// "go run ./experiments/NAME" plus the arguments; a built binary is
// recorded as it was called.
func NewProvenance(program string) Provenance {
	cmd := os.Args
	if exe, err := os.Executable(); err == nil && strings.Contains(exe, string(filepath.Separator)+"go-build") {
		cmd = append([]string{"go", "run", "./experiments/" + program}, os.Args[1:]...)
		if tags := graphs.BuildTags(); tags != "" {
			cmd = append([]string{"go", "run", "-tags", tags, "./experiments/" + program}, os.Args[1:]...)
		}
	}
	commit, dirty := gitCommit()
	return Provenance{
		Command:    strings.Join(cmd, " "),
		GoVersion:  runtime.Version(),
		BLAS:       graphs.BLASName(),
		Commit:     commit,
		Dirty:      dirty,
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		CPU:        cpuModel(),
		Started:    time.Now().UTC().Truncate(time.Second),
	}
}

// modulePath identifies this module's go.mod.
const modulePath = "github.com/neuralode/neuralode"

// gitCommit returns the HEAD of the checkout that holds this module and
// whether its work tree has uncommitted changes outside results/, or
// "unknown" when the process does not run inside the module.
func gitCommit() (string, bool) {
	root := moduleRoot()
	if root == "" {
		return "unknown", false
	}
	out, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown", false
	}
	// Outputs under results/ do not make the code dirty: rerunning an
	// experiment rewrites them.
	status, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!results").Output()
	return strings.TrimSpace(string(out)), err == nil && len(strings.TrimSpace(string(status))) > 0
}

// moduleRoot returns the nearest folder at or above the working folder
// whose go.mod declares this module, or "" when there is none.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			first, _, _ := strings.Cut(string(data), "\n")
			if strings.TrimSpace(first) == "module "+modulePath {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// cpuModel returns the processor name from /proc/cpuinfo on Linux.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return ""
}
