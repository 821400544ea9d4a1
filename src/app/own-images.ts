// #/train's "your own images" panel: a 28 × 28 drawing pad (pen and eraser; mouse, touch, pen, or the arrow
// keys and Space), an image upload (PNG, JPEG, WebP: each turned into a centred 28 × 28 garment-style image by
// engines/training/own-images.ts), the images added so far, the share of each batch drawn from them, and how
// close the models' samples come to them. A thin element: the page keeps the images and restarts training.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { fmt, fmtInt, I18nController, t } from '../core/main-thread/i18n';
import './own-images.strings';
import './train.strings';
import { paintImage } from '../core/main-thread/paint-image';
import { SIDE, toGarmentImage } from '../engines/training/own-images';
import { controlStyles } from '../ui/control-styles';
import { reactive } from '../ui/reactive-state';
import { OWN_SHARES, type TrainSettings } from './train-settings';

/** At most this many of your images (each is 3 KB; the page keeps them and saves them with the run). */
export const MAX_OWN = 200;
/** Files larger than this, or pictures with a side above MAX_SIDE, are refused. */
const MAX_BYTES = 20e6;
const MAX_SIDE = 8000;
/** Pictures are read at most this large before being reduced to 28 × 28. */
const READ_SIDE = 112;
const BRUSH = 1.6;

type Model = 'vae' | 'gan' | 'diffusion';

/** A picked file as the grey values of a picture at most READ_SIDE on a side, on white where it is transparent. */
async function readPicture(file: File): Promise<{ grey: Float32Array; w: number; h: number }> {
  const bitmap = await createImageBitmap(file);
  try {
    if (bitmap.width > MAX_SIDE || bitmap.height > MAX_SIDE) throw new RangeError('size');
    const scale = Math.min(1, READ_SIDE / Math.max(bitmap.width, bitmap.height));
    const [w, h] = [Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale))];
    const ctx = new OffscreenCanvas(w, h).getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const grey = Float32Array.from(
      { length: w * h },
      (_, i) => (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) / 255,
    );
    return { grey, w, h };
  } finally {
    bitmap.close();
  }
}

