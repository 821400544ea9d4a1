// Cancellable runs by kind (a playback, a generation, a grid): starting one aborts the one of the same kind before
// it, and ending them all (leaving the page) aborts every one. Each run's signal goes to its worker calls.
export class Runs<Kind extends string = string> {
  private readonly live = new Map<Kind, AbortController>();

  /** A new run of `kind` (the one before is aborted); returns its signal. */
  begin(kind: Kind): AbortSignal {
    this.abort(kind);
    const run = new AbortController();
    this.live.set(kind, run);
    return run.signal;
  }

  abort(kind: Kind): void {
    this.live.get(kind)?.abort();
    this.live.delete(kind);
  }

  abortAll(): void {
    for (const run of this.live.values()) run.abort();
    this.live.clear();
  }
}
