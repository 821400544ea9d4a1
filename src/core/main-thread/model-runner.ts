// Main-thread owner of one demo's model workers: which engine runs, `auto`'s measurement, and recovery.
//
// One worker per engine: onnxruntime-web's WebGPU backend binds to one GPUDevice per JS context, so after a
// lost device the only clean way back is a fresh worker; and a webgpu warm-up (seconds of shader
// compilation on a software adapter) must not block the wasm worker that serves the user meanwhile.
import * as Comlink from 'comlink';
import type { WebGpuReport } from './webgpu-report';
import { type CallOptions, SUPERSEDED, type Superseded, WorkerBridge, type WorkerLike } from './worker-bridge';
import { sleep } from '../any-thread/sleep';
import { EngineStartError, messageOf, type WorkerCrashedError, WorkerStoppedError } from '../any-thread/errors';
import { AUTO_LEAVES_OUT, autoStart, type Engine, type EngineChoice, fastest, GPU_ENGINES, median } from '../any-thread/engine-choice';
import type { LoadReport, ModelWorkerApi } from '../any-thread/worker-api';

export type RunnerEvent =
  | { type: 'starting'; engine: Engine }
  | { type: 'ready'; engine: Engine; report: LoadReport }
  | { type: 'auto-measuring'; engine: Engine }
  | { type: 'auto-decided'; engine: Engine; medians: Partial<Record<Engine, number>>; leftOut: Engine[]; webgpuError?: string }
  /** `stopped`: the worker went silent (ended without an error, or hung) rather than throwing. */
  | { type: 'crashed'; message: string; stopped: boolean }
  | { type: 'device-lost'; reason: string }
  | { type: 'recovered'; engine: Engine }
  | { type: 'failed'; message: string };

/**
 * `auto` measures when the visitor is not waiting on the model: after QUIET_MS without a call of theirs in
 * flight, counted from ready (a first input, which tends to come right then, finds the CPU to itself), and
 * after QUIET_MAX_MS at the latest, so steady use (an orbit, a long generation) still gets measured.
 */
const QUIET_MS = 1000;
const QUIET_MAX_MS = 3000;

/** More restarts than this within RESTART_WINDOW_MS means the worker cannot run here: stop trying. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

export interface RunnerOptions<LoadArgs, API = unknown> {
  createWorker: () => WorkerLike;
  /** The load arguments for a fresh worker of `engine` (called on every start and restart). */
  loadArgs: (engine: Engine) => LoadArgs;
  /** What of the load arguments moves into the worker instead of being copied (an OffscreenCanvas, …). */
  transfer?: (args: LoadArgs) => Transferable[];
  webgpu: WebGpuReport;
  onEvent: (e: RunnerEvent) => void;
  /** Timed calls per engine for `auto` (after each engine's warm-up). */
  measureRuns?: number;
  /**
   * The engine `auto` started on is timed in one call of `measureRuns` runs. By default it is timed one run per
   * call, so a visitor's call, which goes to the same worker, waits for one timed run at most; a worker that
   * slots the visitor's work between its timed runs itself (the training pages') takes them in one call.
   */
  measureInOneCall?: boolean;
  /**
   * The engines this model runs on (default webgpu and wasm); `auto` starts on one that needs no GPU (cpu where
   * there is one, else wasm: autoStart) and measures each of the others against it in the background.
   */
  engines?: readonly Engine[];
  /** The engines `auto` measures (default: all of `engines` but AUTO_LEAVES_OUT); the one it starts on always. */
  autoEngines?: readonly Engine[];
  /**
   * Before `auto` switches to a faster engine: moves the work done so far from the old worker to the new one
   * (the training page's weights). Without it, the new worker simply takes over.
   */
  handover?: (from: Comlink.Remote<API>, to: Comlink.Remote<API>) => Promise<void>;
  /**
   * Awaited before `auto` measures anything (the training pages: until the visitor's first steps are back, or a
   * few seconds without any, so those steps wait neither for the scratch trainer auto times nor for a worker
   * compiling its pipelines). Without it, auto measures once the visitor has had no call in flight for
   * QUIET_MS (see quiet()).
   */
  measureAfter?: (signal: AbortSignal) => Promise<void>;
}

export class ModelRunner<LoadArgs, API extends ModelWorkerApi<LoadArgs>> {
  private active?: WorkerBridge<API>;
  private activeEngine?: Engine;
  private spare = new Set<WorkerBridge<API>>();
  /** The current select(): a newer one, or dispose(), aborts it (and the measurement `auto` started). */
  private selection = new AbortController();
  private restarts: number[] = [];
  /** Engines auto started on that could not load this model's files: not measured again. */
  private readonly cannotRun = new Set<Engine>();
  /** The visitor's calls in flight, and when the last one ended or the engine became ready (what quiet() waits on). */
  private inFlight = 0;
  private lastCall = 0;

