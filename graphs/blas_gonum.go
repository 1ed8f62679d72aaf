package graphs

// The default build uses Gorgonia's default BLAS, gonum's pure-Go
// implementation.
const (
	blasName  = "gonum (pure Go)"
	buildTags = ""
)
