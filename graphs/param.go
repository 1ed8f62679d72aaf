package graphs

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

// Param is a named, trainable tensor. Its Value is shared by every graph
// that binds it, so an optimizer that updates Value in place updates all of
// them.
type Param struct {
	Name  string
	Value *tensor.Dense
}

// NewParam returns a zero-filled parameter of the given dtype and shape.
func NewParam(name string, dt tensor.Dtype, shape ...int) *Param {
	return &Param{Name: name, Value: tensor.New(tensor.WithShape(shape...), tensor.Of(dt))}
}

// Size returns the number of scalars in the parameter.
func (p *Param) Size() int { return p.Value.Shape().TotalSize() }

// Float64s returns a copy of the parameter's values as float64.
func (p *Param) Float64s() []float64 {
	switch data := p.Value.Data().(type) {
	case []float32:
		out := make([]float64, len(data))
		for i, v := range data {
			out[i] = float64(v)
		}
		return out
	case []float64:
		return append([]float64(nil), data...)
	}
	panic(fmt.Sprintf("graphs: parameter %s has unsupported dtype %v", p.Name, p.Value.Dtype()))
}

// SetFloat64s overwrites the parameter's values, converting to its dtype.
func (p *Param) SetFloat64s(values []float64) error {
	if len(values) != p.Size() {
		return fmt.Errorf("parameter %s: got %d values, want %d for shape %v", p.Name, len(values), p.Size(), p.Value.Shape())
	}
	switch data := p.Value.Data().(type) {
	case []float32:
		for i, v := range values {
			data[i] = float32(v)
		}
	case []float64:
		copy(data, values)
	default:
		return fmt.Errorf("parameter %s: unsupported dtype %v", p.Name, p.Value.Dtype())
	}
	return nil
}

// fillUniform draws every entry from U(-bound, bound).
func (p *Param) fillUniform(rng *rand.Rand, bound float64) {
	values := make([]float64, p.Size())
	for i := range values {
		values[i] = (2*rng.Float64() - 1) * bound
	}
	if err := p.SetFloat64s(values); err != nil {
		panic(err) // the length matches by construction
	}
}

// CountParams returns the total number of scalars in params.
func CountParams(params []*Param) int {
	total := 0
	for _, p := range params {
		total += p.Size()
	}
	return total
}

// uniqueParams drops repeated pointers, keeping the first occurrence, so that
// a weight shared by several layers is counted and updated once.
func uniqueParams(groups ...[]*Param) []*Param {
	seen := make(map[*Param]bool)
	var out []*Param
	for _, group := range groups {
		for _, p := range group {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// kaimingUniformBound is PyTorch's nn.Linear default: 1/√fan_in for both the
// weights and the bias.
func kaimingUniformBound(fanIn int) float64 { return 1 / math.Sqrt(float64(fanIn)) }
