// #/transformer: a small GPT continues a prompt character by character, streaming, with the attention of a
// chosen layer and head as a heatmap that grows with the text; hovering a character (or a heatmap row)
// shows where it looked. Sampling (temperature, top-k, seed) runs here; the worker turns tokens into
// logits on the chosen engine (onnxruntime webgpu/wasm, or our own WGSL kernels). UI only.
import { css, html, nothing, type PropertyValues } from 'lit';
import { inlineStyle } from '../shared/inline-style';
import { recallAuto } from '../../core/auto-memory';
import { fmt, fmtInt, t } from '../../core/i18n';
import { integerParam, numberParam, type ParamTable, textParam } from '../../core/url-state';
import { type EngineChoice, median } from '../../core/engine-choice';
import { fileFor } from '../../core/manifest';
import { mulberry32 } from '../../core/seeded-random';
import type { StepResult, TransformerLoadArgs, TransformerWorkerApi } from '../../models/transformer/worker';
import { TRANSFORMER, transformerTokenizer } from '../../models/transformer/entry';
import { demoStyles, ModelDemo, seedParam } from '../shared/model-demo';
import { RedrawThrottle } from '../shared/redraw-throttle';
import { themeRgb } from '../../core/theme';
import './transformer.strings';
import type { TradeoffText } from '../shared/tradeoff-panel';
import { sampleToken } from '../../models/transformer/sampling';
import { nextWindow, TextRun } from '../../models/transformer/text-run';
import type { Tokenizer } from '../../models/transformer/tokenizer';

const TEXT: TradeoffText = {
  study: 'transformer-data',
  how: ['tf.how.1', 'tf.how.2', 'tf.how.3', 'tf.how.4'],
  strengths: ['tf.strength.1', 'tf.strength.2'],
  weaknesses: ['tf.weakness.1', 'tf.weakness.2'],
  when: ['tf.when.1', 'tf.when.2'],
};
const DEFAULT_PROMPT = 'Wer anderen eine Grube gräbt, ';
/** Longest prompt kept in the link. */
const URL_PROMPT_MAX = 500;
const MAX_NEW = 2000;
const HEATMAP_PX = 256;
const STREAM_FRAME_MS = 100;

type NoteKey = 'tf.note.empty' | 'tf.note.unknown' | 'tf.note.truncated' | 'tf.note.window' | 'tf.note.stopped';
/** A note on the prompt or the run; `chars` are quoted at render time, in the language shown. */
type PromptNote = { key: NoteKey; params?: Record<string, string | number>; chars?: string[] };

export class TransformerDemo extends ModelDemo<TransformerLoadArgs, TransformerWorkerApi> {
  static override styles = [
    demoStyles,
    css`
    textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 3.2rem; }
    .narrow { max-width: 22rem; }
    .controls { display: grid; gap: 0.5rem; margin: 0.6rem 0; max-width: 32rem; }
    .controls label { display: grid; grid-template-columns: 10rem minmax(0, 1fr) 3rem; gap: 0.4rem; align-items: center; }
    .controls input[type='range'] { width: 100%; }
    input[type='number'] { width: 6rem; font: inherit; }
    .buttons { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    .text { white-space: pre-wrap; font-family: 'DejaVu Sans Mono', monospace; font-size: 0.95rem; line-height: 1.45;
      min-height: 6rem; max-height: 22rem; overflow-y: auto; border: 1px solid var(--gmp-border); border-radius: 4px; padding: 0.5rem; }
    .text span.prompt { color: var(--gmp-muted); }
    .text span.gen { color: var(--gmp-text); }
    .text span.focus { outline: 2px solid var(--gmp-plot-3); }
    .rate { font-variant-numeric: tabular-nums; color: var(--gmp-muted); }
    .heat { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-start; }
    canvas.heatmap { width: ${HEATMAP_PX}px; height: ${HEATMAP_PX}px; image-rendering: pixelated; border: 1px solid var(--gmp-border);
      background: var(--gmp-heat-empty); cursor: crosshair; max-width: 100%; }
    .picks { display: grid; gap: 0.4rem; }
  `,
  ];

