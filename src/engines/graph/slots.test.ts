// The graph plan's slot allocator: reuse once every bound value is read, size rules, pinned upload slots.
import { describe, expect, it } from 'vitest';
import { SlotAllocator } from './slots';

describe('SlotAllocator', () => {
  it('hands a slot to the next tensor once its last reader is done, not before', () => {
    const s = new SlotAllocator();
    const a = s.alloc(100);
    s.bind(a);
    s.bind(a); // an alias (a Reshape of a) keeps the slot
    const b = s.alloc(100);
    expect(b).not.toBe(a);
    s.readDone(a);
    expect(s.alloc(100)).not.toBe(a); // the alias still reads it
    s.readDone(a);
    expect(s.isFree(a)).toBe(true);
    expect(s.alloc(100)).toBe(a);
    expect(s.bytes).toEqual([400, 400, 400]);
  });

  it('reuses a free slot only when it is at least as big and at most twice as big', () => {
    const s = new SlotAllocator();
    const big = s.alloc(1000);
    s.bind(big);
    s.readDone(big);
    expect(s.alloc(100)).not.toBe(big); // 4000 bytes for 400: too big to tie up
    expect(s.alloc(2000)).not.toBe(big); // too small
    expect(s.alloc(600)).toBe(big);
    expect(s.bytes[0]).toBe(4000);
  });

  it('gives at least 16 bytes, never frees pinned (upload) slots, and frees scratch slots at once', () => {
    const s = new SlotAllocator();
    const tiny = s.alloc(1);
    expect(s.bytes[tiny]).toBe(16);
    const pinned = s.alloc(8, true);
    s.bind(pinned);
    s.readDone(pinned);
    expect(s.isFree(pinned)).toBe(false);
    const scratch = s.alloc(8);
    s.release(scratch);
    expect(s.alloc(8)).toBe(scratch);
    expect(s.readDone(undefined)).toBeUndefined(); // a value without a slot (on the CPU) is fine
  });
});
