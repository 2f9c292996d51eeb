// The pure protocol rules of the Fernet staking proving network (no I/O). See docs/protocol.md.
export * from './errors';
export * from './keys';
export * from './vrf';
export * from './election';
export * from './peer-link';
export * from './params';
export * from './tree';
export * from './header';
export * from './assignment';
export * from './binary-path';
export * from './sorted-rounds';
export * from './results';
export * from './credit';
