// #/train-text's settings as one typed list mirrored into the link (defaults left out): #/train-text?source=article
// &layers=3&width=96&context=128&lr=0.003&seed=2&engine=cpu. Your own text is never put in a link (too long, and
// yours): a link that names it opens the fortunes, and says why. No DOM.
import { choiceParam, numberParam, type ParamTable } from '../core/any-thread/url-state';
import { TEXT_SOURCES, type TextSource } from '../engines/text/text-source';
import { GPT_DEFAULTS, type GptSettings } from '../engines/training/gpt';
import { engineParam, seedParam, type TrainEngine } from './train-settings';

export const LAYERS = ['1', '2', '3', '4'] as const;
export const WIDTHS = ['32', '48', '64', '96', '128'] as const;
export const CONTEXTS = ['32', '64', '128'] as const;

export interface TextSettings {
  engine: TrainEngine;
  source: TextSource;
  layers: (typeof LAYERS)[number];
  width: (typeof WIDTHS)[number];
  context: (typeof CONTEXTS)[number];
  lr: number;
  seed: number;
}

export const TEXT_DEFAULTS: TextSettings = {
  engine: 'auto',
  source: 'fortunes',
  layers: String(GPT_DEFAULTS.layers) as TextSettings['layers'],
  width: String(GPT_DEFAULTS.embd) as TextSettings['width'],
  context: String(GPT_DEFAULTS.context) as TextSettings['context'],
  lr: GPT_DEFAULTS.lr,
  seed: 1,
};

/** Heads: 4, or 2 at the narrowest width (heads of 16 channels at least). */
export function gptSettingsOf(s: TextSettings): Omit<GptSettings, 'vocab'> {
  const embd = Number(s.width);
  return { ...GPT_DEFAULTS, layers: Number(s.layers), embd, heads: embd >= 64 ? 4 : 2, context: Number(s.context), lr: s.lr };
}

const choice = <K extends 'source' | 'layers' | 'width' | 'context'>(name: string, key: K, allowed: readonly TextSettings[K][]) =>
  choiceParam<TextSettings, TextSettings[K]>({
    name,
    allowed,
    fallback: TEXT_DEFAULTS[key],
    get: (d) => d[key],
    set: (d, v) => {
      d[key] = v;
    },
    format: (v) => (v === TEXT_DEFAULTS[key] ? undefined : v),
  });

export const TEXT_PARAMS: ParamTable<TextSettings> = [
  engineParam(),
  choice('source', 'source', TEXT_SOURCES),
  choice('layers', 'layers', LAYERS),
  choice('width', 'width', WIDTHS),
  choice('context', 'context', CONTEXTS),
  numberParam({
    name: 'lr',
    min: 1e-4,
    max: 1e-2,
    fallback: TEXT_DEFAULTS.lr,
    round: (v) => Number(v.toPrecision(2)),
    get: (d) => d.lr,
    set: (d, v) => {
      d.lr = v;
    },
    format: (v) => (v === TEXT_DEFAULTS.lr ? undefined : String(v)),
  }),
  seedParam(TEXT_DEFAULTS.seed),
];

/** Two settings train the same GPT on the same text (the engine aside; your own text is compared by the page). */
export function sameTextTraining(a: TextSettings, b: TextSettings): boolean {
  return (
    a.source === b.source && a.layers === b.layers && a.width === b.width && a.context === b.context && a.lr === b.lr && a.seed === b.seed
  );
}
