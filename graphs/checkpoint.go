package graphs

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"

	"gorgonia.org/tensor"
)

// The checkpoint format, little-endian throughout:
//
//	magic          "NODECKPT1\n" (10 bytes)
//	header length  uint32
//	header         JSON CheckpointHeader
//	values         every tensor in header order, float64 each
//	checksum       uint32, CRC-32 (IEEE) of all bytes before it
//
// The checksum detects truncated and corrupted files before any value is
// used.
const checkpointMagic = "NODECKPT1\n"

// maxCheckpointHeader bounds the header so that a corrupted length does not
// make the reader allocate gigabytes.
const maxCheckpointHeader = 1 << 20

// CheckpointHeader describes the model a checkpoint belongs to.
type CheckpointHeader struct {
	Model   string         `json:"model"`
	Arch    Arch           `json:"arch"`
	Tensors []TensorHeader `json:"tensors"`
	// Meta holds free-form provenance, such as the seed and epochs.
	Meta map[string]string `json:"meta,omitempty"`
}

// TensorHeader names one parameter and its shape.
type TensorHeader struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// WriteCheckpoint writes the parameters of a model of the given kind and
// architecture to w.
func WriteCheckpoint(w io.Writer, model string, arch Arch, params []*Param, meta map[string]string) error {
	h := CheckpointHeader{Model: model, Arch: arch, Meta: meta}
	for _, p := range params {
		h.Tensors = append(h.Tensors, TensorHeader{Name: p.Name, Shape: slices.Clone([]int(p.Value.Shape()))})
	}
	header, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("checkpoint header: %w", err)
	}

	var buf bytes.Buffer
	buf.WriteString(checkpointMagic)
	binary.Write(&buf, binary.LittleEndian, uint32(len(header)))
	buf.Write(header)
	for _, p := range params {
		for _, v := range p.Float64s() {
			binary.Write(&buf, binary.LittleEndian, math.Float64bits(v))
		}
	}
	sum := crc32.ChecksumIEEE(buf.Bytes())
	binary.Write(&buf, binary.LittleEndian, sum)

	_, err = w.Write(buf.Bytes())
	return err
}

// ErrCorruptCheckpoint marks a checkpoint that is truncated or damaged.
var ErrCorruptCheckpoint = errors.New("corrupt checkpoint")

// ReadCheckpoint reads a checkpoint and returns its header and the values
// of each tensor, after checking the magic, the checksum and that every
// tensor has as many values as its shape needs.
func ReadCheckpoint(r io.Reader) (*CheckpointHeader, [][]float64, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	n := len(checkpointMagic)
	if len(data) < n+8 || string(data[:n]) != checkpointMagic {
		return nil, nil, fmt.Errorf("%w: not a checkpoint (missing %q header)", ErrCorruptCheckpoint, checkpointMagic[:n-1])
	}
	body, tail := data[:len(data)-4], data[len(data)-4:]
	if got, want := crc32.ChecksumIEEE(body), binary.LittleEndian.Uint32(tail); got != want {
		return nil, nil, fmt.Errorf("%w: checksum %08x, file says %08x (truncated or damaged file)", ErrCorruptCheckpoint, got, want)
	}

	length := binary.LittleEndian.Uint32(body[n : n+4])
	if length > maxCheckpointHeader || int(length) > len(body)-n-4 {
		return nil, nil, fmt.Errorf("%w: header length %d exceeds the file", ErrCorruptCheckpoint, length)
	}
	var h CheckpointHeader
	if err := json.Unmarshal(body[n+4:n+4+int(length)], &h); err != nil {
		return nil, nil, fmt.Errorf("%w: header: %v", ErrCorruptCheckpoint, err)
	}

	rest := body[n+4+int(length):]
	values := make([][]float64, len(h.Tensors))
	for i, t := range h.Tensors {
		for _, d := range t.Shape {
			if d < 1 {
				return nil, nil, fmt.Errorf("%w: tensor %s has shape %v, want positive sizes", ErrCorruptCheckpoint, t.Name, t.Shape)
			}
		}
		size := tensor.Shape(t.Shape).TotalSize()
		// Compare counts, not bytes: 8·size can overflow for a forged shape.
		if size < 1 || size > len(rest)/8 {
			return nil, nil, fmt.Errorf("%w: tensor %s of shape %v needs %d bytes, %d left", ErrCorruptCheckpoint, t.Name, t.Shape, 8*size, len(rest))
		}
		values[i] = make([]float64, size)
		for j := range values[i] {
			values[i][j] = math.Float64frombits(binary.LittleEndian.Uint64(rest[8*j:]))
		}
		rest = rest[8*size:]
	}
	if len(rest) != 0 {
		return nil, nil, fmt.Errorf("%w: %d bytes after the last tensor", ErrCorruptCheckpoint, len(rest))
	}
	return &h, values, nil
}

// LoadCheckpoint reads a checkpoint into params after checking that it was
// written for the same model kind and architecture and that every tensor
// name and shape matches.
func LoadCheckpoint(r io.Reader, model string, arch Arch, params []*Param) (*CheckpointHeader, error) {
	h, values, err := ReadCheckpoint(r)
	if err != nil {
		return nil, err
	}
	if h.Model != model {
		return nil, fmt.Errorf("checkpoint is for model %q, not %q", h.Model, model)
	}
	if h.Arch != arch {
		return nil, fmt.Errorf("checkpoint architecture %+v does not match the model's %+v", h.Arch, arch)
	}
	if len(h.Tensors) != len(params) {
		return nil, fmt.Errorf("checkpoint has %d tensors, model %q has %d parameters", len(h.Tensors), model, len(params))
	}
	for i, p := range params {
		t := h.Tensors[i]
		if t.Name != p.Name || !slices.Equal(t.Shape, []int(p.Value.Shape())) {
			return nil, fmt.Errorf("checkpoint tensor %d is %s %v, model wants %s %v", i, t.Name, t.Shape, p.Name, p.Value.Shape())
		}
	}
	for i, p := range params {
		if err := p.SetFloat64s(values[i]); err != nil {
			return nil, err
		}
	}
	return h, nil
}
