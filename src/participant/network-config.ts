// Where a participant finds its network: the L1's API, the relays to join through, the chain and
// the stake a new staker registers with. The devnet's app server serves it to the page it serves
// (GET /devnet.json), so a tab finds the devnet's own L1 and relay, whatever ports they run on.
// One definition: the node side builds it (src/node/devnet-config.ts), the page parses it
// (src/app/devnet-config.ts).

/** Where the app server answers with the NetworkConfig of the devnet that serves the page. */
export const NETWORK_CONFIG_PATH = '/devnet.json';

export interface NetworkConfig {
  /** Base URL of the L1's JSON-RPC API (http or https, trailing slash; GET <l1Url>health answers). */
  readonly l1Url: string;
  /** The chain id, when the server knows it (a page also reads it from the L1's status). */
  readonly chainId: number | null;
  /** Relay/bootstrap WebSocket multiaddrs (empty when the server does not know them). */
  readonly relays: readonly string[];
  /** The stake a new staker registers with (decimal), when the server names one (the devnet's faucet stake). */
  readonly stake: string | null;
}
