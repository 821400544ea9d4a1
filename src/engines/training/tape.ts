// A reverse-mode tape over the plan's ops (plan.ts): a network is written forward only, and one call derives
// its backward ops and Adam updates. The idea is micrograd's (each op knows its local gradient, a walk in
// reverse order chains them); the discipline is llm.c's: every op is a kernel with a CPU reference, the
// derived backward is a plain list of those kernels, and both executors run that one list. Nothing is
// computed here: the tape only writes ops. No DOM, no GPU.
//
// One update = the forward ops written since the last update, then `update(losses, blocks)`: the gradient of
// the losses with respect to the named blocks only. Blocks not named are frozen but still pass gradients
// through to their inputs, which is what a GAN needs (D updated first, then G trained through the updated D).
// What reaches a loss decides what is derived: a value gets a gradient only if it depends on a trained block.
//
// Rules the executors rely on, checked here: no op reads and writes one tensor (WebGPU cannot bind a buffer
// as both), and every layer of a trained block gets its gradient in the update (Adam must never apply last
// step's gradient). A value that feeds several ops gets the sum of their gradients (an `add` op each); a layer
// used twice on the way to a loss (tied weights) is refused, since its parameter gradient is written, not summed.
import type { Activation } from '../../kernels/elementwise/activation';
import type { AttentionShape } from '../../kernels/train/sequence-reference';
import { at, type Block, type Layer, type Op, type PlanBuilder, type Ref } from './plan';

/** A tensor (or a view of one) the tape has seen: where it lives, its size in floats, and the node that made it. */
export class Value {
  constructor(
    readonly ref: Ref,
    readonly size: number,
    readonly node: Node | undefined,
  ) {}
}

/** What a node's backward rule may ask while the gradients are derived. */
interface GradContext {
  /** the gradient arriving at one of the node's outputs (undefined when no loss depends on it) */
  grad(v: Value): Ref | undefined;
  /** whether an input needs a gradient: it depends on a block this update trains */
  needs(v: Value): boolean;
  /** a fresh tensor for an input's gradient, registered as that gradient */
  into(v: Value): Ref;
  /** registers an existing tensor (or view) as an input's gradient: no op */
  alias(v: Value, g: Ref): void;
  /** whether a layer's parameters are trained by this update (and records that they got their gradient) */
  trains(layer: Layer): boolean;
}

interface Node {
  readonly name: string;
  readonly inputs: readonly Value[];
  readonly outputs: Value[];
  readonly layers: readonly Layer[];
  backward(c: GradContext): Op[];
}

/** A loss term: its forward op already wrote the gradient of the loss with respect to its input. */
export interface Loss {
  readonly node: Node;
  /** the per-row loss values (for statistics) */
  readonly rows: Value;
}

export class Tape {
  private readonly nodes: Node[] = [];
  private pending: Op[] = [];
  private count = 0;
  private updates = 0;

  /** `prefix` names the tensors the tape makes (GPU labels and error messages show them). */
  constructor(
    readonly b: PlanBuilder,
    readonly prefix: string,
  ) {}

  /** A tensor written from outside (data, noise, targets) or by earlier ops: a leaf without gradient. */
  input(ref: Ref, size: number): Value {
    return new Value(ref, size, undefined);
  }

  private out(what: string, size: number, into: Ref | undefined): Ref {
    return into ?? this.b.tensor(`${this.prefix}${what}${this.count++}`, size);
  }

  private record(
    name: string,
    op: Op | undefined,
    inputs: Value[],
    outputs: [Ref, number][],
    layers: Layer[],
    backward: Node['backward'],
  ): Value[] {
    const node: Node = { name, inputs, outputs: [], layers, backward };
    for (const [r, size] of outputs) {
      if (inputs.some((i) => i.ref.t === r.t)) throw new Error(`${name} would read and write the tensor ${r.t}`);
      node.outputs.push(new Value(r, size, node));
    }
    this.nodes.push(node);
    if (op) this.pending.push(op);
    return node.outputs;
  }

