// The R1CS builder and its gadgets (docs/circuit.md).
export * from './errors.js';
export * from './fr.js';
export * from './lc.js';
export * from './builder.js';
export * from './shape.js';
export * from './gadgets/boolean.js';
export * from './gadgets/select.js';
export * from './gadgets/equality.js';
export * from './gadgets/range.js';
export * from './gadgets/field-compare.js';
export * from './gadgets/poseidon.js';
export * from './gadgets/merkle.js';
export * from './gadgets/indexed-tree.js';
