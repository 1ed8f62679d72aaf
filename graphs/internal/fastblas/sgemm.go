package fastblas

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/neuralode/neuralode/graphs/internal/gemmcheck"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is gonum's BLAS with a faster Sgemm.
type Implementation struct {
	gonum.Implementation
}

// The micro-kernel's tile: mr rows of C by nr columns.
const (
	mr = 6
	nr = 16
)

// parallelFlops is the size of product, in multiply-adds, from which Sgemm
// splits the work across goroutines. Below it the start-up costs more than
// the second core saves.
const parallelFlops = 1 << 20

// inFlight counts the Sgemm calls running now. A call made while another
// runs stays on its own goroutine, because the cores are busy already.
var inFlight atomic.Int32

// reserved counts goroutines that the caller runs in parallel above the
// BLAS, such as replicas of a graph, one per core. While more than one is
// reserved, every Sgemm stays on its calling goroutine: splitting it would
// compete with the other replicas for the same cores.
var reserved atomic.Int32

// Reserve records that n goroutines compute in parallel until release is
// called.
func Reserve(n int) (release func()) {
	reserved.Add(int32(n))
	return func() { reserved.Add(-int32(n)) }
}

// buffers recycles the packed panels.
var buffers = sync.Pool{New: func() any { return new([]float32) }}

func getBuffer(n int) *[]float32 {
	buf := buffers.Get().(*[]float32)
	if cap(*buf) < n {
		*buf = make([]float32, n)
	}
	*buf = (*buf)[:n]
	return buf
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices,
// where op(A) is m×k and op(B) is k×n, as the BLAS routine of that name.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmcheck.Check(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 || (tA != blas.NoTrans && tA != blas.Trans) || (tB != blas.NoTrans && tB != blas.Trans) {
		// Degenerate products and conjugate transposes (the same as
		// transposes for real matrices, but rare) take the reference path.
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}

	call := calls.Get().(*sgemmCall)
	defer calls.Put(call)
	*call = sgemmCall{tA: tA == blas.Trans, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, beta: beta, c: c, ldc: ldc, panelsB: call.panelsB[:0]}
	call.setPanelsB(tB == blas.Trans, b, ldb)
	defer buffers.Put(call.packedB)

	rowPanels := (m + mr - 1) / mr
	concurrent := inFlight.Add(1)
	defer inFlight.Add(-1)
	workers := 1
	if m*n*k >= parallelFlops && concurrent == 1 && reserved.Load() <= 1 {
		workers = min(runtime.GOMAXPROCS(0), rowPanels)
	}
	if workers == 1 {
		call.rowPanels(0, rowPanels)
		return
	}
	var wg sync.WaitGroup
	per := (rowPanels + workers - 1) / workers
	for first := 0; first < rowPanels; first += per {
		wg.Add(1)
		go func(first, last int) {
			defer wg.Done()
			call.rowPanels(first, last)
		}(first, min(first+per, rowPanels))
	}
	wg.Wait()
}

// sgemmCall holds the operands of one Sgemm call and the column panels of
// op(B). It comes from a pool, so a call that stays on one goroutine
// allocates nothing once the pools are warm.
type sgemmCall struct {
	tA          bool
	m, n, k     int
	alpha, beta float32
	a           []float32
	lda         int
	c           []float32
	ldc         int
	panelsB     []panelB
	packedB     *[]float32
}

// calls recycles the state of Sgemm calls.
var calls = sync.Pool{New: func() any { return new(sgemmCall) }}

// setPanelsB sets up the column panels of op(B): whole panels of a plain B are
// read in place, and the others are packed.
func (call *sgemmCall) setPanelsB(trans bool, b []float32, ldb int) {
	n, k := call.n, call.k
	colPanels := (n + nr - 1) / nr
	call.packedB = getBuffer(colPanels * nr * k)
	for q := range colPanels {
		j0 := q * nr
		if !trans && n-j0 >= nr { // row p of the panel is B[p, j0:j0+16]
			call.panelsB = append(call.panelsB, panelB{data: b[j0:], ld: ldb})
			continue
		}
		panel := (*call.packedB)[q*nr*k : (q+1)*nr*k]
		packB(panel, trans, j0, min(nr, n-j0), k, b, ldb)
		call.panelsB = append(call.panelsB, panelB{data: panel, ld: nr})
	}
}

