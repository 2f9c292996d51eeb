// iden3 wire order is (1, public outputs, public inputs, private inputs, internal signals);
// ours is z = (W, 1, x). With x laid out outputs-first, the map is:
//   wire 0               ↔ z[numWitness]                 (the constant 1)
//   wire 1 .. numPublic  ↔ z[numWitness + 1 ..]          (x, in order)
//   wire numPublic+1 ..  ↔ z[0 .. numWitness − 1]        (W, in order)
// We do not single out private inputs: every witness entry counts as internal (nPrvIn = 0).

export interface WireLayout {
  numWitness: number;
  numPublic: number;
}

/** iden3 wire of column c of z. */
export function wireOfColumn(l: WireLayout, c: number): number {
  if (c < l.numWitness) return l.numPublic + 1 + c;
  return c - l.numWitness;
}

/** Column of z of an iden3 wire. */
export function columnOfWire(l: WireLayout, w: number): number {
  if (w <= l.numPublic) return l.numWitness + w;
  return w - l.numPublic - 1;
}