  static override properties = {
    tokenizer: { state: true },
    cfg: { state: true },
    prompt: { state: true },
    temperature: { state: true },
    topK: { state: true },
    seed: { state: true },
    maxNew: { state: true },
    layer: { state: true },
    head: { state: true },
    run: { state: true },
    generating: { state: true },
    rate: { state: true },
    lastMs: { state: true },
    rates: { state: true },
    inspected: { state: true },
    notes: { state: true },
  };

  protected readonly entry = TRANSFORMER;
  declare private tokenizer: Tokenizer | undefined;
  declare private cfg: { layers: number; heads: number; embd: number; context: number; vocab: number };
  declare private prompt: string;
  declare private temperature: number;
  declare private topK: number;
  declare private seed: number;
  declare private maxNew: number;
  /** The attention shown: layer and head, from 0. */
  declare private layer: number;
  declare private head: number;
  /** The text written so far (its ids grow in place while streaming) and the attention of each character. */
  declare private run: TextRun | undefined;
  /** A generation runs (its run is 'generate'; Stop aborts it). */
  declare private generating: boolean;
  /** Characters per second of the generation running now. */
  declare private rate: number | undefined;
  declare private lastMs: number | undefined;
  /** Characters per second of the last generation on each engine, on this page. */
  declare private rates: ReadonlyMap<string, number>;
  /** The character whose attention is shown. */
  declare private inspected: number | undefined;
  declare private notes: PromptNote[];
  /** While streaming, the page redraws at most every STREAM_FRAME_MS (see RedrawThrottle). */
  private readonly throttle = new RedrawThrottle(this, new Set(['rate', 'lastMs', 'times']), STREAM_FRAME_MS);
  protected readonly urlParams: ParamTable<this> = [
    textParam({
      name: 'prompt',
      max: URL_PROMPT_MAX,
      fallback: DEFAULT_PROMPT,
      why: () => t('tf.url.prompt', { max: URL_PROMPT_MAX }),
      get: (d) => d.prompt,
      set: (d, v) => {
        d.prompt = v;
      },
    }),
    numberParam({
      name: 'temperature',
      min: 0,
      max: 2,
      fallback: 0.8,
      get: (d) => d.temperature,
      set: (d, v) => {
        d.temperature = v;
      },
    }),
    integerParam({
      name: 'topk',
      min: 0,
      max: 200,
      fallback: 20,
      get: (d) => d.topK,
      set: (d, v) => {
        d.topK = v;
      },
    }),
    seedParam(
      (d) => d.seed,
      (d, v) => {
        d.seed = v;
      },
    ),
  ];

  constructor() {
    super();
    this.cfg = { layers: 4, heads: 4, embd: 128, context: 128, vocab: 96 };
    this.prompt = DEFAULT_PROMPT;
    this.temperature = 0.8;
    this.topK = 20;
    this.seed = 1;
    this.maxNew = 300;
    this.layer = 0;
    this.head = 0;
    this.generating = false;
    this.rates = new Map();
    this.notes = [];
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return this.throttle.allows(changed, this.generating);
  }

  protected override loadArgs(files: Record<string, Uint8Array>): TransformerLoadArgs {
    this.tokenizer ??= transformerTokenizer(files);
    const args = this.entry.loadArgs(files, this.model!);
    this.cfg = { layers: args.layers, heads: args.heads, embd: args.embd, context: args.context, vocab: args.vocab };
    return args;
  }

  /** Nothing to run again: the text stays as written until the next Generate. */
  protected async refresh(): Promise<void> {}

  override disconnectedCallback(): void {
    this.generating = false;
    super.disconnectedCallback(); // aborts the generation
  }

