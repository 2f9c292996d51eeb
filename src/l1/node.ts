// The L1 node: the state machine, made durable by the command log. A state-changing call is
// (1) checked cheapest first: schema, nonce, state, then every signature it carries in one batch
// (the SignatureVerifier may run it off the event loop), (2) prepared (proof verification), (3)
// built and applied, and its record queued for the log, in one synchronous step, so commands are
// applied and logged in one order; (4) the caller gets its receipt only after the record is
// fsync'd. Reads see the in-memory state (which may be one fsync ahead of disk). If a log write
// fails the node refuses every further command (memory would be ahead of disk).
import { callSignatureCheck, callSignatureRejected, type SignedCall } from './auth.js';
import type { L1Command } from './commands.js';
import { openDurableLog, type DurableLog, type LogOpenReport } from './durable-log.js';
import { LogFailedError, LogReplayError, SchemaError, UnknownMethodError } from './errors.js';
import { accountId } from './hex.js';
import {
  SIGNED_METHODS,
  isSignedMethod,
  type MethodContext,
  type SignatureDemand,
  type SignedMethod,
} from './methods.js';
import { l1Params, type L1Params } from './params.js';
import { hexBytes, integer, object, type Validator } from './schema.js';
import { L1State, type Receipt } from './state.js';
import { NobleSignatureVerifier, type SignatureVerifier } from './signatures.js';
import type { BlockVerifier } from './verifier.js';

export interface L1NodeOptions {
  params?: Partial<L1Params>;
  verifier: BlockVerifier;
  /** Checks call signatures, proofs of possession and sign-offs; @noble/curves in this thread by default. */
  signatures?: SignatureVerifier;
  /** Path of the command log; without it the node keeps its state in memory only. */
  logPath?: string;
  log?: (line: string) => void;
}

interface LogRecord {
  v: 1;
  command: L1Command;
}

