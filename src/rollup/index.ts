// The rollup state layer: Poseidon trees, transactions, block building with per-leaf hints.
export * from './types.js';
export * from './errors.js';
export * from './params.js';
export * from './field.js';
export * from './hasher.js';
export * from './merkle.js';
export * from './sparse-tree.js';
export * from './note-hash-rules.js';
export * from './nullifier-rules.js';
export * from './note-hash-tree.js';
export * from './nullifier-tree.js';
export * from './transaction.js';
export * from './state.js';
export * from './block-builder.js';
export * from './leaf-verifier.js';
export * from './hints-codec.js';
export * from './transcript.js';
