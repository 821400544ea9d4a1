// The text-training page's GPT worker: a character GPT learning the visitor's text on our WGSL kernels (`wgsl`)
// or on the CPU (`wasm` in the runner's terms: the kernels' CPU references in typed-array TypeScript). Weights
// stay where the engine keeps them; what crosses to the page is each step's loss, the held-out and training
// losses now and then, a sample, and snapshots to resume from after a lost GPU device or a switch of engine.
import * as Comlink from 'comlink';
import { SerialCalls, transferSnapshot } from '../training/serial-calls';
import { type LoadReport, type ModelWorkerApi, loaded, watchGpuDevice } from '../../engines/open-model';
import { adapterName, requestKernelDevice } from '../../kernels/gpu';
import { cpuExecutor } from '../../engines/training/cpu-executor';
import { gpuExecutor } from '../../engines/training/gpu-executor';
import { GPT_DEFAULTS, type GptSettings, gptParameterCount } from '../../engines/training/gpt';
import { type PartTimes, readBlocks } from '../../engines/training/plan';
import { type TextStepStats, TextTrainer, type TextTrainerSnapshot } from '../../engines/training/text-trainer';
import type { ExecutorFactory } from '../../engines/training/trainer';
import { decodeIds } from '../../engines/text/text-corpus';
import { exportGpt } from '../../engines/training/gpt-export';
import type { ExportedModel, GptExportInfo } from '../../engines/training/export-info';
import { type LoadedText, loadText, type TextArgs } from './text-args';

export interface TextLoadArgs extends Omit<TextArgs, 'context'> {
  seed: number;
  settings: Partial<Omit<GptSettings, 'vocab'>>;
  resume?: TextTrainerSnapshot;
}

export interface TextReport extends LoadReport {
  step: number;
  params: number;
  trainChars: number;
  heldOutChars: number;
  vocab: number;
  /** characters per step (windows × context) */
  charsPerStep: number;
}

export interface TextStepsResult {
  stats: TextStepStats[];
  ms: number;
  partMs: PartTimes | undefined;
}

/** The losses on the fixed windows: what the chart plots against the n-gram's. */
export interface TextScore {
  step: number;
  heldOut: number;
  train: number;
  ms: number;
}

export interface TextDraw {
  step: number;
  prompt: string;
  text: string;
  ms: number;
}

/** Characters each sample writes after the prompt. */
export const SAMPLE_CHARS = 120;
export const SAMPLE_TEMPERATURE = 0.8;

let trainer: TextTrainer | undefined;
let make: ExecutorFactory | undefined;
let text: LoadedText | undefined;
let setup: Pick<TextLoadArgs, 'seed' | 'settings' | 'shipped'> | undefined;

const calls = new SerialCalls();
const serial = <T>(run: () => Promise<T>) => calls.run(run);

const settingsOf = (): Partial<GptSettings> & { vocab: number } => ({
  ...setup!.settings,
  vocab: loaded(text, 'text training').vocab.length,
});

async function newTrainer(): Promise<TextTrainer> {
  const t = loaded(text, 'text training');
  return TextTrainer.create(
    loaded(make, 'text training'),
    { train: t.train, heldOut: t.heldOutWindows, trainWindows: t.trainWindows },
    setup!.seed,
    settingsOf(),
  );
}

