// One model-session controller for every page that runs a model in a worker (the five demos, the training page):
// the manifest, the verified files with their progress, the runner (engine choice, `auto`'s measurement in the
// background, restart after a crash or a lost GPU device), the status line and its notes. The page says which
// files, how to start its worker, and what to do once the engine is ready; the words have defaults (the demos')
// that a page may replace (`voice`).
import type * as Comlink from 'comlink';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeMedians, rememberAuto } from '../core/main-thread/auto-memory';
import type { Engine, EngineChoice } from '../core/any-thread/engine-choice';
import { EngineStartError, messageOf, ModelLoadError, triage } from '../core/any-thread/errors';
import { afterFirstPaint, afterNextPaint } from '../core/main-thread/first-paint';
import { fmt, type MessageKey, t } from '../core/main-thread/i18n';
import type { Manifest, ManifestFile, ManifestModel } from '../core/any-thread/manifest';
import { fetchModelFile, loadManifest, type Progress } from '../core/any-thread/model-files';
import { ModelRunner, type RunnerEvent } from '../core/main-thread/model-runner';
import { MODELS_URL, READY_MARK } from '../core/main-thread/site';
import type { ParamIssue } from '../core/any-thread/url-state';
import type { WebGpuReport } from '../core/main-thread/webgpu-report';
import { webGpuReport } from '../core/main-thread/webgpu-report';
import type { CallOptions, WorkerLike } from '../core/main-thread/worker-bridge';
import type { ModelWorkerApi } from '../core/any-thread/worker-api';
import { issueText } from './link-state';
import { webGpuReason } from './webgpu-reason';
import './session.strings';

export type SessionState = 'loading' | 'ready' | 'error';
export type Message = { key: MessageKey; params?: Record<string, string | number> };
/** A line under the status: a message, or a repaired link parameter. */
export type Note = Message | { issue: ParamIssue };

let readyMarked = false;

/** The page's words for what the session goes through (each has the demos' words as default). */
export interface SessionVoice {
  starting(engine: EngineChoice): Message;
  /** auto's note while it measures. */
  measuring(engine: Engine): Note;
  ready(engine: Engine, threads: number): Message;
  /** auto's note once it has measured (undefined: none). */
  decided(e: Extract<RunnerEvent, { type: 'auto-decided' }>, webgpu: WebGpuReport): Note | undefined;
  /** The recovery note after a crash or a lost device. */
  recovering(e: Extract<RunnerEvent, { type: 'crashed' | 'device-lost' }>): Note;
  /** The status line while the worker restarts. */
  restarting(e: Extract<RunnerEvent, { type: 'crashed' | 'device-lost' }>): Message;
  failed(message: string): Message;
  /** An error nobody recovers from (a file, an engine that cannot start, a bug). */
  error(e: unknown): Message;
}

/** A message as the voice gives it (typed once, so the object literals below need no annotations). */
const msg = (key: MessageKey, params?: Record<string, string | number>): Message => ({ key, params });

const DEMO_VOICE: SessionVoice = {
  starting: (engine) => msg(engine === 'webgpu' ? 'demo.status.warmup' : 'demo.status.starting', { engine }),
  measuring: (engine) => msg('demo.auto.measuring', { engine }),
  ready: (engine, threads) =>
    engine === 'wasm' && threads > 0 ? msg('demo.status.readythreads', { threads }) : msg('demo.status.ready', { engine }),
  decided: (e, webgpu) => {
    const details = describeMedians(e.medians, (ms) => fmt(ms, ms < 10 ? 2 : 0));
    if (!webgpu.available) return msg('demo.auto.nowebgpu', { engine: e.engine, details, reason: webGpuReason(webgpu) });
    if (e.webgpuError) return msg('demo.auto.webgpufailed', { engine: e.engine, reason: e.webgpuError });
    if (e.leftOut.length) return msg('demo.auto.choiceleftout', { engine: e.engine, details, left: e.leftOut.join(', ') });
    return msg('demo.auto.choice', { engine: e.engine, details });
  },
  recovering: (e) =>
    e.type === 'device-lost'
      ? msg('demo.devicelost', { reason: e.reason })
      : msg(e.stopped ? 'worker.stopped' : 'worker.crashed', { reason: e.message }),
  restarting: (e) => msg('demo.status.recovering', { why: e.type === 'device-lost' ? e.reason : e.message }),
  failed: (message) => msg('worker.failed', { reason: message }),
  error: (e) => errorMessage(e),
};

