// The training page's settings as one typed list mirrored into the link (defaults left out) (#/train?subset=1000&classes=0,7,9
// &seed=3&batch=32&lrvae=0.001&lrgan=0.0002&engine=cpu): what a visitor picks, read back repaired when a link
// says nonsense. No DOM.
import { choiceParam, integerParam, numberParam, type Param, type ParamTable, textParam } from '../core/any-thread/url-state';

export const SUBSETS = ['100', '1000', '10000'] as const;
export const BATCHES = ['16', '32', '64', '128'] as const;
/** `cpu` is the worker's typed-array path; wgsl our kernels on the GPU. */
export const TRAIN_ENGINES = ['auto', 'wgsl', 'cpu'] as const;
export type TrainEngine = (typeof TRAIN_ENGINES)[number];
export const ALL_CLASSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** The share of each batch drawn from your own images (percent), when you have added some; 100: yours alone. */
export const OWN_SHARES = ['25', '50', '75', '100'] as const;

export interface TrainSettings {
  engine: TrainEngine;
  subset: (typeof SUBSETS)[number];
  /** the Fashion-MNIST classes trained on, ascending, at least one */
  classes: number[];
  seed: number;
  batch: (typeof BATCHES)[number];
  lrVae: number;
  lrGan: number;
  own: (typeof OWN_SHARES)[number];
}

export const TRAIN_DEFAULTS: TrainSettings = {
  engine: 'auto',
  subset: '1000',
  classes: ALL_CLASSES,
  seed: 1,
  batch: '64',
  lrVae: 1e-3,
  // 2e-4, 5e-4 and 1e-3 tried for three minutes each on the CPU path (1,000 images, seed 1, ~550 steps): at
  // 1e-3 the GAN's samples differ in kind (shirts, shoes, bags); at the two smaller ones they are one noisy top
  lrGan: 1e-3,
  own: '50',
};

/** The classes of a link's `classes=` text ("0,7,9"); all ten when it names none it knows. */
export function parseClasses(raw: string): { classes: number[]; repaired: boolean } {
  if (raw === '' || raw === 'all') return { classes: ALL_CLASSES, repaired: false };
  const parts = raw.split(',').map((s) => s.trim());
  const known = parts.filter((s) => /^\d$/.test(s)).map(Number);
  const classes = [...new Set(known)].sort((a, b) => a - b);
  if (classes.length === 0) return { classes: ALL_CLASSES, repaired: true };
  return { classes, repaired: known.length !== parts.length || classes.length !== known.length };
}

const lr = (v: number) => Number(v.toPrecision(2));

/** A training page's engine in the link (auto left out). */
export function engineParam<D extends { engine: TrainEngine }>(): Param<D> {
  return choiceParam<D, TrainEngine>({
    name: 'engine',
    allowed: TRAIN_ENGINES,
    fallback: 'auto',
    get: (d) => d.engine,
    set: (d, v) => {
      d.engine = v;
    },
    format: (v) => (v === 'auto' ? undefined : v),
  });
}

/** A training page's seed in the link (the default left out). */
export function seedParam<D extends { seed: number }>(fallback: number): Param<D> {
  return integerParam<D>({
    name: 'seed',
    min: 0,
    max: 999999,
    fallback,
    get: (d) => d.seed,
    set: (d, v) => {
      d.seed = v;
    },
    format: (v) => (v === fallback ? undefined : String(v)),
  });
}

export const TRAIN_PARAMS: ParamTable<TrainSettings> = [
  engineParam(),
  choiceParam({
    name: 'subset',
    allowed: SUBSETS,
    fallback: TRAIN_DEFAULTS.subset,
    get: (d) => d.subset,
    set: (d, v) => {
      d.subset = v;
    },
    format: (v) => (v === TRAIN_DEFAULTS.subset ? undefined : v),
  }),
  textParam({
    name: 'classes',
    max: 40,
    fallback: 'all',
    why: 'class numbers 0–9, separated by commas',
    get: (d) => (d.classes.length === 10 ? 'all' : d.classes.join(',')),
    set: (d, v) => {
      const r = parseClasses(v);
      d.classes = r.classes;
      return r.repaired;
    },
    format: (v) => (v === 'all' ? undefined : v),
  }),
  seedParam(TRAIN_DEFAULTS.seed),
  choiceParam({
    name: 'batch',
    allowed: BATCHES,
    fallback: TRAIN_DEFAULTS.batch,
    get: (d) => d.batch,
    set: (d, v) => {
      d.batch = v;
    },
    format: (v) => (v === TRAIN_DEFAULTS.batch ? undefined : v),
  }),
  numberParam({
    name: 'lrvae',
    min: 1e-5,
    max: 1e-2,
    fallback: TRAIN_DEFAULTS.lrVae,
    round: lr,
    get: (d) => d.lrVae,
    set: (d, v) => {
      d.lrVae = v;
    },
    format: (v) => (v === TRAIN_DEFAULTS.lrVae ? undefined : String(v)),
  }),
  numberParam({
    name: 'lrgan',
    min: 1e-5,
    max: 1e-2,
    fallback: TRAIN_DEFAULTS.lrGan,
    round: lr,
    get: (d) => d.lrGan,
    set: (d, v) => {
      d.lrGan = v;
    },
    format: (v) => (v === TRAIN_DEFAULTS.lrGan ? undefined : String(v)),
  }),
  choiceParam({
    name: 'own',
    allowed: OWN_SHARES,
    fallback: TRAIN_DEFAULTS.own,
    get: (d) => d.own,
    set: (d, v) => {
      d.own = v;
    },
    format: (v) => (v === TRAIN_DEFAULTS.own ? undefined : v),
  }),
];

/** Two settings train the same networks on the same images (the engine aside). */
export function sameTraining(a: TrainSettings, b: TrainSettings): boolean {
  return (
    a.subset === b.subset &&
    a.classes.join() === b.classes.join() &&
    a.seed === b.seed &&
    a.batch === b.batch &&
    a.lrVae === b.lrVae &&
    a.lrGan === b.lrGan &&
    a.own === b.own
  );
}
