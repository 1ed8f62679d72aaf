package graphs

// BLASName returns the BLAS implementation that Gorgonia's matrix products
// use in this build.
func BLASName() string { return blasName }

// BuildTags returns the build tags that select the BLAS, empty for the
// default pure-Go build.
func BuildTags() string { return buildTags }
