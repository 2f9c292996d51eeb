// The devnet's transaction source: a seeded generator of valid transactions (fresh random note
// hashes and nullifiers, a small fee, a short payload), so blocks carry real state changes.
import { sha256 } from '@noble/hashes/sha2.js';
import { FR_MODULUS } from '../rollup/field.js';
import type { Transaction } from '../rollup/types.js';

export class TransactionGenerator {
  private counter = 0;

  constructor(private readonly seed = 'fernet-devnet') {}

  private field(label: string): bigint {
    const h = sha256(new TextEncoder().encode(`${this.seed}/${this.counter}/${label}`));
    let v = 0n;
    for (const b of h) v = (v << 8n) | BigInt(b);
    // Non-zero (zero marks an empty slot) and canonical.
    return (v % (FR_MODULUS - 1n)) + 1n;
  }

  next(): Transaction {
    this.counter++;
    const notes = 1 + (this.counter % 2);
    return {
      noteHashes: Array.from({ length: notes }, (_, i) => this.field(`note${i}`)),
      nullifiers: [this.field('nullifier')],
      fee: BigInt(1 + (this.counter % 7)),
      payload: new TextEncoder().encode(`devnet tx ${this.counter}`),
    };
  }

  take(n: number): Transaction[] {
    return Array.from({ length: n }, () => this.next());
  }
}