  /** out[r, :] = data[idx[r], :]: rows picked from a data set (no gradient flows into data). */
  gather(data: Value, idx: Value, rows: number, cols: number, into?: Ref): Value {
    const out = this.out('gather', rows * cols, into);
    const op: Op = { op: 'gather', data: data.ref, idx: idx.ref, out, rows, cols };
    return this.record('gather', op, [], [[out, rows * cols]], [], () => [])[0]!;
  }

  /** y[rows, out] = x[rows, in] · wᵀ + b */
  linear(x: Value, layer: Layer, rows: number, into?: Ref): Value {
    if (x.size !== rows * layer.in) throw new Error(`a linear layer of ${layer.in} inputs got ${x.size} floats for ${rows} rows`);
    const y = this.out('linear', rows * layer.out, into);
    const op: Op = { op: 'linear', x: x.ref, layer, y, M: rows };
    const [out] = this.record('linear', op, [x], [[y, rows * layer.out]], [layer], (c) => {
      const dy = c.grad(out!);
      if (!dy) return [];
      const ops: Op[] = [];
      if (c.trains(layer)) ops.push({ op: 'paramGrad', dy, x: x.ref, layer, M: rows });
      if (c.needs(x)) ops.push({ op: 'inputGrad', dy, layer, dx: c.into(x), M: rows });
      return ops;
    });
    return out!;
  }

  /** y = f(x), element-wise */
  act(x: Value, act: Activation, alpha = 0, into?: Ref): Value {
    const n = x.size;
    const y = this.out(act, n, into);
    const [out] = this.record(act, { op: 'act', x: x.ref, y, n, act, alpha }, [x], [[y, n]], [], (c) => {
      const dy = c.grad(out!);
      return dy && c.needs(x) ? [{ op: 'actGrad', pre: x.ref, dy, dx: c.into(x), n, act, alpha }] : [];
    });
    return out!;
  }

  /** y = a + b, element-wise; the gradient reaches both unchanged */
  add(a: Value, b: Value, into?: Ref): Value {
    if (a.size !== b.size) throw new Error(`add of ${a.size} and ${b.size} floats`);
    const n = a.size;
    const y = this.out('add', n, into);
    const [out] = this.record('add', { op: 'add', a: a.ref, b: b.ref, y, n }, [a, b], [[y, n]], [], (c) => {
      const dy = c.grad(out!);
      if (dy) for (const v of [a, b]) if (c.needs(v)) c.alias(v, dy);
      return [];
    });
    return out!;
  }

  /** y[r, :] = a·x[r, :] + b·e[r, :] + c with (a, b, c) per row in coef (noising, a DDIM step): no gradient */
  mix(x: Value, e: Value, coef: Value, rows: number, cols: number, into?: Ref): Value {
    const y = this.out('mix', rows * cols, into);
    const op: Op = { op: 'mix', x: x.ref, e: e.ref, coef: coef.ref, y, M: rows, N: cols };
    return this.record('mix', op, [], [[y, rows * cols]], [], () => [])[0]!;
  }

  /** A sinusoidal embedding of `dims` values for each of `rows` positions or time steps: no gradient */
  sinusoid(t: Value, rows: number, dims: number, maxPeriod: number): Value {
    const y = this.out('sinusoid', rows * dims, undefined);
    const op: Op = { op: 'sinusoid', t: t.ref, y, M: rows, N: dims, maxPeriod };
    return this.record('sinusoid', op, [], [[y, rows * dims]], [], () => [])[0]!;
  }

  /** y = (x − μ)/σ·γ + β per row of `cols`, γ and β the layer `ln` (in = 1, out = cols) */
  layerNorm(x: Value, ln: Layer, rows: number, cols: number, eps = 1e-5): Value {
    if (ln.in !== 1 || ln.out !== cols || x.size !== rows * cols)
      throw new Error(`a layer norm of ${cols} got ${x.size} floats for ${rows} rows`);
    const y = this.out('ln', rows * cols, undefined);
    const xhat = this.out('ln.xhat', rows * cols, undefined);
    const op: Op = { op: 'layerNorm', x: x.ref, ln, y, xhat, M: rows, N: cols, eps };
    const [out] = this.record('layerNorm', op, [x], [[y, rows * cols]], [ln], (c) => {
      const dy = c.grad(out!);
      if (!dy) return [];
      const ops: Op[] = [];
      if (c.trains(ln)) ops.push({ op: 'layerNormParamGrad', dy, xhat, ln, M: rows, N: cols });
      if (c.needs(x)) ops.push({ op: 'layerNormGrad', x: x.ref, ln, dy, dx: c.into(x), M: rows, N: cols, eps });
      return ops;
    });
    return out!;
  }