  protected override async changeEngine(choice: EngineChoice, writeUrl = true): Promise<void> {
    this.stop();
    await super.changeEngine(choice, writeUrl);
  }

  // ---- generation ----

  private setPrompt(text: string): void {
    this.prompt = text;
    this.writeUrl();
  }

  /** Encodes the prompt; says what was left out. Returns undefined when nothing usable is left. */
  private encodePrompt(): number[] | undefined {
    const enc = this.tokenizer!.encode(this.prompt);
    const C = this.cfg.context;
    const notes: PromptNote[] = [];
    if (enc.unknown.length) notes.push({ key: 'tf.note.unknown', chars: enc.unknown });
    if (enc.ids.length === 0) notes.push({ key: 'tf.note.empty' });
    else if (enc.ids.length > C) notes.push({ key: 'tf.note.truncated', params: { context: C, cut: enc.ids.length - C } });
    this.notes = notes;
    return enc.ids.length === 0 ? undefined : enc.ids.slice(-C);
  }

  private addNote(note: PromptNote): void {
    this.notes = [...this.notes, note];
  }

  /** Writes up to maxNew characters after the prompt, one model step each, until done or stopped. */
  async generate(): Promise<void> {
    if (!this.runner || this.state !== 'ready' || this.generating) return;
    const ids = this.encodePrompt();
    if (!ids) return;
    const signal = this.beginRun('generate');
    const runner = this.runner;
    const C = this.cfg.context;
    const run = new TextRun(this.cfg, ids);
    this.run = run;
    this.inspected = undefined;
    this.generating = true;
    this.rate = undefined;
    const engines = new Set<string>();
    const uniform = mulberry32(this.seed);
    let windowStart = 0;
    let sequence = '';
    let written = 0;
    const t0 = performance.now();
    const take = (r: StepResult, first: number) => {
      run.record(first, r.T, windowStart, r.attention);
      sequence = r.sequence;
      this.lastMs = r.ms;
      this.recordTime(r.ms);
      if (runner.engine) engines.add(runner.engine);
      return r;
    };
    /** Runs the text from `from` on into a fresh cache (start, a moved window, or another engine's worker). */
    const prefill = async (from: number) => {
      windowStart = from;
      const win = run.ids.slice(from);
      return take(await runner.call((api) => api.start(win)), from);
    };
    try {
      let r = await prefill(0);
      while (!signal.aborted && written < this.maxNew) {
        const next = sampleToken(r.logits, this.temperature, this.topK, uniform);
        run.ids.push(next);
        written++;
        this.rate = written / ((performance.now() - t0) / 1000);
        this.requestUpdate(); // the text grew in place; shown at the next stream frame (shouldUpdate)
        if (written >= this.maxNew) break;
        const filled = run.ids.length - 1 - windowStart; // characters in the cache before `next`
        if (filled >= C) {
          const w = nextWindow(run.ids.length, C);
          if (!this.notes.some((n) => n.key === 'tf.note.window')) {
            this.addNote({ key: 'tf.note.window', params: { context: C, keep: w.keep } });
          }
          r = await prefill(w.start);
        } else {
          try {
            r = take(await runner.call((api) => api.step(next, sequence)), run.ids.length - 1);
          } catch (e) {
            // `auto` measured on this worker, or switched to another engine's worker, meanwhile.
            if (!(e instanceof Error && e.name === 'StaleSequenceError')) throw e;
            r = await prefill(windowStart);
          }
        }
      }
      if (signal.aborted && written < this.maxNew) this.addNote({ key: 'tf.note.stopped', params: { count: written } });
      if (written > 0) this.rates = new Map(this.rates).set([...engines].join('→'), written / ((performance.now() - t0) / 1000));
    } catch (e) {
      this.fail(e);
    } finally {
      if (!signal.aborted) this.generating = false; // else Stop (or leaving) said so already
    }
  }

  stop(): void {
    if (!this.generating) return;
    this.abortRun('generate');
    this.generating = false;
  }

