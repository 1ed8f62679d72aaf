#include "textflag.h"

// func adam8(w, grad, m, v *float32, n int, constants *adamConstants)
//
// Eight weights per step, with the coefficients held in Y9 … Y15 in the
// order of adamConstants: β1, 1 − β1, β2, 1 − β2, 1/√(1 − β2^t), ε and
// the step size.
TEXT ·adam8(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ m+16(FP), DX
	MOVQ v+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ constants+40(FP), R8

	VMOVUPS 0(R8), Y15   // β1
	VMOVUPS 32(R8), Y14  // 1 − β1
	VMOVUPS 64(R8), Y13  // β2
	VMOVUPS 96(R8), Y12  // 1 − β2
	VMOVUPS 128(R8), Y11 // 1/√(1 − β2^t)
	VMOVUPS 160(R8), Y10 // ε
	VMOVUPS 192(R8), Y9  // step size

	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0

	// m ← β1·m + (1 − β1)·g
	VMULPS      (DX), Y15, Y1
	VFMADD231PS Y0, Y14, Y1
	VMOVUPS     Y1, (DX)

	// v ← β2·v + (1 − β2)·g²
	VMULPS      Y0, Y0, Y2
	VMULPS      (BX), Y13, Y3
	VFMADD231PS Y2, Y12, Y3
	VMOVUPS     Y3, (BX)

	// w ← w − step·m/(√v/√(1 − β2^t) + ε)
	VSQRTPS      Y3, Y3
	VFMADD213PS  Y10, Y11, Y3
	VDIVPS       Y3, Y1, Y1
	VMOVUPS      (DI), Y4
	VFNMADD231PS Y1, Y9, Y4
	VMOVUPS      Y4, (DI)

	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, BX
	ADDQ $32, DI
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET
