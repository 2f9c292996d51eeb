// The devnet's L1: a durable node under `.data/l1`, its slot clock ticking, the HTTP API on a
// fixed local port. Final proofs go to the folding verifier of src/proof; `verifier: 'simulated'`
// (L1_VERIFIER=simulated) accepts the simulator's stand-in proofs instead.
import { join } from 'node:path';
import { startL1Server, type L1Server } from '../l1/http-server.js';
import { L1Node } from '../l1/node.js';
import type { L1Params } from '../l1/params.js';
import { FoldingL1Verifier } from './folding-l1-verifier.js';
import { SimulatedProofVerifier } from '../l1/simulated-proof.js';
import type { BlockVerifier } from '../l1/verifier.js';
import { NativeSignatureVerifier } from '../l1/native-signatures.js';
import type { SignatureVerifier } from '../l1/signatures.js';

export const DEFAULT_L1_PORT = 8645;
export const DEFAULT_SLOT_MS = 4000;

export interface DevnetL1Options {
  port?: number;
  host?: string;
  dataDir?: string;
  slotMs?: number;
  params?: Partial<L1Params>;
  verifier?: BlockVerifier | 'folding' | 'simulated';
  /** Default: the native verifier (blst in a worker thread), closed with the L1. */
  signatures?: SignatureVerifier;
  /** l1_devAdvanceSlots and other dev-only methods: only with this explicit flag. */
  devMethods?: boolean;
  /** Origins of the app whose pages may call the API (CORS); none by default. */
  appOrigins?: readonly string[];
  log?: (line: string) => void;
}

export interface DevnetL1 {
  readonly url: string;
  readonly node: L1Node;
  close(): Promise<void>;
}

function pickVerifier(choice: NonNullable<DevnetL1Options['verifier']>): BlockVerifier {
  if (choice === 'folding') return new FoldingL1Verifier();
  if (choice === 'simulated') return new SimulatedProofVerifier();
  return choice;
}

export async function startDevnetL1(options: DevnetL1Options = {}): Promise<DevnetL1> {
  const log = options.log ?? ((line: string) => console.log(line));
  const signatures = options.signatures ?? (await NativeSignatureVerifier.start());
  const ownSignatures = async () => {
    if (!options.signatures) await signatures.close();
  };
  let node: L1Node;
  try {
    node = await L1Node.open({
      params: options.params,
      signatures,
      verifier: pickVerifier(options.verifier ?? 'folding'),
      logPath: join(options.dataDir ?? '.data/l1', 'commands.log'),
      log,
    });
  } catch (e) {
    await ownSignatures();
    throw e;
  }
  let server: L1Server;
  try {
    server = await startL1Server(node, {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DEFAULT_L1_PORT,
      devMethods: options.devMethods ?? false,
      allowedOrigins: options.appOrigins ?? [],
      log,
    });
  } catch (e) {
    // A busy port: release the data directory's lock and the workers before reporting it.
    await node.close();
    await ownSignatures();
    throw e;
  }
  node.startClock(options.slotMs ?? DEFAULT_SLOT_MS);
  return {
    url: server.url,
    node,
    async close() {
      node.stopClock();
      await server.close();
      await node.close();
      await ownSignatures();
    },
  };
}