  // ---- attention view ----

  protected override updated(): void {
    this.paintHeatmap();
  }

  /** The characters the heatmap shows: the last ≤ C of the text. */
  private heatRange(): { first: number; n: number } {
    const len = this.run?.ids.length ?? 0;
    const n = Math.min(len, this.cfg.context);
    return { first: len - n, n };
  }

  private paintHeatmap(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="attention"]');
    const run = this.run;
    if (!canvas || !run) return;
    const { first, n } = this.heatRange();
    if (n === 0) return;
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

  private rowAt(e: PointerEvent): number | undefined {
    const { first, n } = this.heatRange();
    const rect = (e.target as HTMLElement).getBoundingClientRect();
    const r = Math.floor(((e.clientY - rect.top) / rect.height) * n);
    return r >= 0 && r < n ? first + r : undefined;
  }

  private onHeatKey(e: KeyboardEvent): void {
    const len = this.run?.ids.length ?? 0;
    if (!len) return;
    const { first } = this.heatRange();
    const cur = this.inspected ?? len - 1;
    let next: number | undefined = cur;
    if (e.key === 'ArrowUp') next = Math.max(first, cur - 1);
    else if (e.key === 'ArrowDown') next = Math.min(len - 1, cur + 1);
    else if (e.key === 'Home') next = first;
    else if (e.key === 'End') next = len - 1;
    else if (e.key === 'Escape') next = undefined;
    else return;
    e.preventDefault();
    this.inspected = next;
  }

  /** What character `focus` attends to most (top 3) in the chosen layer and head. */
  private inspectText(): string {
    const run = this.run;
    const i = this.inspected;
    if (!run || i === undefined || !run.has(i)) return t('tf.inspect.none');
    const w = run.weights(i, this.layer, this.head);
    const top = Array.from(w, (p, j) => ({ p, j }))
      .sort((a, b) => b.p - a.p)
      .slice(0, 3)
      .map(({ p, j }) => `${t('tf.quote', { char: this.show(run.ids[j]) })} (${fmt(p * 100, 0)} %)`)
      .join(', ');
    return t('tf.inspect', { char: this.show(run.ids[i]), pos: i + 1, top });
  }

  private show(id: number): string {
    const ch = this.tokenizer?.vocab.chars[id] ?? '?';
    return ch === '\n' ? '↵' : ch === ' ' ? '␣' : ch;
  }

  // ---- render ----

  private renderText() {
    const run = this.run;
    if (!run) return html`<span class="help">${t('tf.output.empty')}</span>`;
    const w = this.inspected !== undefined && run.has(this.inspected) ? run.weights(this.inspected, this.layer, this.head) : undefined;
    const max = w ? Math.max(...w) : 0;
    return run.ids.map((id, i) => {
      const a = w && i < w.length && max > 0 ? w[i] / max : 0;
      // through the CSSOM: the CSP allows no inline style attributes
      const style = inlineStyle({ background: a > 0 ? `rgba(var(--gmp-attend-rgb), ${fmtAlpha(a)})` : undefined });
      return html`<span class=${(i < run.promptLength ? 'prompt' : 'gen') + (i === this.inspected ? ' focus' : '')} data-i=${i}
        ${style}>${this.tokenizer!.vocab.chars[id]}</span>`;
    });
  }

  private onTextHover(e: PointerEvent): void {
    const i = (e.target as HTMLElement).dataset?.i;
    if (i === undefined) return;
    this.inspected = Number(i);
  }