/** The demos' words for an error nobody recovers from (a page may say more about its own errors first). */
export function errorMessage(e: unknown): Message {
  return e instanceof ModelLoadError
    ? msg(e.key, e.params)
    : e instanceof EngineStartError
      ? msg('load.session', { engine: e.engine, message: e.message })
      : msg('error.generic', { message: messageOf(e) });
}

export interface SessionOptions<LoadArgs, API> {
  /** The model's id: its manifest entry (`model`), its remembered `auto` choice (a function where the page knows it only later). */
  id: string | (() => string);
  /** Where auto's choice and medians are remembered (default: `id`): a demo showing a field of your own keeps them apart. */
  autoKey?(): string;
  /** The files to download, by name, from the manifest (throw ModelLoadError('load.missing') if one is not there). */
  files(manifest: Manifest): Record<string, ManifestFile>;
  /** The worker's load arguments for `engine`; without one, called once when the files are in (a broken extras file fails there). */
  loadArgs(files: Record<string, Uint8Array>, engine?: Engine): LoadArgs;
  /** What of the load arguments moves into the worker instead of being copied (an OffscreenCanvas). */
  transfer?: (args: LoadArgs) => Transferable[];
  createWorker(): WorkerLike;
  /** The engines the model runs on (auto measures them); called at every start. */
  engines(webgpu: WebGpuReport): readonly Engine[];
  /** The engines `auto` measures (default: the runner's, all but onnxruntime's WebGPU build). */
  autoEngines?: () => readonly Engine[] | undefined;
  /** Timed calls per engine for `auto`. */
  measureRuns?: number;
  /** See RunnerOptions.measureInOneCall (the training pages). */
  measureInOneCall?: boolean;
  /** See RunnerOptions.measureAfter (the training pages: after the visitor's first steps). */
  measureAfter?: (signal: AbortSignal) => Promise<void>;
  /** Moves the work done so far from one worker to the next before `auto` switches (training: a snapshot). */
  handover?: (from: Comlink.Remote<API>, to: Comlink.Remote<API>) => Promise<void>;
  /**
   * Small files, wanted at once: no wait for the first paint. By default (a demo's large files) the page paints
   * first, so its text and controls come before the downloads.
   */
  eager?: boolean;
  /** Reads the page's link (once the WebGPU report is known, before anything is fetched). */
  readLink?: (webgpu: WebGpuReport) => void;
  /** Awaited once, after the link is read and before the first worker's load arguments (a saved run to resume). */
  prepare?: () => Promise<void>;
  /** The engine to start on (read after readLink). */
  choice(): EngineChoice;
  /** The engine is ready: at the start, after an engine change, a recovery or auto's switch. */
  onReady?(engine: Engine): void | Promise<void>;
  /** Every runner event, after the session has handled it. */
  onEvent?(e: RunnerEvent): void;
  voice?: Partial<SessionVoice>;
}

