package graphs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/tensor"
)

func TestCheckpointRoundTrip(t *testing.T) {
	a := SpiralArch
	src, _ := NewSpiralModel("rk4", rand.New(rand.NewPCG(1, 1)), tensor.Float32, a)
	var buf bytes.Buffer
	if err := WriteCheckpoint(&buf, "rk4", a, src.Params(), map[string]string{"seed": "1"}); err != nil {
		t.Fatal(err)
	}
	dst, _ := NewSpiralModel("rk4", rand.New(rand.NewPCG(2, 2)), tensor.Float32, a)
	h, err := LoadCheckpoint(bytes.NewReader(buf.Bytes()), "rk4", a, dst.Params())
	if err != nil {
		t.Fatal(err)
	}
	if h.Meta["seed"] != "1" {
		t.Errorf("meta seed = %q, want 1", h.Meta["seed"])
	}
	for i, p := range dst.Params() {
		if !slices.Equal(p.Float64s(), src.Params()[i].Float64s()) {
			t.Errorf("%s differs after the round trip", p.Name)
		}
	}
}

func TestCheckpointRejects(t *testing.T) {
	a := SpiralArch
	m, _ := NewSpiralModel("euler", rand.New(rand.NewPCG(1, 1)), tensor.Float32, a)
	var buf bytes.Buffer
	if err := WriteCheckpoint(&buf, "euler", a, m.Params(), nil); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0xff
	other := a
	other.Hidden = 64
	small, _ := NewSpiralModel("euler", rand.New(rand.NewPCG(1, 1)), tensor.Float32, other)

	tests := []struct {
		name    string
		data    []byte
		model   string
		arch    Arch
		params  []*Param
		corrupt bool
	}{
		{"truncated", good[:len(good)-100], "euler", a, m.Params(), true},
		{"flipped byte", flipped, "euler", a, m.Params(), true},
		{"not a checkpoint", []byte("hello, world"), "euler", a, m.Params(), true},
		{"other model", good, "rk4", a, m.Params(), false},
		{"other architecture", good, "euler", other, small.Params(), false},
	}
	for _, tt := range tests {
		_, err := LoadCheckpoint(bytes.NewReader(tt.data), tt.model, tt.arch, tt.params)
		if err == nil {
			t.Errorf("%s: loaded without error", tt.name)
			continue
		}
		if got := errors.Is(err, ErrCorruptCheckpoint); got != tt.corrupt {
			t.Errorf("%s: errors.Is(err, ErrCorruptCheckpoint) = %v, want %v (%v)", tt.name, got, tt.corrupt, err)
		}
	}
}

// TestCheckpointRejectsForgedShape builds a file with a valid checksum whose
// header claims a tensor too large to allocate, and one with a zero size.
func TestCheckpointRejectsForgedShape(t *testing.T) {
	for _, shape := range []string{`[2305843009213693953]`, `[0, 4]`, `[-1, 3]`} {
		header := []byte(`{"model":"euler","arch":{},"tensors":[{"name":"w","shape":` + shape + `}]}`)
		var buf bytes.Buffer
		buf.WriteString(checkpointMagic)
		binary.Write(&buf, binary.LittleEndian, uint32(len(header)))
		buf.Write(header)
		buf.Write(make([]byte, 16))
		binary.Write(&buf, binary.LittleEndian, crc32.ChecksumIEEE(buf.Bytes()))
		if _, _, err := ReadCheckpoint(&buf); !errors.Is(err, ErrCorruptCheckpoint) {
			t.Errorf("shape %s: error %v, want ErrCorruptCheckpoint", shape, err)
		}
	}
}
