// The node's handling of a log it cannot trust and of a disk that stops writing.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openDurableLog } from '../../src/l1/durable-log.js';
import { LogFailedError, LogReplayError } from '../../src/l1/errors.js';
import { L1Node } from '../../src/l1/node.js';
import { SimulatedProofVerifier } from '../../src/l1/simulated-proof.js';
import { removeDir } from './helpers.js';

const verifier = new SimulatedProofVerifier();
const enc = new TextEncoder();

describe('L1 node and its log', () => {
  test('a checksummed record that is not a command stops the start with its index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l1-node-'));
    const logPath = join(dir, 'commands.log');
    const { log } = await openDurableLog(logPath);
    await log.append(enc.encode(JSON.stringify({ v: 1, command: { type: 'advance', slot: 3 } })));
    await log.append(enc.encode('{"v":1,"command":'));
    await log.close();
    await expect(L1Node.open({ logPath, verifier })).rejects.toThrow(LogReplayError);
    await expect(L1Node.open({ logPath, verifier })).rejects.toMatchObject({
      recordIndex: 1,
      message: expect.stringMatching(/^log record 1 is not JSON/),
    });
    await removeDir(dir);
  });

  test('a logged command that no longer applies is named, not skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l1-node-'));
    const logPath = join(dir, 'commands.log');
    const { log } = await openDurableLog(logPath);
    await log.append(enc.encode(JSON.stringify({ v: 1, command: { type: 'advance', slot: 5 } })));
    await log.append(enc.encode(JSON.stringify({ v: 1, command: { type: 'advance', slot: 2 } })));
    await log.close();
    await expect(L1Node.open({ logPath, verifier })).rejects.toMatchObject({
      name: 'LogReplayError',
      recordIndex: 1,
      message: 'log record 1 (advance) no longer applies: the clock only moves forward: slot 2 is not after 5',
    });
    await removeDir(dir);
  });

  test('a damaged tail is reported through the node log and the good prefix is served', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l1-node-'));
    const logPath = join(dir, 'commands.log');
    const first = await L1Node.open({ logPath, verifier });
    await first.advanceTo(7);
    await first.close();
    const { appendFile } = await import('node:fs/promises');
    await appendFile(logPath, new Uint8Array([0x46, 0x4c, 0x31, 0x52, 0, 0, 0, 9]));
    const lines: string[] = [];
    const node = await L1Node.open({ logPath, verifier, log: (l) => lines.push(l) });
    expect(node.state.slot).toBe(7);
    expect(node.openReport?.damage).toMatchObject({ kind: 'torn-tail', reason: 'truncated-header' });
    expect(lines[0]).toMatch(
      /torn-tail at byte \d+ \(truncated-header\); 8 bytes set aside in .*commands\.log\.damaged-/,
    );
    expect((await readdir(dir)).some((f) => f.startsWith('commands.log.damaged-'))).toBe(true);
    await node.close();
    await removeDir(dir);
  });

  test('after a failed write the node refuses every command (memory would be ahead of disk)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'l1-node-'));
    const node = await L1Node.open({ logPath: join(dir, 'commands.log'), verifier, log: () => {} });
    await node.advanceTo(1);
    // Fault injection: the file handle disappears under the log, as a failed disk would make it.
    await (node as unknown as { durable: { handle: { close(): Promise<void> } } }).durable.handle.close();
    await expect(node.advanceTo(2)).rejects.toThrow(LogFailedError);
    await expect(node.advanceTo(3)).rejects.toThrow(/refuses commands after a failed log write/);
    await removeDir(dir);
  });
});