  /** out[r, :] = row idx[r] of the embedding table `table` (its weight: `out` rows of `in` values) */
  embed(table: Layer, idx: Value, rows: number): Value {
    const n = rows * table.in;
    const out = this.out('embed', n, undefined);
    const op: Op = { op: 'embed', table, idx: idx.ref, out, rows };
    const [v] = this.record('embed', op, [], [[out, n]], [table], (c) => {
      const dy = c.grad(v!);
      return dy && c.trains(table) ? [{ op: 'embedGrad', dy, idx: idx.ref, table, rows }] : [];
    });
    return v!;
  }

  /** Causal multi-head self-attention of qkv [B·T, 3C] (q, k, v per row) into [B·T, C]. */
  attention(qkv: Value, shape: AttentionShape): Value {
    const { B, T, C, H } = shape;
    if (qkv.size !== B * T * 3 * C || C % H)
      throw new Error(`attention over ${qkv.size} floats does not fit ${B}×${T}×3·${C} in ${H} heads`);
    const y = this.out('attn', B * T * C, undefined);
    const p = this.out('attn.p', B * H * T * T, undefined);
    const op: Op = { op: 'attention', qkv: qkv.ref, y, p, shape };
    const [out] = this.record('attention', op, [qkv], [[y, B * T * C]], [], (c) => {
      const dy = c.grad(out!);
      if (!dy || !c.needs(qkv)) return [];
      const scratch = this.b.tensor(`${this.prefix}attn.scratch`, B * H * T);
      return [{ op: 'attentionGrad', qkv: qkv.ref, p, dy, dqkv: c.into(qkv), scratch, shape }];
    });
    return out!;
  }

  /** One value over a tensor whose parts (views at consecutive offsets, in order) were written by earlier ops. */
  join(whole: Ref, parts: readonly Value[]): Value {
    let offset = whole.at ?? 0;
    for (const p of parts) {
      if (p.ref.t !== whole.t || (p.ref.at ?? 0) !== offset)
        throw new Error(`${p.ref.t}@${p.ref.at ?? 0} is not the next part of ${whole.t}`);
      offset += p.size;
    }
    const size = offset - (whole.at ?? 0);
    const node: Node = {
      name: 'join',
      inputs: [...parts],
      outputs: [],
      layers: [],
      backward: (c) => {
        const g = c.grad(joined);
        if (!g) return [];
        let from = 0;
        for (const p of parts) {
          if (c.needs(p)) c.alias(p, at(g, from));
          from += p.size;
        }
        return [];
      },
    };
    const joined = new Value(whole, size, node);
    node.outputs.push(joined);
    this.nodes.push(node);
    return joined;
  }

  /**
   * Binary cross-entropy on logits (or the mean squared error) of `rows` × `cols` values, or softmax
   * cross-entropy of `rows` rows of `cols` logits against one class id per row (`xent`), times `scale`: the
   * forward op writes the loss per row and its gradient with respect to y.
   */
  loss(kind: 'bce' | 'mse' | 'xent', y: Value, target: Value, rows: number, cols: number, scale: number): Loss {
    const grad = this.b.tensor(`${this.prefix}${kind}.grad${this.count}`, rows * cols);
    const rowLoss = this.out(`${kind}.rows`, rows, undefined);
    const op: Op = { op: kind, y: y.ref, target: target.ref, grad, rowLoss, M: rows, N: cols, scale };
    const [r] = this.record(kind, op, [y], [[rowLoss, rows]], [], (c) => {
      if (c.needs(y)) c.alias(y, grad);
      return [];
    });
    return { node: r!.node!, rows: r! };
  }

