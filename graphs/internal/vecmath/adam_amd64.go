package vecmath

// adamConstants lays out an AdamStep for adam8, each coefficient repeated
// in the eight lanes of a YMM register.
type adamConstants [7][8]float32

// adam8 is Adam for the first n values, a multiple of 8, with grad the
// gradient.
//
//go:noescape
func adam8(w, grad, m, v *float32, n int, constants *adamConstants)

func adam(w, g, m, v []float32, c AdamStep) {
	n := len(w) &^ 7
	if !useAVX2 || n == 0 {
		adamGo(w, g, m, v, c)
		return
	}
	var constants adamConstants
	for i, value := range c.coefficients() {
		for lane := range constants[i] {
			constants[i][lane] = value
		}
	}
	_, _, _ = g[len(w)-1], m[len(w)-1], v[len(w)-1]
	adam8(&w[0], &g[0], &m[0], &v[0], n, &constants)
	adamGo(w[n:], g[n:], m[n:], v[n:], c)
}
