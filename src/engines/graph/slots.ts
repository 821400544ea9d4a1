// Buffer slots of a graph plan: every GPU tensor gets a slot, and a slot is handed to a later tensor once
// every value bound to it (the tensor and its aliases: a Reshape of a GPU value keeps its slot) has been read
// for the last time. Slots the call uploads CPU values into are pinned: written before the pass, so never
// shared. No GPU: the runner makes one buffer per slot afterwards.

export class SlotAllocator {
  /** Bytes of each slot (at least 16). */
  readonly bytes: number[] = [];
  private readonly free: number[] = [];
  private readonly pinned = new Set<number>();
  /** Values still bound to each slot. */
  private readonly readers = new Map<number, number>();

  /**
   * A slot for `count` floats: a free one at least that big and at most twice as big (so a small tensor does
   * not take a big slot a later big tensor could use), else a new one.
   */
  alloc(count: number, pin = false): number {
    const bytes = Math.max(16, count * 4);
    const at = pin ? -1 : this.free.findIndex((s) => this.bytes[s] >= bytes && this.bytes[s] <= 2 * bytes);
    const slot = at >= 0 ? this.free.splice(at, 1)[0] : this.bytes.push(bytes) - 1;
    if (pin) this.pinned.add(slot);
    this.readers.set(slot, 0);
    return slot;
  }

  /** One more value is bound to `slot`. */
  bind(slot: number): void {
    this.readers.set(slot, (this.readers.get(slot) ?? 0) + 1);
  }

  /** One value bound to `slot` is done with it; once all are, the slot is free for the next nodes. */
  readDone(slot: number | undefined): void {
    if (slot === undefined || this.pinned.has(slot)) return;
    const left = (this.readers.get(slot) ?? 1) - 1;
    this.readers.set(slot, left);
    if (left === 0) this.free.push(slot);
  }

  /** A scratch slot no value was bound to is free again at once. */
  release(slot: number): void {
    this.free.push(slot);
  }

  isFree(slot: number): boolean {
    return this.free.includes(slot);
  }
}
