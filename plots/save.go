package plots

import (
	"fmt"
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
	drawGrid(draw.New(img), rows, cols, grid)
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// drawGrid draws the plots of grid into rows × cols aligned tiles of dc and
// returns the canvas of each tile.
func drawGrid(dc draw.Canvas, rows, cols int, grid [][]*plot.Plot) [][]draw.Canvas {
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
	return canvases
}

// ColorBarWidth is the width of the colour bar column of
// WritePNGWithColorBar.
const ColorBarWidth = 2.2 * vg.Centimeter

// WritePNGWithColorBar draws a grid of plots like WritePNG and a colour bar
// plot in a narrow column to its right. The bar spans the data areas of the
// plots in the last column, from the bottom of the last row to the top of
// the first, so that its scale sits next to the maps it describes.
func WritePNGWithColorBar(w io.Writer, cellWidth, cellHeight vg.Length, grid [][]*plot.Plot, bar *plot.Plot) error {
	rows := len(grid)
	cols := 0
	for _, row := range grid {
		cols = max(cols, len(row))
	}
	if rows == 0 || cols == 0 {
		return fmt.Errorf("write PNG: empty grid of plots")
	}
	img := vgimg.NewWith(vgimg.UseWH(cellWidth*vg.Length(cols)+ColorBarWidth, cellHeight*vg.Length(rows)), vgimg.UseDPI(DPI))
	dc := draw.New(img)
	panels := draw.Crop(dc, 0, -ColorBarWidth, 0, 0)
	canvases := drawGrid(panels, rows, cols, grid)

	// The data area of the last plot of the first and last rows fixes the
	// vertical extent of the bar.
	top, bottom := panels.Max.Y, panels.Min.Y
	if p := grid[0][len(grid[0])-1]; p != nil {
		top = p.DataCanvas(canvases[0][len(grid[0])-1]).Max.Y
	}
	if p := grid[rows-1][len(grid[rows-1])-1]; p != nil {
		bottom = p.DataCanvas(canvases[rows-1][len(grid[rows-1])-1]).Min.Y
	}
	barCanvas := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: panels.Max.X + vg.Millimeter*2, Y: bottom},
		Max: vg.Point{X: dc.Max.X - vg.Millimeter*2, Y: top},
	}}
	bar.Draw(barCanvas)

	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}