export class OwnImagesPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      label { display: inline-flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; max-width: 100%; font-size: 0.9rem; }
      select, input[type='file'] { max-width: 100%; min-width: 0; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-start; margin: 0.4rem 0; }
      canvas.pad { width: 224px; height: 224px; image-rendering: pixelated; background: #000; border-radius: 4px; touch-action: none; cursor: crosshair; box-shadow: 0 0 0 1px var(--gmp-frame); }
      canvas.pad:focus-visible { outline: 3px solid var(--gmp-pick); }
      .tools { display: flex; flex-direction: column; gap: 0.4rem; }
      .mine { display: flex; flex-wrap: wrap; gap: 0.3rem; list-style: none; padding: 0; margin: 0.3rem 0; }
      .mine li { display: flex; flex-direction: column; align-items: center; font-size: 0.75rem; }
      .mine canvas { width: 42px; height: 42px; image-rendering: pixelated; background: #000; box-shadow: 0 0 0 1px var(--gmp-frame); }
      .small { font-size: 0.9rem; color: var(--gmp-muted); }
      .error { color: var(--gmp-error); }
      .numbers { font-variant-numeric: tabular-nums; font-size: 0.9rem; }
      @media (max-width: 640px), (pointer: coarse) { button, select, input { min-height: 44px; } }
    `,
  ];
  static override properties = { images: { attribute: false }, share: {}, distance: { attribute: false }, disabled: { type: Boolean } };

  declare images: readonly Float32Array[];
  declare share: TrainSettings['own'];
  /** each model's samples' mean distance to the nearest of your images (from the latest drawing) */
  declare distance: Record<Model, number> | undefined;
  declare disabled: boolean;
  /** Your images changed (added, removed): the page trains on the new set. */
  changeImages?: (next: Float32Array[]) => void;
  changeShare?: (share: TrainSettings['own']) => void;
  /** The drawing on the pad, 28 × 28 in [0, 1]. */
  private pad = new Float32Array(SIDE * SIDE);
  private readonly view = reactive(this, {
    tool: 'pen' as 'pen' | 'eraser',
    inked: false,
    problems: [] as string[],
    /** the keyboard's cursor on the pad */
    cursor: [14, 14] as [number, number],
  });
  /** The distance at the first drawing after your images changed (what the falling figure is compared with). */
  private first?: Record<Model, number>;

  constructor() {
    super();
    this.images = [];
    this.share = '50';
    this.disabled = false;
    new I18nController(this);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('images')) this.first = undefined;
    if (changed.has('distance') && this.distance && !this.first) this.first = this.distance;
  }

  protected override updated(): void {
    const pad = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.pad');
    if (pad) paintImage(pad, this.pad);
    this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-own]').forEach((c) => {
      const img = this.images[Number(c.dataset.own)];
      if (img) paintImage(c, img);
    });
  }

  // ---- the pad ----

  /** Paints (or erases) a soft disc at pad coordinates (x, y). */
  private paint(x: number, y: number): void {
    for (let py = Math.floor(y - BRUSH); py <= Math.ceil(y + BRUSH); py++)
      for (let px = Math.floor(x - BRUSH); px <= Math.ceil(x + BRUSH); px++) {
        if (px < 0 || py < 0 || px >= SIDE || py >= SIDE) continue;
        const d = Math.hypot(px + 0.5 - x, py + 0.5 - y);
        const ink = Math.max(0, Math.min(1, (BRUSH - d) / 0.8));
        const i = py * SIDE + px;
        this.pad[i] = this.view.tool === 'pen' ? Math.max(this.pad[i]!, ink) : this.pad[i]! * (1 - ink);
      }
    this.view.inked = this.pad.some((v) => v > 0.05);
    this.requestUpdate();
  }

  private onPointer(e: PointerEvent): void {
    if (e.type === 'pointerdown') (e.target as HTMLElement).setPointerCapture(e.pointerId);
    else if (!e.buttons) return;
    e.preventDefault();
    const r = (e.target as HTMLElement).getBoundingClientRect();
    this.paint(((e.clientX - r.left) / r.width) * SIDE, ((e.clientY - r.top) / r.height) * SIDE);
  }

  /** Arrow keys move the cursor (shown in the label), Space or Enter paints there with the tool. */
  private onKey(e: KeyboardEvent): void {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!step && e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    const [x, y] = this.view.cursor;
    if (step) this.view.cursor = [Math.max(0, Math.min(SIDE - 1, x + step[0]!)), Math.max(0, Math.min(SIDE - 1, y + step[1]!))];
    else this.paint(x + 0.5, y + 0.5);
  }

  private clear(): void {
    this.pad = new Float32Array(SIDE * SIDE);
    this.view.inked = false;
    this.requestUpdate();
  }

  private add(images: Float32Array[]): void {
    const room = MAX_OWN - this.images.length;
    if (images.length > room) this.view.problems = [...this.view.problems, t('own.full', { max: MAX_OWN })];
    if (room > 0 && images.length) this.changeImages?.([...this.images, ...images.slice(0, room)]);
  }

  private addDrawing(): void {
    this.add([this.pad.slice()]);
    this.clear();
  }

  // ---- uploads ----

  private async upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    const added: Float32Array[] = [];
    const problems: string[] = [];
    for (const file of files) {
      if (!/^image\/(png|jpeg|webp)$/.test(file.type)) problems.push(t('own.upload.type', { file: file.name }));
      else if (file.size > MAX_BYTES)
        problems.push(t('own.upload.large', { file: file.name, mb: fmt(file.size / 1e6, 0), max: MAX_BYTES / 1e6 }));
      else
        try {
          const { grey, w, h } = await readPicture(file);
          added.push(toGarmentImage(grey, w, h));
        } catch (err) {
          problems.push(t(err instanceof RangeError ? 'own.upload.side' : 'own.upload.broken', { file: file.name, max: MAX_SIDE }));
        }
    }
    this.view.problems = problems;
    this.add(added);
  }

  private removeImage(i: number): void {
    this.changeImages?.(this.images.filter((_, k) => k !== i));
  }

  // ---- rendering ----

  private renderPad() {
    const [cx, cy] = this.view.cursor;
    const tool = (id: 'pen' | 'eraser') =>
      html`<button aria-pressed=${this.view.tool === id ? 'true' : 'false'} @click=${() => (this.view.tool = id)}>${t(`own.${id}`)}</button>`;
    return html`<div class="row">
      <canvas class="pad" data-testid="draw-pad" width="28" height="28" tabindex="0" role="img"
        aria-label=${t('own.pad.aria', { x: cx + 1, y: cy + 1 })}
        @pointerdown=${this.onPointer} @pointermove=${this.onPointer} @keydown=${this.onKey}></canvas>
      <div class="tools">
        ${tool('pen')} ${tool('eraser')}
        <button @click=${() => this.clear()} ?disabled=${!this.view.inked}>${t('own.clear')}</button>
        <button data-testid="draw-add" ?disabled=${!this.view.inked || this.disabled} @click=${() => this.addDrawing()}>${t('own.add')}</button>
      </div>
    </div>`;
  }

  private renderMine() {
    if (!this.images.length) return html`<p class="small">${t('own.none')}</p>`;
    return html`<p class="small">${t('own.count', { count: fmtInt(this.images.length), max: MAX_OWN })}</p>
      <ul class="mine" data-testid="own-images" data-count=${this.images.length}>
        ${this.images.map(
          (
            _,
            i,
          ) => html`<li><canvas width="28" height="28" data-own=${i} role="img" aria-label=${t('own.image', { index: i + 1 })}></canvas>
          <button ?disabled=${this.disabled} aria-label=${t('own.remove.aria', { index: i + 1 })} @click=${() => this.removeImage(i)}>${t('own.remove')}</button></li>`,
        )}
      </ul>
      <p><button ?disabled=${this.disabled} @click=${() => this.changeImages?.([])}>${t('own.remove-all')}</button></p>`;
  }

  private renderDistance() {
    const d = this.distance;
    if (!d || !this.images.length) return nothing;
    const first = this.first ?? d;
    const line = (m: Model) => t('own.distance.model', { model: t(`train.${m}`), now: fmt(d[m], 3), first: fmt(first[m], 3) });
    return html`<p class="numbers" data-testid="own-distance" data-vae=${d.vae} data-gan=${d.gan} data-diffusion=${d.diffusion}>
      ${t('own.distance')} ${line('vae')} · ${line('gan')} · ${line('diffusion')}</p>`;
  }

  override render() {
    return html`<h2>${t('own.title')}</h2>
      <p class="small">${t('own.lead')}</p>
      ${this.renderPad()}
      <label>${t('own.upload')} <input data-testid="image-upload" type="file" multiple accept="image/png,image/jpeg,image/webp"
        ?disabled=${this.disabled} @change=${(e: Event) => void this.upload(e)} /></label>
      ${this.view.problems.length ? html`<div class="error" role="alert" data-testid="image-upload-problem">${this.view.problems.map((p) => html`<p>${p}</p>`)}</div>` : nothing}
      ${this.renderMine()}
      <label>${t('own.share')} <select data-testid="own-share" @change=${(e: Event) => this.changeShare?.((e.target as HTMLSelectElement).value as TrainSettings['own'])}>
        ${OWN_SHARES.map((s) => html`<option value=${s} ?selected=${s === this.share}>${t(s === '100' ? 'own.share.alone' : 'own.share.mixed', { share: s })}</option>`)}
      </select></label>
      <p class="small">${t('own.expect')}</p>
      ${this.renderDistance()}`;
  }
}

customElements.define('gmp-own-images', OwnImagesPanel);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-own-images': OwnImagesPanel;
  }
}