// rowPanels computes the rows of C in the row panels first … last-1.
func (call *sgemmCall) rowPanels(first, last int) {
	m, n, k := call.m, call.n, call.k
	a, lda, c, ldc := call.a, call.lda, call.c, call.ldc
	packedA := getBuffer(mr * k)
	defer buffers.Put(packedA)
	var tile [mr * nr]float32
	for p := first; p < last; p++ {
		i0 := p * mr
		rows := min(mr, m-i0)
		var panel panelA
		switch {
		case rows < mr: // a short panel is packed with zero rows
			packA(*packedA, call.tA, i0, rows, k, a, lda)
			panel = panelA{data: *packedA, ld: mr}
		case call.tA: // column p of the panel is A[p, i0:i0+6]
			panel = panelA{data: a[i0:], ld: lda}
		default:
			panel = panelA{data: a[i0*lda:], ld: lda, rows: true}
		}
		for q, panelB := range call.panelsB {
			j0 := q * nr
			cols := min(nr, n-j0)
			if rows == mr && cols == nr && call.alpha == 1 && call.beta == 0 {
				// A whole tile that overwrites C: the kernel stores it in place.
				kernel(k, panel, panelB, c[i0*ldc+j0:], ldc)
				continue
			}
			kernel(k, panel, panelB, tile[:], nr)
			storeTile(c, ldc, i0, j0, rows, cols, tile[:], call.alpha, call.beta)
		}
	}
}

// panelA is six rows of op(A) as the micro-kernel reads them. With rows
// set, row r of the panel is data[r·ld : r·ld+k]. Otherwise column p of the
// panel is the six adjacent values data[p·ld : p·ld+6]. A packed panel has
// ld = 6, and a transposed A read in place has ld = lda.
type panelA struct {
	data []float32
	ld   int
	rows bool
}

// packA copies the last, short row panel of op(A), rows i0 … i0+rows-1,
// into dst as k columns of mr values, zero-padding the missing rows.
func packA(dst []float32, trans bool, i0, rows, k int, a []float32, lda int) {
	clear(dst)
	for r := range rows {
		for p := range k {
			if trans {
				dst[p*mr+r] = a[p*lda+i0+r]
			} else {
				dst[p*mr+r] = a[(i0+r)*lda+p]
			}
		}
	}
}

// panelB is 16 columns of op(B) as the micro-kernel reads them: row p of
// the panel is data[p·ld : p·ld+16]. A packed panel has ld = 16, and a
// plain B read in place has ld = ldb.
type panelB struct {
	data []float32
	ld   int
}

// packB copies columns j0 … j0+cols-1 of op(B) into dst as k rows of nr
// values, zero-padding the columns past cols. It serves the transposed B,
// whose columns are rows of B, and the last, narrow panel.
func packB(dst []float32, trans bool, j0, cols, k int, b []float32, ldb int) {
	if cols < nr {
		clear(dst)
	}
	if trans { // op(B)[p, j] = B[j, p]: column j of the panel is row j of B
		for jj := range cols {
			src := b[(j0+jj)*ldb : (j0+jj)*ldb+k]
			for p, v := range src {
				dst[p*nr+jj] = v
			}
		}
		return
	}
	for p := range k {
		copy(dst[p*nr:p*nr+cols], b[p*ldb+j0:p*ldb+j0+cols])
	}
}

// storeTile merges the valid rows × cols part of a tile into C.
func storeTile(c []float32, ldc, i0, j0, rows, cols int, tile []float32, alpha, beta float32) {
	for r := range rows {
		dst := c[(i0+r)*ldc+j0 : (i0+r)*ldc+j0+cols]
		src := tile[r*nr : r*nr+cols]
		switch {
		case beta == 0 && alpha == 1:
			copy(dst, src)
		case beta == 0:
			for j, v := range src {
				dst[j] = alpha * v
			}
		default:
			for j, v := range src {
				dst[j] = beta*dst[j] + alpha*v
			}
		}
	}
}

// kernelGo is the portable micro-kernel: the 6×16 tile at c (rows ldc
// apart) becomes Σ_p a[:, p]·b[p, :] over the panels.
func kernelGo(k int, a panelA, b panelB, c []float32, ldc int) {
	var acc [mr * nr]float32
	var ap [mr]float32
	for p := range k {
		for r := range ap {
			if a.rows {
				ap[r] = a.data[r*a.ld+p]
			} else {
				ap[r] = a.data[p*a.ld+r]
			}
		}
		bp := b.data[p*b.ld : p*b.ld+nr]
		for r, av := range ap {
			row := acc[r*nr : r*nr+nr]
			for j, bv := range bp {
				row[j] += av * bv
			}
		}
	}
	for r := range mr {
		copy(c[r*ldc:r*ldc+nr], acc[r*nr:(r+1)*nr])
	}
}
