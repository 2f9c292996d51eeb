// Named errors of the constraint-system layer.

export class R1csError extends Error {
  override name = 'R1csError';
}

/** An assignment whose sizes or encodings do not fit the shape it is checked against. */
export class R1csAssignmentError extends R1csError {
  override name = 'R1csAssignmentError';
}

/** A gadget called with arguments that cannot describe a circuit (wrong lengths, bad widths). */
export class R1csGadgetError extends R1csError {
  override name = 'R1csGadgetError';
}
