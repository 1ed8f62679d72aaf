#include "textflag.h"

// func biasTanh8(y, bias *float32, n int, constants *[13][8]float32)
//
// Eight values per step: x = y + bias, z = min(2|x|, 40), then
// e^z = 2^k·p(r) with k = round(z·log2 e) and r = z − k·ln 2, and
// tanh|x| = 1 − 2/(e^z + 1) with the sign bit of x put back. The clamp
// keeps a NaN (VMINPS returns its second source when one is NaN), and a
// NaN runs through to the result. R8 points at the constants, 32 bytes
// apart in the order of tanhConstants: 0 mask, 32 clamp, 64 log2 e,
// 96 and 128 ln 2 in two parts, 160 … 320 the polynomial, 352 one,
// 384 the exponent bias.
TEXT ·biasTanh8(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ bias+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ constants+24(FP), R8

	VMOVUPS 0(R8), Y15   // sign mask
	VMOVUPS 32(R8), Y14  // clamp
	VMOVUPS 64(R8), Y13  // log2 e
	VMOVUPS 352(R8), Y12 // 1
	VADDPS  Y12, Y12, Y11 // 2

	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0   // x = y + bias
	VANDNPS Y0, Y15, Y1    // sign bit of x
	VANDPS  Y15, Y0, Y2    // |x|
	VADDPS  Y2, Y2, Y2     // z = 2|x|
	VMINPS  Y2, Y14, Y2    // z = min(40, z), NaN kept

	// Range reduction: k = round(z·log2 e), r = z − k·ln 2.
	VMULPS       Y13, Y2, Y3
	VROUNDPS     $0, Y3, Y3
	VFNMADD231PS 96(R8), Y3, Y2
	VFNMADD231PS 128(R8), Y3, Y2

	// p(r) = 1 + r + r²·q(r), with q of degree 5 by Horner's rule from
	// its r⁵ coefficient down.
	VMOVUPS     160(R8), Y4
	VFMADD213PS 192(R8), Y2, Y4
	VFMADD213PS 224(R8), Y2, Y4
	VFMADD213PS 256(R8), Y2, Y4
	VFMADD213PS 288(R8), Y2, Y4
	VFMADD213PS 320(R8), Y2, Y4
	VMULPS      Y2, Y2, Y5
	VFMADD213PS Y2, Y5, Y4
	VADDPS      Y12, Y4, Y4

	// e^z = p(r)·2^k, with 2^k built in the exponent bits.
	VCVTPS2DQ Y3, Y3
	VPADDD    384(R8), Y3, Y3
	VPSLLD    $23, Y3, Y3
	VMULPS    Y3, Y4, Y4

	// tanh|x| = 1 − 2/(e^z + 1), then the sign of x.
	VADDPS  Y12, Y4, Y4
	VDIVPS  Y4, Y11, Y4
	VSUBPS  Y4, Y12, Y4
	VORPS   Y1, Y4, Y4
	VMOVUPS Y4, (DI)

	ADDQ $32, DI
	ADDQ $32, SI
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET

// func tanhDelta8(dz, y, grad *float32, n int)
//
// dz = grad − grad·y² for eight values per step.
TEXT ·tanhDelta8(SB), NOSPLIT, $0-32
	MOVQ dz+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ n+24(FP), CX

	SHRQ $3, CX
	JZ   deltaDone

deltaLoop:
	VMOVUPS      (SI), Y0
	VMULPS       Y0, Y0, Y0
	VMOVUPS      (DX), Y1
	VFNMADD231PS Y0, Y1, Y1
	VMOVUPS      Y1, (DI)

	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  deltaLoop

deltaDone:
	VZEROUPPER
	RET
