// Lets a demo redraw at most every so often while its numbers change fast (a streaming text, frames drawn by a
// worker): a redraw per character or per frame would make the page, not the model, set the pace. For the
// host's `shouldUpdate`; a change of any other state redraws at once.
import type { PropertyValues, ReactiveController, ReactiveElement } from 'lit';

export class RedrawThrottle implements ReactiveController {
  private last = -Infinity;
  private timer?: number;
  private due = false;

  /** `hot`: the host's fast-changing state; `ms`: the least time between two redraws those changes alone cause. */
  constructor(
    private readonly host: ReactiveElement,
    private readonly hot: ReadonlySet<PropertyKey>,
    private readonly ms: number,
  ) {
    host.addController(this);
  }

  /**
   * Whether the host redraws now (call it from shouldUpdate). While `busy`, changes of hot state alone (or a
   * bare requestUpdate) within `ms` of the last redraw wait for one redraw at the end of that time.
   */
  allows(changed: PropertyValues, busy: boolean): boolean {
    const now = performance.now();
    if (this.due || !busy || now - this.last >= this.ms || [...changed.keys()].some((k) => !this.hot.has(k))) {
      this.due = false;
      this.last = now;
      return true;
    }
    this.timer ??= window.setTimeout(
      () => {
        this.timer = undefined;
        this.due = true;
        this.host.requestUpdate();
      },
      this.ms - (now - this.last),
    );
    return false;
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
