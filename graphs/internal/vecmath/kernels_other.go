//go:build !amd64

package vecmath

func biasTanhRow(y, bias []float32)         { biasTanhGo(y, bias) }
func tanhDelta(dz, y, g []float32)          { tanhDeltaGo(dz, y, g) }
func adam(w, g, m, v []float32, c AdamStep) { adamGo(w, g, m, v, c) }

// useAVX2 is false off amd64: the Go path runs everywhere.
var useAVX2 = false