  private renderNumbers() {
    const m = this.model;
    if (!m) return html`<p>…</p>`;
    const met = m.metrics as Record<string, number>;
    const ds = m.dataset as unknown as Record<string, number>;
    const rates = [...this.rates].map(([engine, r]) => `${fmt(r, 1)} (${engine})`).join(', ');
    const auto = recallAuto('transformer');
    const steps = auto
      ? Object.entries(auto.medians)
          .map(([engine, ms]) => `${fmt(1000 / (ms as number), 1)} (${engine})`)
          .join(', ')
      : '';
    return html`<dl>
      <dt>${t('tf.num.rate')}</dt><dd data-testid="rates">${rates || t('tf.num.rate.none')}</dd>
      <dt>${t('tf.num.auto')}</dt><dd data-testid="auto-rates">${steps || t('tf.num.auto.none')}</dd>
      <dt>${t('tf.num.step')}</dt><dd data-testid="timing">${this.lastMs === undefined ? '—' : `${fmt(this.lastMs, 1)} ms / ${fmt(median(this.times), 1)} ms`}
        ${this.runner?.engine ? `(${this.runner.engine})` : ''}</dd>
      <dt>${t('tf.num.params')}</dt><dd>${fmtInt(m.params.total)}</dd>
      <dt>${t('tf.num.loss')}</dt><dd data-testid="val-loss">${t('tf.num.loss.value', { nats: fmt(met.val_loss_nats_per_char, 3), bits: fmt(met.val_bits_per_char, 2) })}</dd>
      ${
        met.unseen_loss_nats_per_char === undefined
          ? nothing
          : html`<dt>${t('tf.num.unseen')}</dt><dd data-testid="unseen-loss">${t('tf.num.unseen.value', {
              nats: fmt(met.unseen_loss_nats_per_char, 3),
              chars: fmtInt(met.unseen_text_chars),
              gap: fmt(met.unseen_loss_nats_per_char - met.val_loss_nats_per_char, 2),
            })}</dd>`
      }
      <dt>${t('tf.num.context')}</dt><dd>${t('tf.num.context.value', { context: this.cfg.context, layers: this.cfg.layers, heads: this.cfg.heads })}</dd>
      <dt>${t('tf.num.data')}</dt><dd>${t('tf.num.data.value', { chars: fmtInt(ds.train_chars), vocab: ds.vocab_size })}</dd>
      <dt>${t('tf.num.download')}</dt><dd>${fmt((fileFor(m, 'gpt').bytes + fileFor(m, 'vocab').bytes) / 1e6, 2)} MB</dd>
      ${this.renderTraining()}
    </dl>`;
  }

  private slider(
    id: string,
    label: string,
    value: number,
    range: { min: number; max: number; step: number },
    set: (v: number) => void,
    help: string,
  ) {
    return html`
      <label title=${help}>${label}<input type="range" data-testid=${id} min=${range.min} max=${range.max} step=${range.step}
        .value=${String(value)}
        @input=${(e: Event) => {
          set(Number((e.target as HTMLInputElement).value));
          this.writeUrl();
        }}>
        <output>${fmt(value, range.step < 1 ? 2 : 0)}</output></label>`;
  }

  /** Sampling: temperature, top-k, seed, length. */
  private renderControls() {
    const number = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`<div class="controls">
          ${this.slider(
            'temperature',
            t('tf.temperature'),
            this.temperature,
            { min: 0, max: 2, step: 0.05 },
            (v) => (this.temperature = v),
            t('tf.temperature.help'),
          )}
          ${this.slider(
            'topk',
            t('tf.topk'),
            this.topK,
            { min: 0, max: this.cfg.vocab, step: 1 },
            (v) => (this.topK = v),
            t('tf.topk.help'),
          )}
          <label>${t('tf.seed')}<input type="number" data-testid="seed" min="0" max="999999" .value=${String(this.seed)}
            @change=${(e: Event) => {
              this.seed = Math.max(0, Math.min(999999, Math.round(number(e) || 0)));
              this.writeUrl();
            }}></label>
          <label>${t('tf.length')}<input type="number" data-testid="length" min="1" max=${MAX_NEW} .value=${String(this.maxNew)}
            @change=${(e: Event) => {
              this.maxNew = Math.max(1, Math.min(MAX_NEW, Math.round(number(e) || 1)));
            }}></label>
        </div>`;
  }

