import { describeVault } from './vault.cases.js';

describeVault('Node, globalThis.crypto.subtle');
