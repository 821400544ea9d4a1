// #/transformer: a small GPT continues a prompt character by character, streaming, with the attention of a
// chosen layer and head as a heatmap that grows with the text; hovering a character (or a heatmap row)
// shows where it looked. The text is written by models/transformer/generate.ts (sampling here, on the page; the
// worker turns tokens into logits on the chosen engine: onnxruntime webgpu/wasm, or our own WGSL kernels); this
// element holds the settings, renders and forwards the visitor's actions. UI only.
import { datasetAmount } from '../../models/model-entry';
import { css, html, nothing, type PropertyValues, type ReactiveControllerHost } from 'lit';
import { recallAuto } from '../../core/main-thread/auto-memory';
import { fmt, fmtInt, t } from '../../core/main-thread/i18n';
import { integerParam, numberParam, type ParamTable, textParam } from '../../core/any-thread/url-state';
import { type EngineChoice, median } from '../../core/any-thread/engine-choice';
import { fileFor } from '../../core/any-thread/manifest';
import type { TransformerLoadArgs, TransformerWorkerApi } from '../../models/transformer/worker';
import {
  TRANSFORMER,
  TRANSFORMER_DEFAULTS as DEFAULTS,
  type TransformerSettings,
  transformerTokenizer,
} from '../../models/transformer/entry';
import { charactersPerSecond, generate, type Piece } from '../../models/transformer/generate';
import { demoStyles, ModelDemo, seedParam } from '../model-demo';
import { RedrawThrottle } from '../../ui/redraw-throttle';
import { reactive } from '../../ui/reactive-state';
import './transformer.strings';
import { heatRange } from './attention-map';
import { describeAttention } from './attention-text';
import { samplingControls } from './sampling-controls';
import type { TradeoffText } from '../../ui/tradeoff-panel';
import { TextRun } from '../../models/transformer/text-run';
import { Tokenizer } from '../../models/transformer/tokenizer';
import { type ModelSource, sourceParam, trainedBanner, pickerWithRefusal } from '../trained-source';
import { keptTrained } from '../../ui/trained-models';
import type { GptExportInfo } from '../../engines/training/export-info';
import { gptParameterCount } from '../../engines/training/gpt';

