// Functions exported to JavaScript (the typed face in src/kernel calls these).
import { kalloc, kfree } from './memory';
import { frMul, frInverse, frFromBytes, frToBytes, FR_SIZE, frAdd, frSub, frNeg, frSquare, frBatchInverse } from './fr';
import { fqMul, fqInverse, fqFromBytes, fqToBytes, FQ_SIZE, fqAdd, fqSub, fqNeg, fqSquare, fqBatchInverse } from './fq';

/** Field op test hook: op on 32-byte canonical inputs at a, b → 32 bytes at out. Returns 0 if an input is not canonical. */
export function fieldOpBytes(field: i32, op: i32, out: usize, a: usize, b: usize): i32 {
  let x = kalloc(72); let y = x + 36;
  let ok = field == 0 ? frFromBytes(x, a) && frFromBytes(y, b) : fqFromBytes(x, a) && fqFromBytes(y, b);
  if (!ok) { kfree(x); return 0; }
  if (field == 0) {
    if (op == 0) frMul(x, x, y); else if (op == 1) frAdd(x, x, y); else if (op == 2) frSub(x, x, y);
    else if (op == 3) frNeg(x, x); else if (op == 4) frSquare(x, x); else if (op == 5) frInverse(x, x);
    else if (op == 6) frBatchInverse(x, x, 1, y);
    frToBytes(out, x);
  } else {
    if (op == 0) fqMul(x, x, y); else if (op == 1) fqAdd(x, x, y); else if (op == 2) fqSub(x, x, y);
    else if (op == 3) fqNeg(x, x); else if (op == 4) fqSquare(x, x); else if (op == 5) fqInverse(x, x);
    else if (op == 6) fqBatchInverse(x, x, 1, y);
    fqToBytes(out, x);
  }
  kfree(x);
  return 1;
}
