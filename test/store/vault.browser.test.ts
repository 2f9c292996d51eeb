import { describeVault } from './vault.cases.js';

describeVault('Chromium, WebCrypto');
