//go:build !amd64

package vecmath

func biasTanhRow(y, bias []float32) { biasTanhGo(y, bias) }
func tanhDelta(dz, y, g []float32)  { tanhDeltaGo(dz, y, g) }
