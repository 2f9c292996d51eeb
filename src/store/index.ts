// The store layer's browser-safe face: the IndexedDB ParticipantStore and GeneratorCache, the key
// vault and the layer's errors. The file-backed store for the headless node (Node fs) is ./file-store.ts,
// imported directly so no browser bundle pulls in node:fs.
export * from './errors.js';
export { DEFAULT_IDB_NAME, IDB_SCHEMA_VERSION, IdbStore, type IdbStoreOptions } from './idb-store.js';
export { IdbGeneratorCache } from './idb-generator-cache.js';
export { KeyVault, openSealedSecret, sealSecret, VAULT_ITERATIONS } from './vault.js';
