package results

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/neuralode/neuralode/graphs"
)

// CheckpointPath returns the checkpoint file of a model of an experiment,
// such as results/checkpoints/spiral-euler.ckpt.
func CheckpointPath(dir, experiment, model string) string {
	return filepath.Join(dir, "checkpoints", experiment+"-"+model+".ckpt")
}

// SaveCheckpoint writes the parameters of m atomically.
func SaveCheckpoint(path string, m graphs.Model, arch graphs.Arch, meta map[string]string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("checkpoint folder: %w", err)
	}
	return WriteFile(path, func(w io.Writer) error {
		return graphs.WriteCheckpoint(w, m.Name(), arch, m.Params(), meta)
	})
}

// LoadCheckpoint reads the parameters of m from path, checking the model
// kind, the architecture and every tensor shape.
func LoadCheckpoint(path string, m graphs.Model, arch graphs.Arch) (*graphs.CheckpointHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h, err := graphs.LoadCheckpoint(f, m.Name(), arch, m.Params())
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return h, nil
}