export class ModelSession<LoadArgs, API extends ModelWorkerApi<LoadArgs>> implements ReactiveController {
  state: SessionState = 'loading';
  /** The status line as a message, translated at render time so a language switch updates it. */
  status: Message = { key: 'demo.status.loading' };
  progress?: Progress;
  webgpu?: WebGpuReport;
  manifest?: Manifest;
  /** The manifest entry of `id` (undefined for a page whose files come from other entries). */
  model?: ManifestModel;
  files?: Record<string, Uint8Array>;
  runner?: ModelRunner<LoadArgs, API>;
  /** Model-call timings here (ms), newest last (the last 50). */
  times: number[] = [];
  /** The lines under the status by slot (replaced, never changed in place). */
  notes: ReadonlyMap<string, Note> = new Map();
  private readonly voice: SessionVoice;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly opts: SessionOptions<LoadArgs, API>,
  ) {
    this.voice = { ...DEMO_VOICE, ...opts.voice };
    host.addController(this);
  }

  hostConnected(): void {
    void this.start();
  }

  hostDisconnected(): void {
    this.runner?.dispose();
    this.runner = undefined;
    this.early?.terminate();
    this.early = undefined;
  }

  /**
   * A worker started while the files download (a worker's start takes a few hundred ms on a small machine,
   * which then overlaps the network), handed to the runner for its first engine. It only loads its script:
   * what it runs on is decided when the files are in.
   */
  private early?: WorkerLike;

  private createWorker(): WorkerLike {
    const worker = this.early ?? this.opts.createWorker();
    this.early = undefined;
    return worker;
  }

  private get id(): string {
    return typeof this.opts.id === 'function' ? this.opts.id() : this.opts.id;
  }

  /** The engine the active worker runs on (undefined until one is ready). */
  get engine(): Engine | undefined {
    return this.runner?.engine;
  }

  setStatus(state: SessionState, status: Message): void {
    if (state === 'ready' && !readyMarked) {
      readyMarked = true;
      performance.mark(READY_MARK, { detail: this.id });
    }
    this.state = state;
    this.status = status;
    this.host.requestUpdate();
  }

  setNote(slot: string, note: Note | undefined): void {
    if (!note && !this.notes.has(slot)) return;
    const notes = new Map(this.notes);
    if (note) notes.set(slot, note);
    else notes.delete(slot);
    this.notes = notes;
    this.host.requestUpdate();
  }

  /** Shows a link's repairs as notes (replacing the last read's). */
  showLinkIssues(issues: readonly ParamIssue[], max = 8): void {
    for (const slot of [...this.notes.keys()].filter((k) => k.startsWith('url'))) this.setNote(slot, undefined);
    issues.slice(0, max).forEach((issue, i) => {
      this.setNote(`url${i}`, { issue });
    });
  }

  noteTexts(): string[] {
    return [...this.notes.values()].map((n) => ('issue' in n ? issueText(n.issue) : t(n.key, n.params)));
  }

  statusText(): string {
    return t(this.status.key, this.status.params);
  }

  /** Records a model-call timing (keeps the last 50 for the median). */
  recordTime(ms: number): void {
    this.times = [...this.times.slice(-49), ms];
    this.host.requestUpdate();
  }

  /** Runs on the active worker; `signal` cancels (the call rejects with AbortError). */
  call<R>(fn: (api: Comlink.Remote<API>) => Promise<R>, options?: CallOptions): Promise<R> {
    if (!this.runner) return Promise.reject(new Error('The model is not ready yet.'));
    return this.runner.call(fn, options);
  }

  /**
   * Handles an error from the page's own calls: a cancelled call is dropped, a crash or lost device is the
   * runner's to report and recover from, anything else is shown. Returns true when it was shown.
   */
  fail(e: unknown): boolean {
    const what = triage(e);
    if (what !== 'show') return false;
    this.progress = undefined;
    this.setStatus('error', this.voice.error(e));
    return true;
  }

  private prepared = false;

  /** (Re)starts: manifest, files, worker on the chosen engine. Safe to call again after an error (retry). */
  async start(): Promise<void> {
    this.setStatus('loading', { key: 'demo.status.loading' });
    // what WebGPU offers here (the link's engine and the engine list need it) is asked beside the downloads
    const report = (this.webgpu ? Promise.resolve(this.webgpu) : webGpuReport()).then((webgpu) => {
      this.webgpu = webgpu;
      this.opts.readLink?.(webgpu);
    });
    report.catch(() => undefined); // a failure is met where it is awaited; this only keeps it from counting as unhandled
    try {
      const files = this.files ?? (await this.fetchFiles());
      await report;
      if (!this.prepared) {
        this.prepared = true;
        await this.opts.prepare?.();
      }
      if (!this.files) {
        this.opts.loadArgs(files); // parses extras now (the link read), so a broken extras file fails here with its message
        this.files = files;
      }
      // left the page while the files came: start no worker that nothing would shut down
      if (!this.host.isConnected) return this.hostDisconnected();
      await this.select(this.opts.choice());
    } catch (e) {
      this.fail(e);
    }
  }

  /** The manifest, then the page's files (after the first paint unless eager). */
  private async fetchFiles(): Promise<Record<string, Uint8Array>> {
    this.manifest ??= await loadManifest(MODELS_URL);
    this.model = this.manifest.models[this.id];
    this.host.requestUpdate();
    const wanted = this.opts.files(this.manifest);
    if (!this.runner && this.host.isConnected) this.early ??= this.opts.createWorker();
    if (!this.opts.eager) {
      // the page, and what it shows from the manifest, is on screen before the large files start
      await afterFirstPaint();
      await this.host.updateComplete;
      await afterNextPaint();
    }
    return this.download(wanted);
  }

  /**
   * Fetches and verifies the files side by side (all are needed before the model starts, so none waits for
   * another), with one progress bar for all of them that names the files still coming.
   */
  private async download(wanted: Record<string, ManifestFile>): Promise<Record<string, Uint8Array>> {
    const files = Object.entries(wanted);
    const sizes = new Map(files.map(([, f]) => [f.path, f.wire?.bytes ?? f.bytes]));
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const loaded = new Map<string, number>();
    let shownAt = 0;
    let failed = false; // a file still coming must not paint over another's error
    const show = (force: boolean) => {
      if (failed) return;
      // ten updates a second are plenty for a progress bar; each one re-renders the page
      const now = performance.now();
      if (!force && now - shownAt < 100) return;
      shownAt = now;
      const done = [...loaded.values()].reduce((a, b) => a + b, 0);
      const coming = [...sizes.keys()].filter((path) => (loaded.get(path) ?? 0) < sizes.get(path)!);
      this.progress = { file: coming.join(', '), loaded: done, total };
      this.setStatus('loading', {
        key: 'demo.status.downloading',
        params: { file: this.progress.file, done: fmt(done / 1e6, 2), total: fmt(total / 1e6, 2) },
      });
    };
    const one = async ([name, file]: [string, ManifestFile]) => {
      try {
        const bytes = await fetchModelFile(MODELS_URL, file, (p) => {
          loaded.set(p.file, p.loaded);
          show(p.loaded === 0 || p.loaded === p.total);
        });
        return [name, bytes] as const;
      } catch (e) {
        failed = true;
        throw e;
      }
    };
    const fetched = await Promise.all(files.map(one));
    this.progress = undefined;
    return Object.fromEntries(fetched);
  }

  /** Starts the worker of `choice` (a new runner when there is none) and tells the page once it is ready. */
  async select(choice: EngineChoice): Promise<void> {
    const files = this.files;
    if (!files || !this.webgpu) return;
    this.times = [];
    this.runner ??= new ModelRunner<LoadArgs, API>({
      createWorker: () => this.createWorker(),
      loadArgs: (engine) => this.opts.loadArgs(files, engine),
      transfer: this.opts.transfer,
      webgpu: this.webgpu,
      engines: this.opts.engines(this.webgpu),
      autoEngines: this.opts.autoEngines?.(),
      measureRuns: this.opts.measureRuns,
      measureInOneCall: this.opts.measureInOneCall,
      handover: this.opts.handover,
      measureAfter: this.opts.measureAfter,
      onEvent: (e) => this.onRunnerEvent(e),
    });
    this.setStatus('loading', this.voice.starting(choice));
    try {
      await this.runner.select(choice);
      await this.opts.onReady?.(this.runner.engine!);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Throws the runner away (new load arguments: other images, another seed) and starts on `choice`. */
  async restart(choice: EngineChoice): Promise<void> {
    this.runner?.dispose();
    this.runner = undefined;
    this.setNote('auto', undefined);
    await this.select(choice);
  }

  private onRunnerEvent(e: RunnerEvent): void {
    const v = this.voice;
    switch (e.type) {
      case 'starting':
        this.setStatus('loading', v.starting(e.engine));
        break;
      case 'ready':
        this.setStatus('ready', v.ready(e.engine, e.report.threads));
        break;
      case 'auto-measuring':
        this.setNote('auto', v.measuring(e.engine));
        break;
      case 'auto-decided':
        rememberAuto(this.opts.autoKey?.() ?? this.id, { engine: e.engine, medians: e.medians, at: new Date().toISOString() });
        this.setNote('auto', v.decided(e, this.webgpu!));
        this.setStatus('ready', v.ready(e.engine, 0));
        break;
      case 'crashed':
      case 'device-lost':
        this.setNote('recovery', v.recovering(e));
        this.setStatus('loading', v.restarting(e));
        break;
      case 'recovered':
        this.setStatus('ready', v.ready(e.engine, 0));
        break;
      case 'failed':
        this.setStatus('error', v.failed(e.message));
        break;
    }
    this.opts.onEvent?.(e);
    if (e.type === 'recovered' || e.type === 'auto-decided')
      void Promise.resolve(this.opts.onReady?.(e.engine)).catch((err) => this.fail(err));
  }
}