  /** Prompt, sampling, Generate/Stop and the streaming text. */
  private renderPromptPanel() {
    const ready = this.state === 'ready';
    return html`<section class="panel">
        <label for="prompt"><strong>${t('tf.prompt')}</strong></label>
        <p class="help">${t('tf.prompt.help')}</p>
        <textarea id="prompt" data-testid="prompt" maxlength="5000" .value=${this.prompt}
          @input=${(e: Event) => this.setPrompt((e.target as HTMLTextAreaElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void this.generate();
          }}></textarea>
        ${this.renderControls()}
        <div class="buttons">
          <button data-testid="generate" ?disabled=${!ready || this.generating} @click=${() => void this.generate()}>${t('tf.generate')}</button>
          <button data-testid="stop" ?disabled=${!this.generating} @click=${() => this.stop()}>${t('tf.stop')}</button>
          ${this.renderEngineSelect()}
          <span class="rate" data-testid="tokens-per-second" aria-live="off">${this.rate === undefined ? t('tf.rate.none') : t('tf.rate', { rate: fmt(this.rate, 1) })}</span>
        </div>
        <ul data-testid="prompt-notes" aria-live="polite">${this.notes.map(
          (note) =>
            html`<li>${t(note.key, { ...note.params, chars: (note.chars ?? []).map((c) => t('tf.quote', { char: c })).join(' ') })}</li>`,
        )}</ul>
        <h2>${t('tf.output')}</h2>
        <div data-testid="output"><div class="text" data-testid="output-text" data-generating=${this.generating ? 'true' : 'false'}
          data-length=${String((this.run?.ids.length ?? 0) - (this.run?.promptLength ?? 0))}
          @pointerover=${(e: PointerEvent) => this.onTextHover(e)}>${this.renderText()}</div></div>
      </section>`;
  }

  /** The heatmap of the chosen layer and head, and what the inspected character looked at. */
  private renderAttentionPanel() {
    const { n } = this.heatRange();
    const pick = (e: Event) => Number((e.target as HTMLSelectElement).value) - 1;
    const options = (count: number, chosen: number) =>
      Array.from({ length: count }, (_, i) => html`<option value=${i + 1} ?selected=${i === chosen}>${i + 1}</option>`);
    return html`<section class="panel">
        <h2>${t('tf.attention')}</h2>
        <div class="heat">
          <canvas class="heatmap" data-testid="attention" tabindex="0" width="1" height="1" role="img" aria-label=${t('tf.heatmap.aria')}
            data-drawn="false" @pointermove=${(e: PointerEvent) => {
              const i = this.rowAt(e);
              if (i !== undefined) this.inspected = i;
            }}
            @keydown=${(e: KeyboardEvent) => this.onHeatKey(e)}></canvas>
          <div class="picks">
            <label>${t('tf.layer')} <select data-testid="layer-select" .value=${String(this.layer + 1)}
              @change=${(e: Event) => {
                this.layer = pick(e);
              }}>${options(this.cfg.layers, this.layer)}</select></label>
            <label>${t('tf.head')} <select data-testid="head-select" .value=${String(this.head + 1)}
              @change=${(e: Event) => {
                this.head = pick(e);
              }}>${options(this.cfg.heads, this.head)}</select></label>
            <p class="help narrow">${t('tf.heatmap.help')}</p>
            <p data-testid="inspect" class="narrow">${n ? this.inspectText() : ''}</p>
          </div>
        </div>
      </section>`;
  }

  override render() {
    return this.renderFrame(
      'tf.title',
      'tf.lead',
      html`${this.renderPromptPanel()}${this.renderAttentionPanel()}`,
      TEXT,
      this.renderNumbers(),
    );
  }
}

function fmtAlpha(a: number): string {
  return (Math.round(a * 70) / 100).toFixed(2);
}

customElements.define('gmp-transformer-demo', TransformerDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-transformer-demo': TransformerDemo;
  }
}
