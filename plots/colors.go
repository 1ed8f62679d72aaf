package plots

import "image/color"

// ClassColors are the colours of class 0 and class 1 in every figure.
var ClassColors = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, // blue
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}, // orange
}

// ClassColor returns the colour of a class label.
func ClassColor(class int) color.Color { return ClassColors[class%len(ClassColors)] }

// modelColors fixes one colour per model across all figures. The palette
// avoids the two class colours.
var modelColors = map[string]color.Color{
	"euler":    color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, // green
	"rk4":      color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, // red
	"resnet":   color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, // purple
	"midpoint": color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, // brown
	"heun":     color.RGBA{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff}, // pink
	"liquid":   color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, // cyan
	"cnf":      color.RGBA{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}, // olive
}

// fallbackColors serve models without a fixed colour, picked by a hash of
// the name so that a model keeps its colour from figure to figure.
var fallbackColors = []color.Color{
	color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
	color.RGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff},
}

// ModelColor returns the colour of a model by its name, such as "euler".
func ModelColor(name string) color.Color {
	if c, ok := modelColors[name]; ok {
		return c
	}
	h := 0
	for _, r := range name {
		h = h*31 + int(r)
	}
	if h < 0 {
		h = -h
	}
	return fallbackColors[h%len(fallbackColors)]
}

// ModelLabel returns the legend label of a model.
func ModelLabel(name string) string {
	switch name {
	case "euler":
		return "Neural ODE (Euler)"
	case "rk4":
		return "Neural ODE (RK4)"
	case "midpoint":
		return "Neural ODE (midpoint)"
	case "heun":
		return "Neural ODE (Heun)"
	case "resnet":
		return "ResNet MLP"
	case "liquid":
		return "Liquid ODE (LTC)"
	}
	return name
}
