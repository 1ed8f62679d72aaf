package plots

import (
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DPI is the resolution of every PNG.
const DPI = 120

// WritePNG draws a grid of plots, rows × columns, each cell of the given
// size, as one PNG to w. A nil plot leaves its cell empty. Experiments pass
// a writer that saves the file atomically.
func WritePNG(w io.Writer, cellWidth, cellHeight vg.Length, grid [][]*plot.Plot) error {
	rows := len(grid)
	cols := 0
	for _, row := range grid {
		cols = max(cols, len(row))
	}
	img := vgimg.NewWith(vgimg.UseWH(cellWidth*vg.Length(cols), cellHeight*vg.Length(rows)), vgimg.UseDPI(DPI))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 2, PadY: vg.Millimeter * 2, PadTop: vg.Millimeter, PadBottom: vg.Millimeter, PadLeft: vg.Millimeter, PadRight: vg.Millimeter}
	padded := make([][]*plot.Plot, rows)
	for r := range grid {
		padded[r] = make([]*plot.Plot, cols)
		copy(padded[r], grid[r])
	}
	canvases := plot.Align(padded, tiles, dc)
	for r := range padded {
		for c, p := range padded[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}
