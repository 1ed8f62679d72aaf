package plots

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestGridCoordinates(t *testing.T) {
	g, err := NewGrid(3, 2, -1, 1, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if c, r := g.Dims(); c != 3 || r != 2 || len(g.Values) != 6 {
		t.Fatalf("Dims() = %d, %d with %d values, want 3, 2 with 6", c, r, len(g.Values))
	}
	want := []float64{-1, 0, 0, 0, 1, 0, -1, 4, 0, 4, 1, 4}
	got := g.Points()
	if len(got) != len(want) {
		t.Fatalf("Points() has %d values, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Points()[%d] = %g, want %g", i, got[i], want[i])
		}
	}
	g.Values[4] = 7 // row 1, column 1
	if z := g.Z(1, 1); z != 7 {
		t.Errorf("Z(1, 1) = %g, want 7 (row-major Values)", z)
	}
}

func TestNewGridRejects(t *testing.T) {
	tests := []struct {
		name                   string
		cols, rows             int
		xMin, xMax, yMin, yMax float64
	}{
		{"one column", 1, 5, 0, 1, 0, 1},
		{"empty x range", 5, 5, 1, 1, 0, 1},
		{"reversed y range", 5, 5, 0, 1, 1, 0},
		{"NaN bound", 5, 5, math.NaN(), 1, 0, 1},
		{"infinite bound", 5, 5, 0, math.Inf(1), 0, 1},
	}
	for _, tt := range tests {
		if _, err := NewGrid(tt.cols, tt.rows, tt.xMin, tt.xMax, tt.yMin, tt.yMax); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func TestProbabilityColorMapEnds(t *testing.T) {
	cm := ProbabilityColorMap()
	tests := []struct {
		v    float64
		want color.NRGBA
	}{
		{0, tint(ClassColor(0), 0.45)},
		{0.5, color.NRGBA{R: 255, G: 255, B: 255, A: 255}},
		{1, tint(ClassColor(1), 0.45)},
	}
	for _, tt := range tests {
		got, err := cm.At(tt.v)
		if err != nil {
			t.Fatalf("At(%g): %v", tt.v, err)
		}
		if got != tt.want {
			t.Errorf("At(%g) = %v, want %v", tt.v, got, tt.want)
		}
	}
	for _, v := range []float64{-0.01, 1.01, math.NaN()} {
		if _, err := cm.At(v); err == nil {
			t.Errorf("At(%g) accepted a value outside [0, 1]", v)
		}
	}
}

// renderPixel draws p on a canvas of the given size and returns the colour
// at the fraction (fx, fy) of its data area, measured from the bottom left.
func renderPixel(t *testing.T, p *plot.Plot, fx, fy float64) color.NRGBA {
	t.Helper()
	img := vgimg.NewWith(vgimg.UseWH(10*vg.Centimeter, 10*vg.Centimeter), vgimg.UseDPI(DPI))
	dc := draw.New(img)
	p.Draw(dc)
	data := p.DataCanvas(dc)
	x := data.Min.X + vg.Length(fx)*(data.Max.X-data.Min.X)
	y := data.Min.Y + vg.Length(fy)*(data.Max.Y-data.Min.Y)
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	h := decoded.Bounds().Dy()
	px := int(x.Dots(DPI))
	py := h - 1 - int(y.Dots(DPI)) // image rows count from the top
	return color.NRGBAModel.Convert(decoded.At(px, py)).(color.NRGBA)
}

func TestProbabilityMapUsesFixedScale(t *testing.T) {
	// A map whose values span only [0.25, 0.75] must still be coloured on
	// the [0, 1] scale, so that panels of different models compare.
	g, err := NewGrid(40, 40, -1, 1, -1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for r := range g.Rows {
		for c := range g.Cols {
			v := 0.25
			if c >= g.Cols/2 {
				v = 0.75
			}
			g.Values[r*g.Cols+c] = v
		}
	}
	p, err := ProbabilityMap("test", g, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cm := ProbabilityColorMap()
	for _, tt := range []struct{ fx, v float64 }{{0.2, 0.25}, {0.8, 0.75}} {
		got := renderPixel(t, p, tt.fx, 0.3)
		want, _ := cm.At(tt.v)
		w := want.(color.NRGBA)
		if diff(got.R, w.R) > 3 || diff(got.G, w.G) > 3 || diff(got.B, w.B) > 3 {
			t.Errorf("pixel at x fraction %g = %v, want the colour of %g: %v", tt.fx, got, tt.v, w)
		}
	}
}

func diff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestProbabilityMapRejects(t *testing.T) {
	g, _ := NewGrid(4, 4, -1, 1, -1, 1)
	g.Values[5] = 1.5
	if _, err := ProbabilityMap("bad", g, nil, nil); err == nil || !strings.Contains(err.Error(), "1.5") {
		t.Errorf("value 1.5: error %v, want one naming the value", err)
	}
	g.Values[5] = math.NaN()
	if _, err := ProbabilityMap("bad", g, nil, nil); err == nil {
		t.Error("NaN value accepted")
	}
	g.Values[5] = 0.5
	if _, err := ProbabilityMap("bad", g, []float64{0, 0, 1}, []int{0, 1}); err == nil {
		t.Error("3 coordinates for 2 labels accepted")
	}
}

func TestTrajectoriesRejects(t *testing.T) {
	tests := []struct {
		name string
		path Path
	}{
		{"unequal lengths", Path{X: []float64{0, 1}, Y: []float64{0}}},
		{"empty path", Path{}},
		{"class 2", Path{X: []float64{0}, Y: []float64{0}, Class: 2}},
	}
	for _, tt := range tests {
		if _, err := Trajectories("t", "x", "y", []Path{tt.path}, "start", "end"); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func TestWritePNGWithColorBarSize(t *testing.T) {
	g, _ := NewGrid(10, 10, -1, 1, -1, 1)
	p1, err := ProbabilityMap("a", g, []float64{0, 0, 0.5, 0.5}, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := ProbabilityMap("b", g, nil, nil)
	var buf bytes.Buffer
	if err := WritePNGWithColorBar(&buf, 5*vg.Centimeter, 5*vg.Centimeter, [][]*plot.Plot{{p1, p2}}, ProbabilityColorBar()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	wantW := int(math.Round((10*vg.Centimeter + ColorBarWidth).Dots(DPI)))
	wantH := int(math.Round((5 * vg.Centimeter).Dots(DPI)))
	if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
		t.Errorf("image is %d × %d pixels, want %d × %d", b.Dx(), b.Dy(), wantW, wantH)
	}
}
