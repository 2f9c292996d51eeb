// The base-rollup circuit (docs/circuit.md).
export * from './base-rollup.js';
export * from './public-inputs.js';