  /**
   * z = μ + σ·ε from enc = [μ, log σ²] per row, and the KL term per row, which enters the loss times
   * `klScale`: the backward op adds its gradient to the one arriving through z.
   */
  reparam(enc: Value, eps: Value, rows: number, Z: number, klScale: number): { z: Value; kl: Loss } {
    const z = this.out('z', rows * Z, undefined);
    const rowKl = this.out('kl', rows, undefined);
    const op: Op = { op: 'reparam', enc: enc.ref, eps: eps.ref, z, rowKl, M: rows, Z };
    const [zv, kl] = this.record(
      'reparam',
      op,
      [enc],
      [
        [z, rows * Z],
        [rowKl, rows],
      ],
      [],
      (c) => {
        const dz = c.grad(zv!);
        if (!dz) throw new Error('the KL term is trained only together with a loss on z (the reparam op has no KL-only gradient)');
        return c.needs(enc) ? [{ op: 'reparamGrad', enc: enc.ref, eps: eps.ref, dz, denc: c.into(enc), M: rows, Z, klScale }] : [];
      },
    );
    return { z: zv!, kl: { node: kl!.node!, rows: kl! } };
  }

  /** A statistic for the page: slot `name` = scale · Σ f(src) over its first `count` values. */
  stat(src: Value | Ref, name: string, fn: 'sum' | 'sigmoid', scale: number, count = src instanceof Value ? src.size : 0): void {
    const ref = src instanceof Value ? src.ref : src;
    this.pending.push({ op: 'stat', src: ref, count, slot: this.b.slot(name), fn, scale });
  }

  /** The forward ops written since the last take or update (draws: no gradient). */
  take(): Op[] {
    const ops = this.pending;
    this.pending = [];
    return ops;
  }

  /**
   * The forward ops written since the last update, then the gradient of the sum of `losses` with respect to
   * the parameters of `blocks`, then one Adam update of each of them. Frozen blocks pass gradients through.
   */
  update(losses: readonly Loss[], blocks: readonly Block[]): Op[] {
    const trained = new Set(blocks.map((b) => b.name));
    const needing = new Set<Value>();
    for (const n of this.nodes) {
      if (n.layers.some((l) => trained.has(l.block)) || n.inputs.some((i) => needing.has(i))) for (const o of n.outputs) needing.add(o);
    }
    const grads = new Map<Value, Ref>();
    const gotGrad = new Set<Layer>();
    const u = this.updates++;
    let g = 0;
    const fresh = (v: Value, what: string) => this.b.tensor(`${this.prefix}d${u}.${g++}${what}.${v.ref.t}`, v.size);
    // a value's second gradient is summed with its first after the ops of the node that made it
    const sums: [Value, Ref][] = [];
    const register = (v: Value, r: Ref) => {
      if (grads.has(v)) sums.push([v, r]);
      else grads.set(v, r);
    };
    const ctx: GradContext = {
      grad: (v) => grads.get(v),
      needs: (v) => needing.has(v),
      into: (v) => {
        const r = fresh(v, '');
        register(v, r);
        return r;
      },
      alias: register,
      trains: (layer) => {
        if (!trained.has(layer.block)) return false;
        if (gotGrad.has(layer))
          throw new Error(`a layer of ${layer.block} is used twice on the way to the loss: its gradients would need summing`);
        gotGrad.add(layer);
        return true;
      },
    };
    const lossNodes = new Set(losses.map((l) => l.node));
    const ops = this.take();
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (!lossNodes.has(n) && !n.outputs.some((o) => grads.has(o))) continue;
      ops.push(...n.backward(ctx));
      for (const [v, r] of sums.splice(0)) {
        const y = fresh(v, '.sum');
        ops.push({ op: 'add', a: grads.get(v)!, b: r, y, n: v.size });
        grads.set(v, y);
      }
    }
    for (const b of blocks) {
      const missing = b.layers.filter((l) => !gotGrad.has(l));
      if (missing.length)
        throw new Error(`${missing.length} layer(s) of ${b.name} get no gradient from these losses: Adam would apply stale ones`);
      ops.push({ op: 'adam', block: b });
    }
    return ops;
  }
}
