package gemmcheck

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name                            string
		transA, transB                  bool
		m, n, k                         int
		lenA, lda, lenB, ldb, lenC, ldc int
		want                            string // a fragment of the panic, or "" for none
	}{
		{"valid", false, false, 2, 3, 4, 8, 4, 12, 3, 6, 3, ""},
		{"valid transposed", true, true, 2, 3, 4, 8, 2, 12, 4, 6, 3, ""},
		{"valid padded rows", false, false, 2, 3, 4, 9, 5, 12, 3, 8, 5, ""},
		{"empty product", false, false, 0, 3, 4, 0, 4, 12, 3, 0, 3, ""},
		{"negative size", false, false, -1, 3, 4, 8, 4, 12, 3, 6, 3, "negative size"},
		{"short lda", false, false, 2, 3, 4, 8, 3, 12, 3, 6, 3, "leading dimension of A"},
		{"short ldc", false, false, 2, 3, 4, 8, 4, 12, 3, 6, 2, "leading dimension of C"},
		{"short A", false, false, 2, 3, 4, 7, 4, 12, 3, 6, 3, "A has 7 values"},
		{"short B transposed", false, true, 2, 3, 4, 8, 4, 11, 4, 6, 3, "B has 11 values"},
		{"short C", false, false, 2, 3, 4, 8, 4, 12, 3, 5, 3, "C has 5 values"},
	}
	for _, tt := range tests {
		got := panicMessage(func() {
			Check(tt.transA, tt.transB, tt.m, tt.n, tt.k, tt.lenA, tt.lda, tt.lenB, tt.ldb, tt.lenC, tt.ldc)
		})
		switch {
		case tt.want == "" && got != "":
			t.Errorf("%s: panic %q, want none", tt.name, got)
		case tt.want != "" && !strings.Contains(got, tt.want):
			t.Errorf("%s: panic %q, want one with %q", tt.name, got, tt.want)
		}
	}
}

// panicMessage runs f and returns the message it panics with, or "".
func panicMessage(f func()) (message string) {
	defer func() {
		if r := recover(); r != nil {
			message = r.(string)
		}
	}()
	f()
	return ""
}
