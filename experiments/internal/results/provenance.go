package results

import (
	"os"
	"os/exec"
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

// NewProvenance describes the current process. The command is rebuilt as
// "go run ./experiments/NAME" plus the arguments, because the binary of go
// run lives in a temporary folder.
func NewProvenance(program string) Provenance {
	cmd := append([]string{"go", "run", "./experiments/" + program}, os.Args[1:]...)
	if tags := graphs.BuildTags(); tags != "" {
		cmd = append([]string{"go", "run", "-tags", tags, "./experiments/" + program}, os.Args[1:]...)
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

// gitCommit returns HEAD and whether the work tree has uncommitted changes,
// or "unknown" outside a git checkout.
func gitCommit() (string, bool) {
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown", false
	}
	status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	return strings.TrimSpace(string(out)), err == nil && len(strings.TrimSpace(string(status))) > 0
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