  constructor(private readonly opts: RunnerOptions<LoadArgs, API>) {}

  get engine(): Engine | undefined {
    return this.activeEngine;
  }

  private makeBridge(engine: Engine): WorkerBridge<API> {
    const bridge: WorkerBridge<API> = new WorkerBridge<API>({
      create: this.opts.createWorker,
      init: async (api) => {
        if (bridge === this.active) this.opts.onEvent({ type: 'starting', engine });
        const own = this.opts.loadArgs(engine);
        const args = { ...own, engine } as LoadArgs & { engine: Engine };
        if (this.opts.transfer) Comlink.transfer(args, this.opts.transfer(own));
        const onLost = Comlink.proxy((reason: string) => this.deviceLost(bridge, engine, reason));
        let report: LoadReport;
        try {
          // Comlink's parameter mapping (UnproxyOrClone) cannot be resolved for a generic LoadArgs, so the call
          // is applied as is; `args` and `onLost` are typed above and the result is the LoadReport the API promises
          const loading: Promise<LoadReport> = Reflect.apply(api.load, api, [args, onLost]);
          report = await loading;
        } catch (e) {
          throw new EngineStartError(engine, messageOf(e));
        }
        if (bridge === this.active) this.opts.onEvent({ type: 'ready', engine, report });
      },
      onCrash: (e: WorkerCrashedError) => {
        if (bridge !== this.active) {
          this.drop(bridge);
          return;
        }
        this.opts.onEvent({ type: 'crashed', message: e.message, stopped: e instanceof WorkerStoppedError });
        this.recover(bridge, engine);
      },
    });
    return bridge;
  }

  private deviceLost(bridge: WorkerBridge<API>, engine: Engine, reason: string): void {
    if (bridge !== this.active) {
      this.drop(bridge);
      return;
    }
    this.opts.onEvent({ type: 'device-lost', reason });
    bridge.restart(`GPU device lost: ${reason}`);
    this.recover(bridge, engine);
  }

