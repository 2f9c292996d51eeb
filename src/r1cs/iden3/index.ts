// iden3 (.r1cs / .wtns) export of our shapes and assignments, with parsers for checking them.
export * from './container.js';
export * from './wire-map.js';
export * from './r1cs-file.js';
export * from './wtns-file.js';
