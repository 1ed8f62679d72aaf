package results

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileKeepsOldOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := WriteJSON(path, map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	failure := errors.New("disk full")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, `{"a": 2, "trunc`)
		return failure
	})
	if !errors.Is(err, failure) {
		t.Fatalf("WriteFile returned %v, want the writer's error", err)
	}
	var got map[string]int
	if err := ReadJSON(path, &got); err != nil || got["a"] != 1 {
		t.Errorf("after a failed write the file holds %v (%v), want the old {a: 1}", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only out.json (no temporary files)", len(entries))
	}
}

func TestProvenanceFindsModuleCommit(t *testing.T) {
	p := NewProvenance("spiral")
	if p.Commit == "unknown" || len(p.Commit) != 40 {
		t.Errorf("commit = %q inside the module's checkout, want a 40-digit hash", p.Commit)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(t.TempDir())
	if got := NewProvenance("spiral").Commit; got != "unknown" {
		t.Errorf("commit outside the module = %q, want unknown", got)
	}
}