const envelope: Validator<{ signer: Uint8Array; nonce: number; signature: Uint8Array }> = (value, path) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SchemaError(path, 'expected an object');
  const { params: _params, ...rest } = value as Record<string, unknown>;
  if (!Object.hasOwn(value, 'params')) throw new SchemaError(`${path}.params`, 'missing required field');
  return object({ signer: hexBytes({ bytes: 48 }), nonce: integer(), signature: hexBytes({ bytes: 96 }) })(rest, path);
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class L1Node {
  private failure: Error | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly state: L1State,
    private readonly verifier: BlockVerifier,
    readonly signatures: SignatureVerifier,
    private readonly durable: DurableLog | null,
    readonly openReport: LogOpenReport | null,
    private readonly logLine: (line: string) => void,
  ) {}

  /** Opens (or creates) the node; replays the command log if there is one. */
  static async open(options: L1NodeOptions): Promise<L1Node> {
    const state = new L1State(l1Params(options.params));
    const logLine = options.log ?? (() => {});
    const signatures = options.signatures ?? new NobleSignatureVerifier();
    if (!options.logPath) return new L1Node(state, options.verifier, signatures, null, null, logLine);
    const { log, payloads, report } = await openDurableLog(options.logPath);
    if (report.staleLockPid !== undefined)
      logLine(`L1 took over the lock of ${report.path} left by pid ${report.staleLockPid}, which no longer runs`);
    if (report.damage) {
      // Only a torn tail gets here (a damaged middle refuses the open): an append cut short.
      const d = report.damage;
      logLine(
        `L1 command log ${report.path}: torn-tail at byte ${d.offset} (${d.reason}); ` +
          `${d.tailBytes} bytes set aside in ${d.setAsideTo} (no intact record after it)`,
      );
    }
    try {
      payloads.forEach((payload, index) => {
        let record: LogRecord;
        try {
          record = JSON.parse(decoder.decode(payload)) as LogRecord;
        } catch (e) {
          throw new LogReplayError(`log record ${index} is not JSON: ${(e as Error).message}`, index);
        }
        if (record?.v !== 1 || !record.command)
          throw new LogReplayError(`log record ${index} has an unknown version`, index);
        try {
          state.apply(record.command);
        } catch (e) {
          throw new LogReplayError(
            `log record ${index} (${record.command.type}) no longer applies: ${(e as Error).message}`,
            index,
          );
        }
      });
    } catch (e) {
      // A start that fails releases the log (and its lock) for the repair or the next start.
      await log.close();
      throw e;
    }
    logLine(
      `L1 replayed ${payloads.length} commands from ${report.path} (slot ${state.slot}, head block ${state.head.blockNumber})`,
    );
    return new L1Node(state, options.verifier, signatures, log, report, logLine);
  }

  get chainId(): number {
    return this.state.params.chainId;
  }

  /**
   * Builds, applies and appends in one synchronous step (so commands are applied and logged in
   * the same order), then waits for the fsync. Appends waiting for one fsync share it.
   */
  private async commit(build: () => L1Command): Promise<Receipt> {
    if (this.failure)
      throw new LogFailedError(`the L1 refuses commands after a failed log write: ${this.failure.message}`);
    const command = build();
    const receipt = this.state.apply(command);
    if (this.durable) {
      try {
        await this.durable.append(encoder.encode(JSON.stringify({ v: 1, command } satisfies LogRecord)));
      } catch (e) {
        if (!this.failure) {
          this.failure = e as Error;
          this.logLine(`L1 command log write failed; refusing further commands: ${(e as Error).message}`);
        }
        throw e;
      }
    }
    return receipt;
  }

  /**
   * Executes a signed state-changing call, cheapest checks first: schema, nonce, state, then every
   * signature in one batch, then the proof. Throws UnknownMethodError, SchemaError,
   * AuthorisationError, NonceError, StateRuleError, ProofRejectedError or a protocol error.
   */
  async call(method: string, raw: unknown): Promise<Receipt> {
    if (!isSignedMethod(method)) throw new UnknownMethodError(`unknown state-changing method "${method}"`);
    const { signer, nonce } = envelope(raw, 'call');
    const call = raw as SignedCall;
    const def = SIGNED_METHODS[method] as SignedMethod<unknown>;
    const params = def.params(call.params, 'params');
    const account = accountId(signer);
    // Cheap replay rejection before any slow work; the state checks the nonce again on apply.
    this.state.assertNonceUnused(account, nonce);
    const ctx: MethodContext = {
      state: this.state,
      verifier: this.verifier,
      signatures: this.signatures,
      account,
      nonce,
    };
    const checked = def.check?.(ctx, params) ?? {};
    const demands: SignatureDemand[] = [
      { check: callSignatureCheck(this.chainId, method, call), fail: callSignatureRejected },
      ...(checked.signatures ?? []),
    ];
    const reasons = await this.signatures.verifyAll(demands.map((d) => d.check));
    reasons.forEach((reason, i) => {
      if (reason !== null) throw demands[i]!.fail(reason);
    });
    const prepared = def.prepare ? await def.prepare(ctx, params) : undefined;
    return this.commit(() => def.build(ctx, params, { memo: checked.memo, prepared }));
  }

  /** Moves the clock to `slot` (a logged command). */
  advanceTo(slot: number): Promise<Receipt> {
    return this.commit(() => ({ type: 'advance', slot }));
  }

  advanceSlots(count = 1): Promise<Receipt> {
    return this.commit(() => ({ type: 'advance', slot: this.state.slot + count }));
  }

  /** Ticks the slot clock every `slotMs` until stop(). */
  startClock(slotMs: number): void {
    this.stopClock();
    this.clock = setInterval(() => {
      this.advanceSlots(1).catch((e: Error) => this.logLine(`L1 clock tick failed: ${e.message}`));
    }, slotMs);
  }

  stopClock(): void {
    if (this.clock) clearInterval(this.clock);
    this.clock = undefined;
  }

  async close(): Promise<void> {
    this.stopClock();
    await this.durable?.close();
  }
}
