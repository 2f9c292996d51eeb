// The devnet's command-line options (pure parsing, so it is tested on its own).

export type AssignmentMode = 'binary-path' | 'sorted-rounds';

export interface DevnetOptions {
  /** Headless prover processes (0: only browser tabs will prove). */
  provers: number;
  /**
   * Committee size the sequencer asks for and waits for [= provers]. Larger than `provers` when
   * browser tabs are to join: the first block waits until that many stakers are active.
   */
  committee?: number;
  height: number;
  assignment: AssignmentMode;
  /** Exit 0 once this many blocks are proven, verified and credited; run until stopped when absent. */
  blocks?: number;
  report?: string;
  /** Serve the built app next to the network [true]. */
  app: boolean;
  /** Print every role process's events as `event <json>` lines. */
  events: boolean;
  /**
   * Commit through the fixed-base tables (built once into the file cache, 160 MiB) when they fit
   * the machine's memory; --no-tables runs the variable-base MSM everywhere [true].
   */
  tables: boolean;
  /** A creditable node nobody proved is covered by the sequencer after this long [30 s]. */
  coverAfterMs: number;
  /** Start a watching submitter process (not a staker) that submits final proofs after its grace. */
  submitter: boolean;
  /** The submitter's grace after the tree's root is usable [5 s with a submitting sequencer, else 0]. */
  submitterGraceMs?: number;
  /** The withholding drill: the sequencer completes the tree but never submits; needs --submitter. */
  withholdProof: boolean;
}

export const DEVNET_DEFAULTS: DevnetOptions = {
  provers: 4,
  height: 2,
  assignment: 'sorted-rounds',
  app: true,
  events: false,
  tables: true,
  coverAfterMs: 30_000,
  submitter: false,
  withholdProof: false,
};

export const DEVNET_USAGE = `usage: npm start -- [--provers N] [--committee N] [--height K] [--assignment binary-path|sorted-rounds]
                    [--blocks N [--report FILE]] [--no-app] [--no-tables] [--events] [--cover-after-ms MS]
                    [--submitter [--submitter-grace-ms MS]] [--withhold-proof]`;

export class DevnetUsageError extends Error {
  override name = 'DevnetUsageError';
}

function integer(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new DevnetUsageError(`--${name} needs an integer in [${min}, ${max}], got ${raw ?? 'nothing'}`);
  return n;
}

export function parseDevnetArgs(argv: readonly string[]): DevnetOptions {
  const o: DevnetOptions = { ...DEVNET_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    switch (arg) {
      case '--provers':
        o.provers = integer('provers', value(), 0, 64);
        break;
      case '--committee':
        o.committee = integer('committee', value(), 1, 64);
        break;
      case '--height':
        o.height = integer('height', value(), 1, 8);
        break;
      case '--assignment': {
        const v = value();
        if (v !== 'binary-path' && v !== 'sorted-rounds')
          throw new DevnetUsageError(`--assignment is binary-path or sorted-rounds, got ${v ?? 'nothing'}`);
        o.assignment = v;
        break;
      }
      case '--blocks':
        o.blocks = integer('blocks', value(), 1, 100_000);
        break;
      case '--report': {
        const v = value();
        if (!v) throw new DevnetUsageError('--report needs a file name');
        o.report = v;
        break;
      }
      case '--cover-after-ms':
        o.coverAfterMs = integer('cover-after-ms', value(), 0, 3_600_000);
        break;
      case '--submitter':
        o.submitter = true;
        break;
      case '--submitter-grace-ms':
        o.submitterGraceMs = integer('submitter-grace-ms', value(), 0, 3_600_000);
        break;
      case '--withhold-proof':
        o.withholdProof = true;
        break;
      case '--no-app':
        o.app = false;
        break;
      case '--no-tables':
        o.tables = false;
        break;
      case '--events':
        o.events = true;
        break;
      default:
        throw new DevnetUsageError(`unknown option ${arg}`);
    }
  }
  if (o.report !== undefined && o.blocks === undefined) throw new DevnetUsageError('--report goes with --blocks N');
  if (o.withholdProof && !o.submitter)
    throw new DevnetUsageError('--withhold-proof needs --submitter (nobody else would submit the final proof)');
  if (o.submitterGraceMs !== undefined && !o.submitter)
    throw new DevnetUsageError('--submitter-grace-ms goes with --submitter');
  if (o.provers === 0 && o.committee === undefined)
    throw new DevnetUsageError(
      '--provers 0 needs --committee N (the stakers, e.g. browser tabs, the sequencer waits for)',
    );
  return o;
}

/** One block of `--report FILE`: who proved which nodes, who submitted, what the L1 paid. */
export interface DevnetBlockReport {
  number: number;
  leaves: number;
  assignment: string;
  /** From the block's commitment on the L1 to the final proof's receipt. */
  msToVerified: number;
  /** How the transcript and payloads moved (always webrtc on the devnet). */
  transport: string;
  /** Who submitted the final proof: the sequencer, or the watching submitter. */
  submittedBy: string;
  provers: Array<{ key: string; role: string; nodes: string[] }>;
  /** The L1's payouts for the block (account, role, amount). */
  payouts: Array<{ account: string; role: string; amount: string }>;
  /** Committee members the block's assignment may credit for some node. */
  assignedMembers: string[];
  /**
   * Distinct leaves some member is assigned. With option 1 the members' binary paths may all land
   * on one leaf (1 in 64 blocks with four members): then the fastest member may be credited for
   * the whole path, and one credited member is all the assignment guarantees.
   */
  memberLeaves: number;
}

/** The JSON `--report FILE` writes. */
export interface DevnetReport {
  blocks: DevnetBlockReport[];
}