  /** Starts a fresh worker behind the same bridge and says so once it is ready. */
  private recover(bridge: WorkerBridge<API>, engine: Engine): void {
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.restarts.length > MAX_RESTARTS) {
      this.opts.onEvent({ type: 'failed', message: `${this.restarts.length - 1} restarts within a minute` });
      return;
    }
    bridge
      .call(async () => undefined)
      .then(
        () => {
          if (bridge === this.active) this.opts.onEvent({ type: 'recovered', engine });
        },
        () => {
          /* the next crash event reports it */
        },
      );
  }

  private drop(bridge: WorkerBridge<API>): void {
    bridge.terminate();
    this.spare.delete(bridge);
  }

  /** Switches to an engine (or lets `auto` measure); resolves once a model is ready to run. */
  async select(choice: EngineChoice): Promise<void> {
    this.selection.abort();
    this.selection = new AbortController();
    const { signal } = this.selection;
    const engines = this.engines();
    if (choice !== 'auto' && !engines.includes(choice)) {
      throw new Error(`Unsupported engine "${choice}" for this model. Use one of: auto, ${engines.join(', ')}.`);
    }
    const first: Engine = choice === 'auto' ? autoStart(engines) : choice;
    if (GPU_ENGINES.includes(first) && !this.opts.webgpu.available) {
      throw new Error(`WebGPU is not available here (${this.opts.webgpu.reason}). Use auto or ${autoStart(engines)}.`);
    }
    let bridge = this.activeEngine === first && this.active ? this.active : undefined;
    if (!bridge) {
      bridge = this.makeBridge(first);
      const previous = this.active;
      this.active = bridge;
      this.activeEngine = first;
      if (previous) this.drop(previous);
      try {
        await bridge.call(async () => undefined);
      } catch (e) {
        // the engine auto starts on cannot run this file (cpu lacks one of its ops): wasm runs any standard one
        if (choice !== 'auto' || first === 'wasm' || !engines.includes('wasm') || !(e instanceof EngineStartError)) throw e;
        this.cannotRun.add(first);
        this.drop(bridge);
        bridge = this.makeBridge('wasm');
        this.active = bridge;
        this.activeEngine = 'wasm';
        await bridge.call(async () => undefined);
      }
    } else {
      this.opts.onEvent({ type: 'ready', engine: first, report: { engine: first, warmupMs: NaN, threads: 0 } });
    }
    for (const b of this.spare) this.drop(b);
    if (choice === 'auto' && !signal.aborted) void this.autoMeasure(signal);
  }

  private async autoMeasure(signal: AbortSignal): Promise<void> {
    const runs = this.opts.measureRuns ?? 7;
    const leftOut = this.leftOut();
    const medians: Partial<Record<Engine, number>> = {};
    const start = this.activeEngine!;
    this.opts.onEvent({ type: 'auto-measuring', engine: start });
    this.lastCall = performance.now();
    try {
      await (this.opts.measureAfter ?? ((s: AbortSignal) => this.quiet(s)))(signal);
    } catch {
      return; // aborted: left the page or switched engines
    }
    if (signal.aborted) return;
    try {
      medians[start] = median(await this.timeStart(runs, signal));
    } catch (e) {
      // Left the page (the worker was shut down) or switched engines meanwhile: nothing to report. A crash
      // is reported by the bridge; the demo stays where it started.
      if (!signal.aborted)
        this.opts.onEvent({
          type: 'auto-decided',
          engine: start,
          medians,
          leftOut,
          webgpuError: `${start}: ${messageOf(e)}`,
        });
      return;
    }
    if (signal.aborted) return;
    let webgpuError: string | undefined;
    const usable = (e: Engine) =>
      e !== start && !leftOut.includes(e) && !this.cannotRun.has(e) && (this.opts.webgpu.available || !GPU_ENGINES.includes(e));
    for (const engine of this.engines().filter(usable)) {
      const candidate = this.makeBridge(engine);
      this.spare.add(candidate);
      try {
        await candidate.call(async () => undefined);
        if (signal.aborted) {
          this.drop(candidate);
          return;
        }
        medians[engine] = median(await candidate.call((api) => api.measure(runs)));
      } catch (e) {
        webgpuError = `${engine}: ${messageOf(e)}`;
      }
      if (signal.aborted) {
        this.drop(candidate);
        return;
      }
      if (fastest(medians) === engine) {
        const previous = this.active!;
        const handover = this.opts.handover;
        if (handover) {
          try {
            await previous.call((from) => candidate.call((to) => handover(from, to)));
          } catch (e) {
            // the old worker goes on as it was; the faster one is not used
            webgpuError = `${engine}: ${messageOf(e)}`;
            this.drop(candidate);
            continue;
          }
          if (signal.aborted) {
            this.drop(candidate);
            return;
          }
        }
        this.spare.delete(candidate);
        this.active = candidate;
        this.activeEngine = engine;
        this.drop(previous);
      } else {
        this.drop(candidate);
      }
    }
    this.opts.onEvent({ type: 'auto-decided', engine: this.activeEngine!, medians, leftOut, webgpuError });
  }

  /** The start engine's timed runs, one call each unless measureInOneCall (what a visitor's call queues behind). */
  private async timeStart(runs: number, signal: AbortSignal): Promise<number[]> {
    const active = this.active!;
    if (this.opts.measureInOneCall) return active.call((api) => api.measure(runs));
    const times: number[] = [];
    for (let i = 0; i < runs && !signal.aborted; i++) times.push(...(await active.call((api) => api.measure(1))));
    return times;
  }

  private engines(): readonly Engine[] {
    return this.opts.engines ?? ['webgpu', 'wasm'];
  }

  /** The model's engines `auto` does not measure. */
  private leftOut(): Engine[] {
    const measured = this.opts.autoEngines ?? this.engines().filter((e) => !AUTO_LEAVES_OUT.includes(e));
    const start = autoStart(this.engines());
    return this.engines().filter((e) => e !== start && !measured.includes(e));
  }

  /** Runs on the active engine's worker; `signal` cancels (see WorkerBridge.call). */
  call<R>(fn: (api: Comlink.Remote<API>) => Promise<R>, options?: CallOptions): Promise<R> {
    if (!this.active) return Promise.reject(new Error('No engine selected yet.'));
    return this.watched(this.active.call(fn, options));
  }

  /** Counts a visitor's call while it is in flight. */
  private watched<R>(call: Promise<R>): Promise<R> {
    this.inFlight++;
    return call.finally(() => {
      this.inFlight--;
      this.lastCall = performance.now();
    });
  }

  /**
   * Resolves once no visitor call has been in flight for QUIET_MS, or QUIET_MAX_MS after it was called;
   * rejects with AbortError when `signal` fires.
   */
  private async quiet(signal: AbortSignal): Promise<void> {
    const giveUp = performance.now() + QUIET_MAX_MS;
    for (;;) {
      const now = performance.now();
      const wait = Math.min(giveUp - now, this.inFlight > 0 ? QUIET_MS : this.lastCall + QUIET_MS - now);
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }

  /** Latest-wins call on the active engine's worker (see WorkerBridge.latest). */
  latest<R>(key: string, fn: (api: Comlink.Remote<API>) => Promise<R>, options?: CallOptions): Promise<R | Superseded> {
    if (!this.active) return Promise.resolve(SUPERSEDED);
    return this.watched(this.active.latest(key, fn, options));
  }

  dispose(): void {
    this.selection.abort();
    if (this.active) this.drop(this.active);
    for (const b of this.spare) this.drop(b);
    this.active = undefined;
    this.activeEngine = undefined;
  }
}
