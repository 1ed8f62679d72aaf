# Recipes for the spiral study. `just --list` shows them all.
# The recipes pick the OpenBLAS build when libopenblas-dev is installed.

tags := if path_exists("/usr/include/x86_64-linux-gnu/cblas.h") == "true" { "openblas" } else { "" }

# Train the three spiral models with the default settings.
spiral *FLAGS:
    go run -tags '{{tags}}' ./experiments/spiral {{FLAGS}}

# Trajectories of the Neural ODEs in principal components and a linear probe per time.
trajectories *FLAGS:
    go run ./experiments/trajectories {{FLAGS}}

# Decision boundaries of the three spiral models as class-probability maps.
boundaries *FLAGS:
    go run ./experiments/boundaries {{FLAGS}}

# Write results/REPORT.md, running every experiment whose results are missing or stale.
report *FLAGS:
    go run ./experiments/report {{FLAGS}}

# A short spiral run into a scratch folder, to check the figures quickly.
figures-quick:
    go run ./experiments/spiral -epochs 20 -out .tmp/quick

# Run the test suite, as CI does (default build).
test:
    go test ./...

# Run the tests under the OpenBLAS build as well.
test-all:
    go test ./...
    go test -tags openblas ./...

# Go benchmarks: one training iteration and one forward pass per model, and a 128×128×128 product.
bench:
    go test ./graphs -run '^$' -bench 'TrainStep|Forward|MatMul128' -benchtime 100x
    {{ if tags != "" { "go test -tags " + tags + " ./graphs -run '^$' -bench 'TrainStep|Forward|MatMul128' -benchtime 100x" } else { "echo 'libopenblas-dev is not installed: skipping the OpenBLAS build'" } }}

# The pure-Go Sgemm against OpenBLAS on each matrix product of one dynamics evaluation (needs libopenblas-dev).
bench-sgemm:
    go test -tags openblas ./graphs -run '^$' -bench SgemmShapes -benchtime 2000x

# The element-wise kernels: bias plus tanh over a 64×128 layer output and Adam over 16,384 weights.
bench-kernels:
    go test ./graphs/internal/vecmath -run '^$' -bench . -benchtime 2000x

# Time the default build and, when libopenblas-dev is installed, the OpenBLAS build (and PyTorch when given: just speed PATH/torch_spiral.py), then write results/BENCHMARKS.md.
speed TORCH="":
    go run ./experiments/speed {{ if TORCH != "" { "-torch " + TORCH } else { "" } }}
    {{ if tags != "" { "go run -tags " + tags + " ./experiments/speed -soak 0" + if TORCH != "" { " -torch " + TORCH } else { "" } } else { "echo 'libopenblas-dev is not installed: skipping the OpenBLAS build'" } }}

# Formatting, vet and tests: what .ci/run checks.
ci:
    ./.ci/run

# Measure the memory of one training step, unrolled against adjoint (a few minutes on 2 cores).
memory *FLAGS:
    go run ./experiments/memory {{FLAGS}}

# Train the liquid time-constant Neural ODE next to the Euler Neural ODE on the spirals (500 epochs each, as the spiral models).
liquid *FLAGS:
    go run ./experiments/liquid {{FLAGS}}

# Train continuous normalizing flows on the spiral, moons and ring densities (under a minute on 2 cores).
cnf *FLAGS:
    go run ./experiments/cnf {{FLAGS}}
