// A character n-gram model with interpolated absolute discounting, for the browser: the TypeScript twin of
// training/ngram.py, the baseline the training study sets beside the character GPT.
//
//   p_n(c | h) = (max(N(h c) − D, 0) + D · F(h) · p_{n−1}(c | h′)) / N(h ·)
//
// h is the last n−1 characters, h′ the last n−2, N counts in the training text, F(h) is how many different
// characters followed h there, and p_0 is uniform over the vocabulary (Ney, Essen & Kneser 1994, "On structuring
// probabilistic dependences in stochastic language modelling", interpolated form). A history never seen falls
// back to the lower order. Where numpy sorts arrays of keys, this counts into hashed typed arrays: every n-gram
// is one integer (base = vocabulary size; 256^6 = 2^48 stays exact in a float64).

export const NGRAM_MAX_ORDER = 6;
export const NGRAM_DISCOUNTS = [0.5, 0.7, 0.8, 0.9, 0.95] as const;

const EMPTY = -1;
/** Grow a table when more than this share of its slots is taken (linear probing slows past it). */
const MAX_LOAD = 0.6;

/** Mixes a key below 2^53 into 32 bits: its two 32-bit halves combined, then murmur3's finaliser. */
function hashKey(key: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  let h = lo ^ Math.imul(hi ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Open addressing with linear probing, power-of-two capacity: float64 keys, `lanes` uint32 values per key. */
class KeyTable {
  keys: Float64Array;
  lanes: Uint32Array[];
  size = 0;
  private mask: number;

  constructor(capacity: number, lanes: number) {
    let cap = 16;
    while (cap * MAX_LOAD < capacity) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.lanes = Array.from({ length: lanes }, () => new Uint32Array(cap));
  }

  get bytes(): number {
    return this.keys.byteLength + this.lanes.reduce((s, a) => s + a.byteLength, 0);
  }

  /** The slot holding `key`, or −1. */
  find(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = hashKey(key) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === key) return i;
      if (k === EMPTY) return -1;
    }
  }

  /** The slot holding `key`, taken (values 0) if it was free. */
  slot(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = hashKey(key) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === key) return i;
      if (k === EMPTY) {
        if (this.size + 1 > (mask + 1) * MAX_LOAD) {
          this.grow();
          return this.slot(key);
        }
        keys[i] = key;
        this.size++;
        return i;
      }
    }
  }

  private grow(): void {
    const { keys, lanes } = this;
    const cap = keys.length * 2;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.lanes = lanes.map(() => new Uint32Array(cap));
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      if (k === EMPTY) continue;
      let i = hashKey(k) & this.mask;
      while (this.keys[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = k;
      for (let l = 0; l < lanes.length; l++) this.lanes[l]![i] = lanes[l]![j]!;
    }
  }
}

// lanes of an order's table, keyed by the n-gram: its count, and as the history of order n+1, N(h ·) and F(h)
const COUNT = 0;
const FOLLOW_TOTAL = 1;
const FOLLOW_KINDS = 2;

/**
 * What each order knows about each target of a text: N(h c), N(h ·) and F(h) for the history that precedes it,
 * all 0 where the history is unseen or longer than the text before the target. [order − 1][target].
 */
export interface HistoryCounts {
  count: Uint32Array[];
  total: Uint32Array[];
  kinds: Uint32Array[];
}

/** The count tables of every order 1..maxOrder; the discount is chosen when probabilities are asked for. */
export class NGramCounts {
  readonly maxOrder: number;
  /** tables[n − 1]: the n-grams with their counts and (below the top order) their followers' N and F */
  private readonly tables: KeyTable[] = [];
  /** N(·) and F for the empty history of order 1 */
  private unigramTotal = 0;
  private unigramKinds = 0;

  constructor(
    ids: Uint8Array,
    readonly vocab: number,
    maxOrder = NGRAM_MAX_ORDER,
  ) {
    if (!Number.isInteger(vocab) || vocab < 1 || vocab > 256) throw new RangeError(`n-gram vocabulary of ${vocab} symbols: use 1 to 256`);
    if (!Number.isInteger(maxOrder) || maxOrder < 1 || vocab ** maxOrder > 2 ** 53) {
      throw new RangeError(
        `n-gram order ${maxOrder} with ${vocab} symbols: use 1 to ${Math.max(1, Math.floor(53 / Math.log2(Math.max(vocab, 2))))}`,
      );
    }
    for (let i = 0; i < ids.length; i++) {
      if (ids[i]! >= vocab) throw new RangeError(`n-gram text: id ${ids[i]} at ${i} is outside the vocabulary of ${vocab}`);
    }
    this.maxOrder = maxOrder;
    for (let n = 1; n <= maxOrder; n++) {
      const table = this.countOrder(ids, n, n < maxOrder ? 3 : 1, n > 1 ? 2 * this.tables[n - 2]!.size : vocab);
      this.tables.push(table);
      this.addFollowers(table, n);
    }
  }

