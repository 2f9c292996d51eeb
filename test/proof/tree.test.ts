import { describe, expect, it } from 'vitest';
import { allNodes } from '../../src/protocol/tree.js';
import { foldPosition, treeHeightOf } from '../../src/proof/tree.js';

describe('fold positions in a block proof', () => {
  it("follow the protocol's node order (merges level by level, left to right)", () => {
    for (const k of [1, 2, 3, 5]) {
      const merges = [...allNodes(k)].filter((n) => n.level > 0);
      merges.forEach((node, i) => expect(foldPosition(k, node)).toBe(i));
    }
  });

  it('refuse leaves and nodes outside the tree', () => {
    expect(() => foldPosition(2, { level: 0, index: 0 })).toThrow(RangeError);
    expect(() => foldPosition(2, { level: 3, index: 0 })).toThrow(RangeError);
    expect(() => foldPosition(2, { level: 1, index: 2 })).toThrow(RangeError);
  });

  it('tree heights come only from powers of two', () => {
    expect(treeHeightOf(16)).toBe(4);
    expect(treeHeightOf(1)).toBe(0);
    for (const n of [0, 3, 12]) expect(() => treeHeightOf(n)).toThrow(RangeError);
  });
});
