package train

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Progress prints training progress. On a terminal it redraws one status
// line per model. Elsewhere, as in logs and CI, it prints only the start and
// the end of each run.
type Progress struct {
	W           io.Writer
	Interactive bool
	last        time.Time
}

// NewProgress writes to stderr and redraws only when stderr is a terminal.
// quiet suppresses all output.
func NewProgress(quiet bool) *Progress {
	if quiet {
		return &Progress{W: io.Discard}
	}
	return &Progress{W: os.Stderr, Interactive: isTerminal(os.Stderr)}
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Start announces a training run.
func (p *Progress) Start(model string, epochs, batches int) {
	fmt.Fprintf(p.W, "training %s: %d epochs of %d batches\n", model, epochs, batches)
}

// Epoch reports a finished epoch, at most a few times per second.
func (p *Progress) Epoch(model string, epoch, epochs int, loss, accuracy float64, elapsed time.Duration) {
	if !p.Interactive || (epoch < epochs && time.Since(p.last) < 200*time.Millisecond) {
		return
	}
	p.last = time.Now()
	left := time.Duration(float64(elapsed) / float64(epoch) * float64(epochs-epoch))
	fmt.Fprintf(p.W, "\r\033[K%s epoch %d/%d  loss %.4f  train acc %.1f%%  %s left", model, epoch, epochs, loss, 100*accuracy, left.Round(time.Second))
}

// Done reports the end of a run.
func (p *Progress) Done(model string, h *History) {
	if p.Interactive {
		fmt.Fprint(p.W, "\r\033[K")
	}
	fmt.Fprintf(p.W, "trained %s in %.1f s: train acc %.1f%%, test acc %.1f%%\n", model, h.TrainSeconds, 100*h.TrainAccuracy, 100*h.TestAccuracy)
}
