package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"slices"
	"strconv"

	"github.com/neuralode/neuralode/graphs"
)

// PairedRound is one back-to-back measurement of a model: this build's
// median time per training iteration, then one PyTorch run.
type PairedRound struct {
	TrainMs      float64 `json:"train_ms"`
	TorchTrainMs float64 `json:"torch_train_ms"`
	Ratio        float64 `json:"ratio"`
}

// pairWithTorch times the model against PyTorch in cfg.TorchRounds paired
// rounds, with the thread count that timeTorch found fastest. The machine's
// speed drifts over minutes, so each ratio compares two timings taken a
// few seconds apart, and the median ratio of the rounds is reported.
func pairWithTorch(name string, cfg Config, torch *TorchSpeed) error {
	p, x, labels, err := newProgram(compileReplicas, name, cfg, true)
	if err != nil {
		return err
	}
	defer p.Close()
	opt := graphs.NewAdam(1e-4)
	step := func() error {
		_, err := p.Step(opt, x, labels)
		return err
	}

	torch.Rounds = nil
	for range cfg.TorchRounds {
		ours, _, err := medianMs(cfg, step)
		if err != nil {
			return err
		}
		seconds, _, err := runTorch(cfg.Torch, name, torch.Epochs, torch.Threads)
		if err != nil {
			return err
		}
		theirs := seconds * 1000 / float64(torch.Epochs*iterationsPerEpoch(cfg.Batch))
		torch.Rounds = append(torch.Rounds, PairedRound{TrainMs: ours, TorchTrainMs: theirs, Ratio: ours / theirs})
	}

	var theirs, ratios []float64
	for _, r := range torch.Rounds {
		theirs = append(theirs, r.TorchTrainMs)
		ratios = append(ratios, r.Ratio)
	}
	torch.TrainMs, torch.Ratio = median(theirs), median(ratios)
	return nil
}

// torchCommand returns the command that runs the reference script for one
// model.
func torchCommand(script, model string, epochs, threads int) *exec.Cmd {
	return exec.Command("/usr/bin/python3", script, "--epochs", strconv.Itoa(epochs), "--models", model, "--threads", strconv.Itoa(threads))
}

// runTorch runs the reference script once for one model and returns its
// training seconds and test accuracy.
func runTorch(script, model string, epochs, threads int) (seconds, testAccuracy float64, err error) {
	cmd := torchCommand(script, model, epochs, threads)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("PyTorch reference %s failed: %v: %s", script, err, stderr.String())
	}
	var out struct {
		Seconds *float64 `json:"seconds"`
		Test    float64  `json:"test_accuracy"`
	}
	line := bytes.TrimSpace(stdout.Bytes())
	if i := bytes.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	}
	if err := json.Unmarshal(line, &out); err != nil {
		return 0, 0, fmt.Errorf("PyTorch reference printed %q, want one JSON line: %v", line, err)
	}
	if out.Seconds == nil || !(*out.Seconds > 0) || math.IsInf(*out.Seconds, 1) {
		return 0, 0, fmt.Errorf("PyTorch reference %s printed %q: want a positive, finite \"seconds\" of training", script, line)
	}
	return *out.Seconds, out.Test, nil
}

// median returns the middle value of xs, or the mean of the two middle
// values for an even count.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