  /** Memory of the count tables in bytes. */
  get bytes(): number {
    return this.tables.reduce((s, t) => s + t.bytes, 0);
  }

  /** The n-grams of ids with their counts; `guess` sizes the table at first (it grows as needed). */
  private countOrder(ids: Uint8Array, n: number, lanes: number, guess: number): KeyTable {
    const table = new KeyTable(Math.min(guess, Math.max(ids.length - n + 1, 1)), lanes);
    if (ids.length < n) return table;
    const base = this.vocab;
    const lead = base ** (n - 1);
    let key = 0;
    for (let j = 0; j < n - 1; j++) key = key * base + ids[j]!;
    for (let j = n - 1; j < ids.length; j++) {
      key = key * base + ids[j]!;
      const s = table.slot(key);
      table.lanes[COUNT]![s]!++;
      key -= ids[j - n + 1]! * lead; // drop the oldest character: exact, as every step stays below 2^53
    }
    return table;
  }

  /** Each n-gram h·c adds its count to N(h ·) and one to F(h), h being an (n−1)-gram of the table below. */
  private addFollowers(table: KeyTable, n: number): void {
    const { keys } = table;
    const counts = table.lanes[COUNT]!;
    if (n === 1) {
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] === EMPTY) continue;
        this.unigramTotal += counts[i]!;
        this.unigramKinds++;
      }
      return;
    }
    const below = this.tables[n - 2]!;
    const total = below.lanes[FOLLOW_TOTAL]!;
    const kinds = below.lanes[FOLLOW_KINDS]!;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === EMPTY) continue;
      const h = below.find((k - (k % this.vocab)) / this.vocab); // always there: h occurs just before c
      total[h]! += counts[i]!;
      kinds[h]!++;
    }
  }

  /** The counts each order needs for every target ids[1:] given what precedes it inside `ids`. */
  historyCounts(ids: Uint8Array): HistoryCounts {
    const targets = Math.max(ids.length - 1, 0);
    const out: HistoryCounts = { count: [], total: [], kinds: [] };
    const base = this.vocab;
    for (let n = 1; n <= this.maxOrder; n++) {
      const count = new Uint32Array(targets);
      const total = new Uint32Array(targets);
      const kinds = new Uint32Array(targets);
      const grams = this.tables[n - 1]!;
      const gramCount = grams.lanes[COUNT]!;
      if (n === 1) {
        for (let i = 0; i < targets; i++) {
          const s = grams.find(ids[i + 1]!);
          count[i] = s < 0 ? 0 : gramCount[s]!;
        }
        total.fill(this.unigramTotal);
        kinds.fill(this.unigramKinds);
      } else {
        const below = this.tables[n - 2]!;
        const [, followTotal, followKinds] = below.lanes as [Uint32Array, Uint32Array, Uint32Array];
        const lead = base ** (n - 2);
        let h = 0; // the n−1 characters ending at ids[i]
        for (let j = 0; j < n - 2 && j < ids.length; j++) h = h * base + ids[j]!;
        for (let i = n - 2; i < targets; i++) {
          h = h * base + ids[i]!;
          const s = below.find(h);
          if (s >= 0 && followTotal[s]! > 0) {
            total[i] = followTotal[s]!;
            kinds[i] = followKinds[s]!;
            const g = grams.find(h * base + ids[i + 1]!);
            count[i] = g < 0 ? 0 : gramCount[g]!;
          }
          h -= ids[i - n + 2]! * lead;
        }
      }
      out.count.push(count);
      out.total.push(total);
      out.kinds.push(kinds);
    }
    return out;
  }

  /** [order − 1][ids.length − 1]: p_n of each ids[1:] given what precedes it inside `ids`, as ngram.py's probs. */
  probs(ids: Uint8Array, discount: number): Float64Array[] {
    return mixOrders(this.historyCounts(ids), this.vocab, discount);
  }

  /** Mean cross-entropy in nats per character of ids[1:], for each order 1..maxOrder. */
  losses(ids: Uint8Array, discount: number): number[] {
    return meanNats(this.probs(ids, discount));
  }

  /**
   * p over the whole vocabulary of the character after `history`, from its last order − 1 characters; orders
   * whose history is unseen or longer than `history` keep the lower order's p, as probs does.
   */
  distribution(history: Uint8Array, order: number, discount: number): Float64Array {
    if (!Number.isInteger(order) || order < 1 || order > this.maxOrder)
      throw new RangeError(`n-gram order ${order}: use 1 to ${this.maxOrder}`);
    const V = this.vocab;
    const p = new Float64Array(V).fill(1 / V);
    for (let n = 1; n <= order && n - 1 <= history.length; n++) {
      let total = this.unigramTotal;
      let kinds = this.unigramKinds;
      let h = 0;
      if (n > 1) {
        for (let j = history.length - (n - 1); j < history.length; j++) h = h * V + history[j]!;
        const below = this.tables[n - 2]!;
        const s = below.find(h);
        if (s < 0) continue;
        total = below.lanes[FOLLOW_TOTAL]![s]!;
        kinds = below.lanes[FOLLOW_KINDS]![s]!;
      }
      if (total === 0) continue;
      const grams = this.tables[n - 1]!;
      const gramCount = grams.lanes[COUNT]!;
      for (let c = 0; c < V; c++) {
        const g = grams.find(h * V + c);
        const count = g < 0 ? 0 : gramCount[g]!;
        p[c] = (Math.max(count - discount, 0) + discount * kinds * p[c]!) / total;
      }
    }
    return p;
  }
}

