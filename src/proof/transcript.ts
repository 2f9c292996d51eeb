// Poseidon transcript (Fiat–Shamir) on the kernel's Poseidon, BN254 t = 3.
//
// The state is one Fr element. It starts as the domain tag; absorbing v sets
// state = poseidon2(state, v). Every input has a fixed-width or length-prefixed encoding, so two
// different input sequences never absorb the same element sequence:
// - an Fr element (u, an entry of x): itself;
// - a G1 point: x and y (Fq, which may exceed Fr) each as two 128-bit limbs, low limb first;
//   the identity is (0, 0);
// - bytes (shape digest, BLS key): the byte length, then 31-byte chunks read big-endian;
// - a list: its length, then its entries.
// A challenge is the low 128 bits of the state; the state then absorbs a squeeze counter so two
// challenges from one transcript differ.
import type { Kernel } from '../kernel/types.js';
import { G1_BYTES } from '../kernel/types.js';
import { readUintBE } from '../protocol/bytes.js';
import { FR_MODULUS, readLe32 } from '../kernel/field.js';

const LIMB = (1n << 128n) - 1n;
const CHUNK = 31;

/** A short ASCII tag read as a big-endian integer; at most 31 bytes so it is below the modulus. */
export function domainTag(tag: string): bigint {
  const bytes = new TextEncoder().encode(tag);
  if (bytes.length > CHUNK) throw new RangeError(`domain tag longer than ${CHUNK} bytes`);
  return readUintBE(bytes);
}

export class PoseidonTranscript {
  private state: bigint;
  private squeezes = 0n;

  constructor(
    private readonly kernel: Kernel,
    tag: string,
  ) {
    this.state = domainTag(tag);
  }

  absorbField(v: bigint): this {
    if (v < 0n || v >= FR_MODULUS) throw new RangeError('transcript input is not a canonical Fr element');
    this.state = this.kernel.poseidon2(this.state, v);
    return this;
  }

  absorbFields(vs: readonly bigint[]): this {
    this.absorbField(BigInt(vs.length));
    for (const v of vs) this.absorbField(v);
    return this;
  }

  absorbPoint(p: Uint8Array): this {
    if (p.length !== G1_BYTES) throw new RangeError('a G1 point is 64 bytes');
    for (const off of [0, 32]) {
      const c = readLe32(p, off);
      this.absorbField(c & LIMB);
      this.absorbField(c >> 128n);
    }
    return this;
  }

  absorbBytes(bytes: Uint8Array): this {
    this.absorbField(BigInt(bytes.length));
    for (let i = 0; i < bytes.length; i += CHUNK) this.absorbField(readUintBE(bytes.subarray(i, i + CHUNK)));
    return this;
  }

  /** 128-bit challenge. */
  challenge128(): bigint {
    const r = this.state & LIMB;
    this.squeezes += 1n;
    this.state = this.kernel.poseidon2(this.state, this.squeezes);
    return r;
  }
}
