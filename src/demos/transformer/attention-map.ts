// <gmp-attention-map>: the attention of one layer and head over the last ≤ C characters of a text as a heatmap,
// one row per character (what it looked at), repainted whenever it is given a longer text, another layer or head,
// another character to mark, or the theme changes. Hovering a row or moving with the arrow keys (Home, End,
// Escape) asks for that character with an `inspect` event. Renders into the page's own root, so the page's canvas
// styles apply and tests find the canvas by its test id; `data-drawn` says that something has been painted.
import { html, LitElement } from 'lit';
import { ThemeController, themeRgb } from '../../core/main-thread/theme';
import type { TextRun } from '../../models/transformer/text-run';

/** The characters the heatmap shows: the last ≤ `context` of a text of `length`. */
export function heatRange(length: number, context: number): { first: number; n: number } {
  const n = Math.min(length, context);
  return { first: length - n, n };
}

export class AttentionMap extends LitElement {
  static override properties = {
    run: { attribute: false },
    chars: { type: Number },
    context: { type: Number },
    layer: { type: Number },
    head: { type: Number },
    inspected: { attribute: false },
    label: {},
  };
  /** The text and the attention behind each character (it grows in place: `chars` says how far). */
  declare run: TextRun | undefined;
  declare chars: number;
  declare context: number;
  declare layer: number;
  declare head: number;
  /** The character marked (its row drawn brighter). */
  declare inspected: number | undefined;
  declare label: string;

  constructor() {
    super();
    new ThemeController(this); // repaints in the new theme's colours
    this.chars = 0;
    this.context = 1;
    this.layer = 0;
    this.head = 0;
  }

  protected override createRenderRoot() {
    return this;
  }

  override render() {
    return html`<canvas class="heatmap" data-testid="attention" tabindex="0" width="1" height="1" role="img" aria-label=${this.label}
      data-drawn="false" @pointermove=${(e: PointerEvent) => this.onPointer(e)} @keydown=${(e: KeyboardEvent) => this.onKey(e)}></canvas>`;
  }

  protected override updated(): void {
    const canvas = this.querySelector('canvas');
    const { first, n } = heatRange(this.chars, this.context);
    if (canvas && this.run && n > 0) this.paint(canvas, this.run, first, n);
  }

  private paint(canvas: HTMLCanvasElement, run: TextRun, first: number, n: number): void {
    if (canvas.width !== n) {
      canvas.width = n;
      canvas.height = n;
    }
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(n, n);
    // weight 0 → heat-low, 1 → heat-high, linearly in sRGB; cells in the future → heat-empty (theme tokens)
    const empty = [...themeRgb('--gmp-heat-empty'), 255];
    const low = themeRgb('--gmp-heat-low');
    const high = themeRgb('--gmp-heat-high');
    for (let r = 0; r < n; r++) {
      const i = first + r;
      const w = run.has(i) ? run.weights(i, this.layer, this.head) : undefined;
      for (let c = 0; c < n; c++) {
        const j = first + c;
        const at = (r * n + c) * 4;
        if (j > i || !w) {
          img.data.set(empty, at);
          continue;
        }
        const v = Math.sqrt(w[j]); // square root: small weights stay visible
        img.data.set([low[0] + (high[0] - low[0]) * v, low[1] + (high[1] - low[1]) * v, low[2] + (high[2] - low[2]) * v, 255], at);
      }
    }
    if (this.inspected !== undefined && this.inspected >= first) {
      const r = this.inspected - first;
      for (let c = 0; c <= r; c++) {
        const at = (r * n + c) * 4;
        img.data[at] = Math.max(img.data[at], 200);
      }
    }
    ctx.putImageData(img, 0, 0);
    canvas.dataset.drawn = 'true';
    canvas.dataset.rows = String(n);
  }

  private inspect(i: number | undefined): void {
    this.dispatchEvent(new CustomEvent<number | undefined>('inspect', { detail: i }));
  }

  private onPointer(e: PointerEvent): void {
    const { first, n } = heatRange(this.chars, this.context);
    const rect = (e.target as HTMLElement).getBoundingClientRect();
    const r = Math.floor(((e.clientY - rect.top) / rect.height) * n);
    if (r >= 0 && r < n) this.inspect(first + r);
  }

  private onKey(e: KeyboardEvent): void {
    const len = this.chars;
    if (!len) return;
    const { first } = heatRange(len, this.context);
    const cur = this.inspected ?? len - 1;
    let next: number | undefined = cur;
    if (e.key === 'ArrowUp') next = Math.max(first, cur - 1);
    else if (e.key === 'ArrowDown') next = Math.min(len - 1, cur + 1);
    else if (e.key === 'Home') next = first;
    else if (e.key === 'End') next = len - 1;
    else if (e.key === 'Escape') next = undefined;
    else return;
    e.preventDefault();
    this.inspect(next);
  }
}

customElements.define('gmp-attention-map', AttentionMap);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-attention-map': AttentionMap;
  }
}