const TEXT: TradeoffText = {
  study: 'transformer-data',
  live: '/train-text',
  how: ['tf.how.1', 'tf.how.2', 'tf.how.3', 'tf.how.4'],
  strengths: ['tf.strength.1', 'tf.strength.2'],
  weaknesses: ['tf.weakness.1', 'tf.weakness.2'],
  when: ['tf.when.1', 'tf.when.2'],
};
/** Longest prompt kept in the link. */
const URL_PROMPT_MAX = 500;
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
    gmp-attention-map { display: block; max-width: 100%; min-width: 0; }
    canvas.heatmap { display: block; width: ${HEATMAP_PX}px; height: ${HEATMAP_PX}px; image-rendering: pixelated; border: 1px solid var(--gmp-border);
      background: var(--gmp-heat-empty); cursor: crosshair; max-width: 100%; }
    .picks { display: grid; gap: 0.4rem; }
  `,
  ];

  protected readonly entry = TRANSFORMER;
  /** A change of the view redraws at once, even while the text streams (see shouldUpdate). */
  private urgent = false;
  /** What the page shows and the visitor sets; the sampling settings are read live by a running generation. */
  private readonly view = reactive(
    marking(this, () => (this.urgent = true)),
    {
      ...DEFAULTS,
      tokenizer: undefined as Tokenizer | undefined,
      cfg: { layers: 4, heads: 4, embd: 128, context: 128, vocab: 96 },
      /** The attention shown: layer and head, from 0. */
      layer: 0,
      head: 0,
      /** The text written so far (its ids grow in place while streaming) and the attention of each character. */
      run: undefined as TextRun | undefined,
      /** A generation runs (its run is 'generate'; Stop aborts it). */
      generating: false,
      /** Characters per second of the last generation on each engine, on this page. */
      rates: new Map() as ReadonlyMap<string, number>,
      /** The character whose attention is shown. */
      inspected: undefined as number | undefined,
      notes: [] as PromptNote[],
      /** our shipped GPT, or one trained on #/train-text (`model=trained` in the link) */
      source: 'shipped' as ModelSource,
      /** the trained GPT's description while it is on show */
      trained: undefined as GptExportInfo | undefined,
      /** why picked files were not opened */
      refused: undefined as string | undefined,
    },
  );
  /** What changes with every character: shown at most every STREAM_FRAME_MS while streaming (see RedrawThrottle). */
  private readonly stream = reactive(this, {
    /** Characters per second of the generation running now. */
    rate: undefined as number | undefined,
    lastMs: undefined as number | undefined,
  });
  private readonly throttle = new RedrawThrottle(this, new Set(), STREAM_FRAME_MS);
  protected readonly urlParams: ParamTable<this> = [
    sourceParam(
      (d) => d.view.source,
      (d, v) => {
        d.view.source = v;
      },
    ),
    textParam({
      name: 'prompt',
      max: URL_PROMPT_MAX,
      fallback: DEFAULTS.prompt,
      why: () => t('tf.url.prompt', { max: URL_PROMPT_MAX }),
      ...TransformerDemo.setting('prompt'),
    }),
    numberParam({ name: 'temperature', min: 0, max: 2, fallback: DEFAULTS.temperature, ...TransformerDemo.setting('temperature') }),
    integerParam({ name: 'topk', min: 0, max: 200, fallback: DEFAULTS.topK, ...TransformerDemo.setting('topK') }),
    seedParam(TransformerDemo.setting('seed').get, TransformerDemo.setting('seed').set, DEFAULTS.seed),
  ];

  /** A link parameter's get and set: the setting `key` of the view. */
  private static setting<K extends 'prompt' | 'temperature' | 'topK' | 'seed'>(key: K) {
    return {
      get: (d: TransformerDemo) => d.view[key],
      set: (d: TransformerDemo, v: TransformerSettings[K]) => {
        const settings: TransformerSettings = d.view;
        settings[key] = v;
      },
    };
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    const urgent = this.urgent;
    this.urgent = false;
    return this.throttle.allows(changed, this.view.generating && !urgent);
  }

  /** A GPT trained here writes at its own speed: its timings must not stand for ours. */
  protected override autoKey(): string {
    return this.view.source === 'trained' ? 'transformer_trained' : 'transformer';
  }

  protected override loadArgs(files: Record<string, Uint8Array>): TransformerLoadArgs {
    const kept = this.view.source === 'trained' ? keptTrained<GptExportInfo>('gpt') : undefined;
    if (this.view.source === 'trained' && !kept) {
      this.view.source = 'shipped';
      this.setNote('trained', { key: 'trained.gone' });
    }
    this.view.trained = kept?.info;
    // yours: its own sizes (read from its description) and its own characters
    const s = kept?.info.sizes;
    const args =
      kept && s
        ? { gpt: kept.files.gpt!, layers: s.layers, heads: s.heads, embd: s.embd, context: s.context, vocab: s.vocab }
        : this.entry.loadArgs(files, this.model!);
    this.view.tokenizer = kept ? new Tokenizer({ ...kept.info.vocab, separator: '' }) : transformerTokenizer(files);
    this.view.cfg = { layers: args.layers, heads: args.heads, embd: args.embd, context: args.context, vocab: args.vocab };
    this.view.layer = Math.min(this.view.layer, args.layers - 1);
    this.view.head = Math.min(this.view.head, args.heads - 1);
    return args;
  }

  /** Shows ours again, or (`trained`) the GPT kept in this tab: the worker starts again on that file. */
  private async show(source: ModelSource): Promise<void> {
    this.stop();
    // another model: nothing of the last one's text, attention or speed stands for it
    Object.assign(this.view, { source, refused: undefined, run: undefined, inspected: undefined, notes: [], rates: new Map() });
    Object.assign(this.stream, { lastMs: undefined, rate: undefined });
    this.setNote('trained', undefined);
    this.writeUrl();
    await this.session.restart(this.choice);
  }

  /** Nothing to run again: the text stays as written until the next Generate. */
  protected async refresh(): Promise<void> {}

  override disconnectedCallback(): void {
    this.view.generating = false;
    super.disconnectedCallback(); // aborts the generation
  }

  protected override async changeEngine(choice: EngineChoice, writeUrl = true): Promise<void> {
    this.stop();
    await super.changeEngine(choice, writeUrl);
  }

  // ---- generation ----

  /** Encodes the prompt; says what was left out. Returns undefined when nothing usable is left. */
  private encodePrompt(): number[] | undefined {
    const enc = this.view.tokenizer!.encode(this.view.prompt);
    const C = this.view.cfg.context;
    const notes: PromptNote[] = [];
    if (enc.unknown.length) notes.push({ key: 'tf.note.unknown', chars: enc.unknown });
    if (enc.ids.length === 0) notes.push({ key: 'tf.note.empty' });
    else if (enc.ids.length > C) notes.push({ key: 'tf.note.truncated', params: { context: C, cut: enc.ids.length - C } });
    this.view.notes = notes;
    return enc.ids.length === 0 ? undefined : enc.ids.slice(-C);
  }

  private addNote(note: PromptNote): void {
    this.view.notes = [...this.view.notes, note];
  }

  /** Writes up to `length` characters after the prompt, streaming, until done or stopped. */
  async generate(): Promise<void> {
    const v = this.view;
    const runner = this.runner;
    if (!runner || this.state !== 'ready' || v.generating) return;
    const ids = this.encodePrompt();
    if (!ids) return;
    const signal = this.beginRun('generate');
    const run = new TextRun(v.cfg, ids);
    Object.assign(v, { run, inspected: undefined, generating: true });
    this.stream.rate = undefined;
    const engines = new Set<string>();
    const times: number[] = [];
    let written = 0;
    try {
      for await (const piece of generate(
        (fn, o) => runner.call(fn, o),
        ids,
        { sampling: v, context: v.cfg.context, attention: true },
        signal,
      )) {
        written++;
        times.push(piece.ms);
        this.take(run, piece, charactersPerSecond(times));
        if (runner.engine) engines.add(runner.engine);
      }
      if (signal.aborted && written < v.length) this.addNote({ key: 'tf.note.stopped', params: { count: written } });
      if (written > 0) v.rates = new Map(v.rates).set([...engines].join('→'), charactersPerSecond(times));
    } catch (e) {
      this.fail(e);
    } finally {
      if (!signal.aborted) v.generating = false; // else Stop (or leaving) said so already
    }
  }

  /** A new character: into the text with the attention of its call, its time, the rate; a moved window is said once. */
  private take(run: TextRun, p: Piece, rate: number): void {
    const a = p.attention;
    if (a) run.record(a.first, a.T, a.windowStart, a.weights);
    run.ids.push(p.id);
    if (p.moved && !this.view.notes.some((n) => n.key === 'tf.note.window')) {
      this.addNote({ key: 'tf.note.window', params: { context: this.view.cfg.context, keep: p.moved.keep } });
    }
    this.stream.lastMs = p.ms;
    this.stream.rate = rate;
    this.recordTime(p.ms);
    this.requestUpdate(); // the text grew in place; shown at the next stream frame (shouldUpdate)
  }

  stop(): void {
    if (!this.view.generating) return;
    this.abortRun('generate');
    this.view.generating = false;
  }

  // ---- render ----

  /** The numbers of a GPT trained here: its speed on this page, sizes, losses, text; what ours has that it lacks. */
  private renderTrainedNumbers(tr: GptExportInfo) {
    const s = tr.sizes;
    const f = tr.figures;
    const params = gptParameterCount({ ...s, batch: 1, lr: 0 });
    return html`<dl>
      <dt>${t('tf.num.step')}</dt><dd data-testid="timing">${this.stream.lastMs === undefined ? '—' : `${fmt(this.stream.lastMs, 1)} ms / ${fmt(median(this.times), 1)} ms`}
        ${this.runner?.engine ? `(${this.runner.engine})` : ''}</dd>
      <dt>${t('tf.num.params')}</dt><dd>${fmtInt(params)}</dd>
      <dt>${t('tf.num.context')}</dt><dd>${t('tf.num.context.value', { context: s.context, layers: s.layers, heads: s.heads })}</dd>
      <dt>${t('tf.num.loss')}</dt><dd data-testid="val-loss">${f.heldOut === undefined ? '—' : t('tf.num.trained.loss', { nats: fmt(f.heldOut, 3), step: fmtInt(tr.step) })}</dd>
      <dt>${t('tf.num.data')}</dt><dd>${t('tf.num.trained.data', { data: tr.data, vocab: s.vocab })}</dd>
    </dl>
    <p class="help">${t('tf.num.trained.lacks')}</p>`;
  }

  private renderNumbers() {
    const m = this.model;
    if (!m) return html`<p>…</p>`;
    if (this.view.trained) return this.renderTrainedNumbers(this.view.trained);
    const met = m.metrics as Record<string, number>;
    const cfg = this.view.cfg;
    const rates = [...this.view.rates].map(([engine, r]) => `${fmt(r, 1)} (${engine})`).join(', ');
    const auto = recallAuto('transformer');
    const steps = auto
      ? Object.entries(auto.medians)
          .map(([engine, ms]) => `${fmt(1000 / (ms as number), 1)} (${engine})`)
          .join(', ')
      : '';
    return html`<dl>
      <dt>${t('tf.num.rate')}</dt><dd data-testid="rates">${rates || t('tf.num.rate.none')}</dd>
      <dt>${t('tf.num.auto')}</dt><dd data-testid="auto-rates">${steps || t('tf.num.auto.none')}</dd>
      <dt>${t('tf.num.step')}</dt><dd data-testid="timing">${this.stream.lastMs === undefined ? '—' : `${fmt(this.stream.lastMs, 1)} ms / ${fmt(median(this.times), 1)} ms`}
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
      <dt>${t('tf.num.context')}</dt><dd>${t('tf.num.context.value', { context: cfg.context, layers: cfg.layers, heads: cfg.heads })}</dd>
      <dt>${t('tf.num.data')}</dt><dd>${t('tf.num.data.value', { chars: fmtInt(datasetAmount(m, 'train_chars')), vocab: datasetAmount(m, 'vocab_size') })}</dd>
      <dt>${t('tf.num.download')}</dt><dd>${fmt((fileFor(m, 'gpt').bytes + fileFor(m, 'vocab').bytes) / 1e6, 2)} MB</dd>
      ${this.renderTraining()}
    </dl>`;
  }

  /** Prompt, sampling, Generate/Stop and the streaming text. */
  private renderPromptPanel() {
    const ready = this.state === 'ready';
    const { run, generating, inspected, layer, head, tokenizer } = this.view;
    return html`<section class="panel">
        <label for="prompt"><strong>${t('tf.prompt')}</strong></label>
        <p class="help">${t('tf.prompt.help')}</p>
        <textarea id="prompt" data-testid="prompt" maxlength="5000" .value=${this.view.prompt}
          @input=${(e: Event) => {
            this.view.prompt = (e.target as HTMLTextAreaElement).value;
            this.writeUrl();
          }}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void this.generate();
          }}></textarea>
        ${samplingControls(this.view, this.view.cfg.vocab, () => this.writeUrl())}
        <div class="buttons">
          <button data-testid="generate" ?disabled=${!ready || generating} @click=${() => void this.generate()}>${t('tf.generate')}</button>
          <button data-testid="stop" ?disabled=${!generating} @click=${() => this.stop()}>${t('tf.stop')}</button>
          ${this.renderEngineSelect()}
          <span class="rate" data-testid="tokens-per-second" aria-live="off">${this.stream.rate === undefined ? t('tf.rate.none') : t('tf.rate', { rate: fmt(this.stream.rate, 1) })}</span>
        </div>
        ${pickerWithRefusal('gpt', { refused: this.view.refused, setRefused: (m) => (this.view.refused = m), show: (s) => this.show(s) })}
        <ul data-testid="prompt-notes" aria-live="polite">${this.view.notes.map(
          (note) =>
            html`<li>${t(note.key, { ...note.params, chars: (note.chars ?? []).map((c) => t('tf.quote', { char: c })).join(' ') })}</li>`,
        )}</ul>
        <h2>${t('tf.output')}</h2>
        <div data-testid="output"><div class="text" data-testid="output-text" data-generating=${generating ? 'true' : 'false'}
          data-length=${String((run?.ids.length ?? 0) - (run?.promptLength ?? 0))}
          >${
            run
              ? html`<gmp-attention-text .run=${run} .chars=${run.ids.length} .inspected=${inspected} .layer=${layer} .head=${head}
                  .vocab=${tokenizer?.vocab.chars ?? []} @inspect=${(e: CustomEvent<number>) => (this.view.inspected = e.detail)}></gmp-attention-text>`
              : html`<span class="help">${t('tf.output.empty')}</span>`
          }</div></div>
      </section>`;
  }

  /** The heatmap of the chosen layer and head, and what the inspected character looked at. */
  private renderAttentionPanel() {
    const { run, cfg, layer, head, inspected } = this.view;
    const { n } = heatRange(run?.ids.length ?? 0, cfg.context);
    const pick = (e: Event) => Number((e.target as HTMLSelectElement).value) - 1;
    const options = (count: number, chosen: number) =>
      Array.from({ length: count }, (_, i) => html`<option value=${i + 1} ?selected=${i === chosen}>${i + 1}</option>`);
    return html`<section class="panel">
        <h2>${t('tf.attention')}</h2>
        <div class="heat">
          <gmp-attention-map .run=${run} .chars=${run?.ids.length ?? 0} .context=${cfg.context} .layer=${layer} .head=${head}
            .inspected=${inspected} label=${t('tf.heatmap.aria')}
            @inspect=${(e: CustomEvent<number | undefined>) => (this.view.inspected = e.detail)}></gmp-attention-map>
          <div class="picks">
            <label>${t('tf.layer')} <select data-testid="layer-select" .value=${String(layer + 1)}
              @change=${(e: Event) => {
                this.view.layer = pick(e);
              }}>${options(cfg.layers, layer)}</select></label>
            <label>${t('tf.head')} <select data-testid="head-select" .value=${String(head + 1)}
              @change=${(e: Event) => {
                this.view.head = pick(e);
              }}>${options(cfg.heads, head)}</select></label>
            <p class="help narrow">${t('tf.heatmap.help')}</p>
            <p data-testid="inspect" class="narrow">${n ? describeAttention(run, inspected, layer, head, this.view.tokenizer?.vocab.chars ?? []) : ''}</p>
          </div>
        </div>
      </section>`;
  }

  override render() {
    return this.renderFrame(
      'tf.title',
      'tf.lead',
      html`${trainedBanner(this.view.source === 'trained' ? this.view.trained : undefined, () => void this.show('shipped'))}${this.renderPromptPanel()}${this.renderAttentionPanel()}`,
      TEXT,
      this.renderNumbers(),
    );
  }
}

/** `host` as reactive() sees it: `mark()` runs before each redraw that state asks for. */
function marking(host: ReactiveControllerHost, mark: () => void): ReactiveControllerHost {
  return {
    addController: (c) => host.addController(c),
    removeController: (c) => host.removeController(c),
    requestUpdate: () => {
      mark();
      host.requestUpdate();
    },
    get updateComplete() {
      return host.updateComplete;
    },
  };
}

customElements.define('gmp-transformer-demo', TransformerDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-transformer-demo': TransformerDemo;
  }
}
