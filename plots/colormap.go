package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette"
)

// ProbabilityColorMap returns the colour scale of class-probability maps:
// P(class 1) = 0 is a light tint of the class 0 colour, 0.5 is white and 1
// is a light tint of the class 1 colour. Its range is [0, 1], so every panel
// that uses it shares one scale. The tints keep the class-coloured test
// points visible on top of the map.
func ProbabilityColorMap() palette.ColorMap {
	return &linearColorMap{
		stops: []color.NRGBA{tint(ClassColor(0), 0.45), {R: 0xff, G: 0xff, B: 0xff, A: 0xff}, tint(ClassColor(1), 0.45)},
		min:   0, max: 1, alpha: 1,
	}
}

// tint mixes c with white, keeping the fraction keep of the colour.
func tint(c color.Color, keep float64) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	mix := func(v uint8) uint8 { return uint8(math.Round(keep*float64(v) + (1-keep)*255)) }
	return color.NRGBA{R: mix(n.R), G: mix(n.G), B: mix(n.B), A: 0xff}
}

// linearColorMap interpolates linearly in sRGB between equally spaced
// colour stops over [min, max]. It implements palette.ColorMap.
type linearColorMap struct {
	stops    []color.NRGBA
	min, max float64
	alpha    float64
}

// At returns the colour of v, or an error when v is outside [Min, Max].
func (m *linearColorMap) At(v float64) (color.Color, error) {
	if math.IsNaN(v) || v < m.min || v > m.max {
		return nil, fmt.Errorf("colour map: value %g outside [%g, %g]", v, m.min, m.max)
	}
	if !(m.min < m.max) {
		return nil, fmt.Errorf("colour map: empty range [%g, %g]", m.min, m.max)
	}
	pos := (v - m.min) / (m.max - m.min) * float64(len(m.stops)-1)
	i := min(int(pos), len(m.stops)-2)
	f := pos - float64(i)
	a, b := m.stops[i], m.stops[i+1]
	lerp := func(x, y uint8) uint8 { return uint8(math.Round((1-f)*float64(x) + f*float64(y))) }
	return color.NRGBA{R: lerp(a.R, b.R), G: lerp(a.G, b.G), B: lerp(a.B, b.B), A: uint8(math.Round(255 * m.alpha))}, nil
}

func (m *linearColorMap) Max() float64     { return m.max }
func (m *linearColorMap) SetMax(v float64) { m.max = v }
func (m *linearColorMap) Min() float64     { return m.min }
func (m *linearColorMap) SetMin(v float64) { m.min = v }
func (m *linearColorMap) Alpha() float64   { return m.alpha }

// SetAlpha sets the opacity. It panics outside [0, 1], as the
// palette.ColorMap documentation requires.
func (m *linearColorMap) SetAlpha(a float64) {
	if a < 0 || a > 1 {
		panic(fmt.Sprintf("colour map: alpha %g outside [0, 1]", a))
	}
	m.alpha = a
}

// Palette returns n colours sampled evenly from Min to Max.
func (m *linearColorMap) Palette(n int) palette.Palette {
	colors := make(colorList, n)
	for i := range colors {
		v := m.min
		if n > 1 {
			v = m.min + (m.max-m.min)*float64(i)/float64(n-1)
		}
		colors[i], _ = m.At(v)
	}
	return colors
}

type colorList []color.Color

func (c colorList) Colors() []color.Color { return c }