export const api = {
  async load(args: TextLoadArgs & { engine: 'webgpu' | 'wasm' | 'wgsl' }, onDeviceLost: (reason: string) => void): Promise<TextReport> {
    if (args.engine === 'webgpu') throw new Error('live training runs on wgsl (our kernels) or the CPU, not on onnxruntime');
    let adapter: string | undefined;
    if (args.engine === 'wgsl') {
      const device = await requestKernelDevice('live text training');
      adapter = adapterName(device);
      calls.lostReason = watchGpuDevice(device, onDeviceLost);
      make = (plan) => gpuExecutor(plan, device);
    } else {
      make = cpuExecutor;
    }
    const context = args.settings.context ?? GPT_DEFAULTS.context;
    text = await loadText({ ...args, context });
    setup = { seed: args.seed, settings: args.settings, shipped: args.shipped };
    trainer = await newTrainer();
    calls.fresh = true;
    if (args.resume) trainer.restore(args.resume);
    const t0 = performance.now();
    await trainer.loss(text.heldOutWindows.subarray(0, context + 1)); // compiles the passes (and proves the device works)
    const s = trainer.settings;
    return {
      engine: args.engine,
      warmupMs: performance.now() - t0,
      threads: 1,
      adapter,
      step: trainer.step,
      params: gptParameterCount(s),
      trainChars: text.train.length,
      heldOutChars: text.heldOut.length,
      vocab: s.vocab,
      charsPerStep: s.batch * s.context,
    };
  },

  steps(n: number): Promise<TextStepsResult> {
    return calls.steps(async () => {
      const t0 = performance.now();
      const t = loaded(trainer, 'text training');
      const stats = await t.steps(n);
      return { stats, ms: performance.now() - t0, partMs: t.lastPartMs };
    });
  },

  /** The GPT continuing the held-out text's first characters, with the run's seed (the n-gram writes from the same). */
  draw(): Promise<TextDraw | undefined> {
    return calls.look(async (checkpoint) => {
      const t0 = performance.now();
      const t = loaded(trainer, 'text training');
      const { prompt, vocab } = loaded(text, 'text training');
      const ids = await t.sample(prompt, SAMPLE_CHARS, setup!.seed, SAMPLE_TEMPERATURE, checkpoint);
      return { step: t.step, prompt: decodeIds(prompt, vocab), text: decodeIds(ids, vocab), ms: performance.now() - t0 };
    });
  },

  /** The loss on the fixed held-out windows and on as many training windows. */
  score(): Promise<TextScore | undefined> {
    return calls.look(async (checkpoint) => {
      const t0 = performance.now();
      const t = loaded(trainer, 'text training');
      const w = loaded(text, 'text training');
      const heldOut = await t.loss(w.heldOutWindows, checkpoint);
      const train = await t.loss(w.trainWindows, checkpoint);
      return { step: t.step, heldOut, train, ms: performance.now() - t0 };
    });
  },

  reset(): Promise<void> {
    return serial(async () => {
      const old = loaded(trainer, 'text training');
      trainer = await newTrainer();
      calls.fresh = true;
      old.destroy();
    });
  },

  snapshot(): Promise<TextTrainerSnapshot> {
    return serial(async () => {
      return transferSnapshot(await loaded(trainer, 'text training').snapshot());
    });
  },

  restore(snap: TextTrainerSnapshot): Promise<number> {
    return serial(async () => {
      loaded(trainer, 'text training').restore(snap);
      calls.fresh = true;
      return snap.step;
    });
  },

  /**
   * The GPT as it is now, as an ONNX file with the shipped gpt.onnx's inputs and outputs and its description:
   * sizes, settings, step, its vocabulary (the demo's tokenizer), `data` in the page's words and the figures.
   */
  exportModel(about: { data: string; figures: Record<string, number> }): Promise<ExportedModel<GptExportInfo>> {
    return serial(async () => {
      const t = loaded(trainer, 'text training');
      const w = loaded(text, 'text training');
      const s = t.settings;
      const net = t.plan.blocks[0]!;
      const states = await readBlocks(t.exec, t.plan);
      const last = t.history.at(-1);
      const info = {
        sizes: { layers: s.layers, heads: s.heads, embd: s.embd, context: s.context, vocab: s.vocab },
        settings: { seed: t.seed, batch: s.batch, learningRate: s.lr },
        step: t.step,
        data: about.data,
        characters: w.train.length,
        figures: { ...(last && { loss: last.loss }), ...about.figures },
        vocab: { chars: w.vocab, aliases: setup!.shipped.aliases },
      };
      const m = exportGpt(info, net, states[net.name]!, s);
      return Comlink.transfer(
        m,
        m.files.map((f) => f.bytes.buffer as ArrayBuffer),
      );
    });
  },

  /** Times `runs` steps of a scratch trainer with the same settings (the visitor's one is left as it is). */
  measure(runs: number): Promise<number[]> {
    return calls.timeSteps(newTrainer, runs);
  },
} satisfies ModelWorkerApi<TextLoadArgs> & Record<string, unknown>;

export type TextWorkerApi = typeof api;
