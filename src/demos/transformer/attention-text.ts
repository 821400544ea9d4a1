// <gmp-attention-text>: the text written so far, one span per character (the prompt muted, the inspected character
// outlined), each tinted by how much the inspected character attends to it in the chosen layer and head; hovering
// a character asks for it with an `inspect` event. Renders into the page's own root, so the page's text styles
// apply; the tint goes through the CSSOM (the CSP allows no inline style attributes).
import { html, LitElement } from 'lit';
import { fmt, t } from '../../core/main-thread/i18n';
import type { TextRun } from '../../models/transformer/text-run';
import { inlineStyle } from '../../ui/inline-style';
import './transformer.strings';

export class AttentionText extends LitElement {
  static override properties = {
    run: { attribute: false },
    chars: { type: Number },
    inspected: { attribute: false },
    layer: { type: Number },
    head: { type: Number },
    vocab: { attribute: false },
  };
  /** The text (it grows in place: `chars` says how far). */
  declare run: TextRun | undefined;
  declare chars: number;
  declare inspected: number | undefined;
  declare layer: number;
  declare head: number;
  /** The character of each token id. */
  declare vocab: readonly string[];

  constructor() {
    super();
    this.chars = 0;
    this.layer = 0;
    this.head = 0;
    this.vocab = [];
    this.addEventListener('pointerover', (e) => {
      const i = (e.target as HTMLElement).dataset?.i;
      if (i !== undefined) this.dispatchEvent(new CustomEvent<number>('inspect', { detail: Number(i) }));
    });
  }

  protected override createRenderRoot() {
    return this;
  }

  override render() {
    const { run, inspected } = this;
    if (!run) return [];
    const w = inspected !== undefined && run.has(inspected) ? run.weights(inspected, this.layer, this.head) : undefined;
    const max = w ? Math.max(...w) : 0;
    return run.ids.map((id, i) => {
      const a = w && i < w.length && max > 0 ? w[i] / max : 0;
      const style = inlineStyle({ background: a > 0 ? `rgba(var(--gmp-attend-rgb), ${fmtAlpha(a)})` : undefined });
      return html`<span class=${(i < run.promptLength ? 'prompt' : 'gen') + (i === inspected ? ' focus' : '')} data-i=${i}
        ${style}>${this.vocab[id]}</span>`;
    });
  }
}

/** What character `i` attends to most (top 3) in one layer and head, in words. */
export function describeAttention(
  run: TextRun | undefined,
  i: number | undefined,
  layer: number,
  head: number,
  vocab: readonly string[],
): string {
  if (!run || i === undefined || !run.has(i)) return t('tf.inspect.none');
  const show = (id: number) => {
    const ch = vocab[id] ?? '?';
    return ch === '\n' ? '↵' : ch === ' ' ? '␣' : ch;
  };
  const top = Array.from(run.weights(i, layer, head), (p, j) => ({ p, j }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map(({ p, j }) => `${t('tf.quote', { char: show(run.ids[j]) })} (${fmt(p * 100, 0)} %)`)
    .join(', ');
  return t('tf.inspect', { char: show(run.ids[i]), pos: i + 1, top });
}

function fmtAlpha(a: number): string {
  return (Math.round(a * 70) / 100).toFixed(2);
}

customElements.define('gmp-attention-text', AttentionText);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-attention-text': AttentionText;
  }
}