/** The interpolated probabilities of every order from the counts: p_0 uniform, unseen histories keep p_{n−1}. */
export function mixOrders(counts: HistoryCounts, vocab: number, discount: number): Float64Array[] {
  const targets = counts.count[0]?.length ?? 0;
  let lower = new Float64Array(targets).fill(1 / vocab);
  const out: Float64Array[] = [];
  for (let n = 0; n < counts.count.length; n++) {
    const count = counts.count[n]!;
    const total = counts.total[n]!;
    const kinds = counts.kinds[n]!;
    const p = new Float64Array(targets);
    for (let i = 0; i < targets; i++) {
      const t = total[i]!;
      p[i] = t > 0 ? (Math.max(count[i]! - discount, 0) + discount * kinds[i]! * lower[i]!) / t : lower[i]!;
    }
    out.push(p);
    lower = p;
  }
  return out;
}

function meanNats(probs: Float64Array[]): number[] {
  return probs.map((p) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) s -= Math.log(p[i]!);
    return p.length ? s / p.length : NaN;
  });
}

export interface NGramTuning {
  /** fitted on fit + dev, every order up to maxOrder (so each order can still be scored) */
  model: NGramCounts;
  order: number;
  discount: number;
  /** dev loss (nats/char, rounded to 4 places as ngram.py does) of every order × discount, fitted on `fit` */
  grid: { order: number; discount: number; devLoss: number }[];
  /** ms spent counting: the tables on `fit`, then on fit + dev */
  countMs: number;
}

/**
 * The order (1..maxOrder) and discount with the lowest loss on `dev` when counted on `fit`, then counted again on
 * both, so that a validation text is never used for choosing (ngram.py's tune_and_fit).
 */
export function tuneAndFit(fit: Uint8Array, dev: Uint8Array, vocab: number, maxOrder = NGRAM_MAX_ORDER): NGramTuning {
  if (dev.length < 2) throw new RangeError(`n-gram tuning needs a held-out text of 2 characters or more (got ${dev.length})`);
  let t0 = performance.now();
  const tuning = new NGramCounts(fit, vocab, maxOrder);
  let countMs = performance.now() - t0;
  const counts = tuning.historyCounts(dev);
  const grid: NGramTuning['grid'] = [];
  for (const d of NGRAM_DISCOUNTS) {
    meanNats(mixOrders(counts, vocab, d)).forEach((loss, i) => {
      grid.push({ order: i + 1, discount: d, devLoss: Math.round(loss * 1e4) / 1e4 });
    });
  }
  const best = grid.reduce((a, b) => (b.devLoss < a.devLoss ? b : a));
  const all = new Uint8Array(fit.length + dev.length);
  all.set(fit);
  all.set(dev, fit.length);
  t0 = performance.now();
  const model = new NGramCounts(all, vocab, maxOrder);
  countMs += performance.now() - t0;
  return { model, order: best.order, discount: best.discount, grid, countMs };
}

/**
 * `n` new ids after `prompt`, each drawn from distribution() of what came before it, sharpened or flattened by
 * the temperature (p^(1/T), renormalised).
 */
export function sampleNGram(
  model: NGramCounts,
  prompt: Uint8Array,
  n: number,
  order: number,
  discount: number,
  uniform: () => number,
  temperature = 1,
): Uint8Array {
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new RangeError(`sampling temperature ${temperature}: use a number above 0`);
  const text = new Uint8Array(prompt.length + n);
  text.set(prompt);
  for (let t = prompt.length; t < text.length; t++) {
    const p = model.distribution(text.subarray(0, t), order, discount);
    if (temperature !== 1) {
      const top = p.reduce((a, b) => Math.max(a, b), 0); // scaled first, so a low temperature cannot underflow
      for (let c = 0; c < p.length; c++) p[c] = (p[c]! / top) ** (1 / temperature);
    }
    let sum = 0;
    for (let c = 0; c < p.length; c++) sum += p[c]!;
    let u = uniform() * sum;
    let pick = -1;
    for (let c = 0; c < p.length; c++) {
      if (p[c]! <= 0) continue;
      pick = c; // the last possible character, should rounding leave u ≥ 0 to the end
      u -= p[c]!;
      if (u < 0) break;
    }
    text[t] = pick;
  }
  return text.slice(prompt.length);
}
