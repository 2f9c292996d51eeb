import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CommitRevealBook,
  KeyEncodingError,
  MessageError,
  SignatureError,
  assertProofData,
  assertResult,
  assertResultCommitment,
  binaryPathAssignment,
  creditBlock,
  decodeResult,
  decodeResultCommitment,
  encodeResult,
  encodeResultCommitment,
  generateStakingKey,
  missingNodes,
  nodeId,
  proofDigest,
  publicKeyHex,
  rankStakers,
  resultCommitment,
  signResult,
  signResultCommitment,
  sortedRoundsAssignment,
  type ResultEnvelope,
  type TreeNode,
} from '../../src/protocol/index.js';
import { fakeKey } from './fixtures.js';

const alice = generateStakingKey(new Uint8Array(48).fill(11));
const mallory = generateStakingKey(new Uint8Array(48).fill(12));
const block = new Uint8Array(32).fill(0x42);
const proof = new TextEncoder().encode('folded instance and witness bytes');
const envelope = (prover: Uint8Array, node: TreeNode = { level: 1, index: 2 }): ResultEnvelope => ({
  blockCommitment: block,
  node,
  kind: node.level === 0 ? 'base' : 'merge',
  proofDigest: proofDigest(proof),
  prover,
});

describe('results', () => {
  const result = signResult(alice.secretKey, envelope(alice.publicKey));

  it('signs, encodes and verifies a result and its proof data', () => {
    expect(() => assertResult(result, 4)).not.toThrow();
    const back = decodeResult(encodeResult(result));
    expect(back).toEqual(result);
    expect(() => assertResult(back, 4)).not.toThrow();
    expect(() => assertProofData(result, proof)).not.toThrow();
  });

  it('rejects tampered results, wrong keys and mismatched proof data', () => {
    expect(() => assertResult({ ...result, node: { level: 1, index: 3 } })).toThrow(SignatureError);
    expect(() => assertResult({ ...result, prover: mallory.publicKey })).toThrow(SignatureError);
    expect(() => assertResult(result, 0)).toThrow(/outside a tree of height 0/);
    expect(() => assertProofData(result, new Uint8Array([1, 2]))).toThrow(/does not match the digest/);
    expect(() => signResult(mallory.secretKey, envelope(alice.publicKey))).toThrow(KeyEncodingError);
    expect(() => signResult(alice.secretKey, { ...envelope(alice.publicKey), kind: 'base' })).toThrow(
      /merge node, not base/,
    );
  });

  it('rejects malformed result encodings with clear errors', () => {
    const bytes = encodeResult(result);
    expect(() => decodeResult(bytes.subarray(1))).toThrow(/result must be 219 bytes, got 218/);
    const badMagic = Uint8Array.from(bytes);
    badMagic[0] = 0;
    expect(() => decodeResult(badMagic)).toThrow(/bad magic/);
    const badKind = Uint8Array.from(bytes);
    badKind[4 + 1 + 32 + 1 + 4] = 7;
    expect(() => decodeResult(badKind)).toThrow(/kind byte must be 0 \(base\) or 1 \(merge\), got 7/);
    const kindMismatch = Uint8Array.from(bytes);
    kindMismatch[4 + 1 + 32 + 1 + 4] = 0;
    expect(() => decodeResult(kindMismatch)).toThrow(MessageError);
  });

  it('signs and round-trips the result commitment H(result ‖ pk)', () => {
    const c = signResultCommitment(alice.secretKey, envelope(alice.publicKey));
    expect(c.commitment).toEqual(resultCommitment(result));
    expect(() => assertResultCommitment(decodeResultCommitment(encodeResultCommitment(c)))).not.toThrow();
    expect(() => assertResultCommitment({ ...c, commitment: new Uint8Array(32) })).toThrow(SignatureError);
    expect(() => decodeResultCommitment(new Uint8Array(10))).toThrow(MessageError);
    // The commitment binds the prover: the same body under another key commits differently.
    expect(resultCommitment(envelope(mallory.publicKey))).not.toEqual(c.commitment);
  });
});

describe('commit–reveal book', () => {
  const node = { level: 1, index: 2 };

  it('counts a result whose commitment came before the first reveal; a copier is too late', () => {
    const book = new CommitRevealBook(block, 4);
    const aliceEnv = envelope(alice.publicKey, node);
    expect(book.recordCommitment(signResultCommitment(alice.secretKey, aliceEnv))).toBe('recorded');
    expect(book.recordCommitment(signResultCommitment(alice.secretKey, aliceEnv))).toBe('duplicate');
    expect(book.recordReveal(signResult(alice.secretKey, aliceEnv))).toBe('timely');
    expect(book.isTimely(node, publicKeyHex(alice.publicKey))).toBe(true);
    // Mallory copies the revealed proof digest under her own key: her commitment is late.
    const copy = envelope(mallory.publicKey, node);
    expect(book.recordCommitment(signResultCommitment(mallory.secretKey, copy))).toBe('late');
    expect(book.recordReveal(signResult(mallory.secretKey, copy))).toBe('no-commitment');
    expect(book.isTimely(node, publicKeyHex(mallory.publicKey))).toBe(false);
  });

  it('rejects a reveal that does not match its commitment, and messages for another block', () => {
    const book = new CommitRevealBook(block, 4);
    const env = envelope(alice.publicKey, node);
    book.recordCommitment(signResultCommitment(alice.secretKey, env));
    const other = { ...env, proofDigest: new Uint8Array(32).fill(1) };
    expect(book.recordReveal(signResult(alice.secretKey, other))).toBe('mismatch');
    expect(book.isTimely(node, publicKeyHex(alice.publicKey))).toBe(false);
    const elsewhere = { ...env, blockCommitment: new Uint8Array(32) };
    expect(() => book.recordCommitment(signResultCommitment(alice.secretKey, elsewhere))).toThrow(
      /another block commitment/,
    );
    expect(() => book.recordReveal({ ...signResult(alice.secretKey, env), signature: new Uint8Array(96) })).toThrow(
      SignatureError,
    );
    const outside = envelope(alice.publicKey, { level: 0, index: 16 });
    expect(() => book.recordCommitment(signResultCommitment(alice.secretKey, outside))).toThrow(
      /outside a tree of height 4/,
    );
  });
});

describe('crediting', () => {
  const ranked = rankStakers(
    Array.from({ length: 64 }, (_, i) => fakeKey(i)),
    { prevBlockHash: new Uint8Array(32).fill(1), slot: 1 },
  );
  const committee = ranked.slice(0, 8);

  it('credits only (node, key) pairs the assignment allows, once per node', () => {
    const a = binaryPathAssignment(committee, 3, 'low');
    const m0 = publicKeyHex(committee[0]!.publicKey);
    const m1 = publicKeyHex(committee[1]!.publicKey);
    const ownLeaf = a.memberNodes(m0)[0]!;
    const notOwn = [...Array(8).keys()]
      .map((i) => ({ level: 0, index: i }))
      .find((n) => !a.isCreditable(n, m1) && !a.isCreditable(n, m0))!;
    const report = creditBlock(a, [
      { node: ownLeaf, prover: m0 },
      { node: ownLeaf, prover: m1 },
      { node: notOwn, prover: m0 },
      { node: { level: 4, index: 0 }, prover: m0 },
      { node: { level: 3, index: 0 }, prover: committee[1]!.publicKey },
    ]);
    expect(report.credited).toEqual([
      { node: { level: 3, index: 0 }, prover: m1 },
      { node: ownLeaf, prover: m0 },
    ]);
    expect(report.rejected.map((r) => r.reason)).toEqual(['duplicate-node', 'not-assigned', 'outside-tree']);
    expect(report.contributors).toEqual([m0, m1].sort());
    expect(report.creditedCounts).toEqual({ base: 1, merge: 1 });
  });

  it('drops results without a timely commitment', () => {
    const a = sortedRoundsAssignment(committee, 2, 1, 2);
    const m0 = publicKeyHex(committee[0]!.publicKey);
    const report = creditBlock(a, [{ node: { level: 0, index: 0 }, prover: m0 }], () => false);
    expect(report.credited).toEqual([]);
    expect(report.rejected[0]!.reason).toBe('no-timely-commitment');
  });

  it('never credits more than one key per node nor a node the assignment does not allow (property)', () => {
    const a = sortedRoundsAssignment(committee, 3, 2, 2);
    const hexes = committee.map((m) => publicKeyHex(m.publicKey));
    const claim = fc.record({
      level: fc.integer({ min: 0, max: 4 }),
      index: fc.integer({ min: 0, max: 9 }),
      who: fc.integer({ min: 0, max: 7 }),
    });
    fc.assert(
      fc.property(fc.array(claim, { maxLength: 40 }), (claims) => {
        const report = creditBlock(
          a,
          claims.map((c) => ({ node: { level: c.level, index: c.index }, prover: hexes[c.who]! })),
        );
        const ids = report.credited.map((c) => nodeId(3, c.node));
        expect(new Set(ids).size).toBe(ids.length);
        for (const c of report.credited) expect(a.isCreditable(c.node, c.prover)).toBe(true);
        expect(report.credited.length + report.rejected.length).toBe(claims.length);
      }),
      { numRuns: 100 },
    );
  });

  it('lists the nodes the final tree still lacks', () => {
    expect(
      missingNodes(2, [
        { level: 0, index: 1 },
        { level: 1, index: 0 },
        { level: 0, index: 9 },
      ]),
    ).toEqual([
      { level: 0, index: 0 },
      { level: 0, index: 2 },
      { level: 0, index: 3 },
      { level: 1, index: 1 },
      { level: 2, index: 0 },
    ]);
    expect(
      missingNodes(1, [
        { level: 0, index: 0 },
        { level: 0, index: 1 },
        { level: 1, index: 0 },
      ]),
    ).toEqual([]);
  });
});
