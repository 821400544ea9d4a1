// What every training page does with saved runs, in one controller: the RunKeeper (run-keeper.ts) fed by the
// training loop's snapshots, the saved run a reload resumes (when the link asks for the same training), a run
// reopened from the list or a file, training paused while the tab is hidden, and the saved-runs panel. A run
// holds the loop's snapshot, curves and training time, the settings and the page's own data; the page says
// what its data is, how settings compare, and how it restarts on a reopened run.
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { t } from '../core/main-thread/i18n';
import './saved-runs';
import { pauseWhileHidden, RunKeeper, type SavedRun } from './run-keeper';

/** What the controller needs of a page's training loop (models/training/session.ts's TrainingSession). */
export interface RunLoop {
  wanted: boolean;
  snapshot?: { step: number };
  scores: unknown[];
  trainMs: number;
  play(): void;
  pause(): Promise<void>;
}

/** A saved run of a page: where its loop stood, its curves, and the page's own data (your images, your text). */
export interface SavedTraining<L extends RunLoop, D> {
  snapshot: NonNullable<L['snapshot']>;
  scores: L['scores'];
  trainMs: number;
  data: D;
}

export interface TrainingRunsOptions<L extends RunLoop, S extends { engine: string }, D> {
  /** the page's id in the store */
  page: string;
  /** the training loop now (pages replace it when their settings change) */
  loop(): L;
  /** the settings the page trains with now, and their defaults (a saved run's missing ones) */
  settings(): S;
  defaults: S;
  /** two settings train the same networks on the same data (the engine aside) */
  same(a: S, b: S): boolean;
  /** the run's name in the list */
  name(): string;
  /** the page's own data the run trains on, saved with it; false from `savable` keeps the run unsaved */
  data(): D;
  savable?(): boolean;
  /** puts a saved run's data back into the page */
  takeData(data: D): void;
  /**
   * A saved run the link could not fully ask for (your own text is never in a link): the page takes its
   * `settings` and `data` and returns true, or leaves it (false) and the reload starts a new run.
   */
  adopt?(settings: S, data: D): boolean;
  /**
   * A run reopened from the list or a file: the page takes `settings`, makes a new loop, calls `take` (which
   * puts the run into it), and starts its worker again.
   */
  restartWith(settings: S, take: () => void): Promise<void>;
}

export class TrainingRuns<L extends RunLoop, S extends { engine: string }, D> implements ReactiveController {
  readonly keeper: RunKeeper<SavedTraining<L, D>>;
  keepHidden = false;
  hiddenPaused = false;
  private stopWatching?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: TrainingRunsOptions<L, S, D>,
  ) {
    this.keeper = new RunKeeper<SavedTraining<L, D>>(host, { page: opts.page, payload: () => this.payload() });
    host.addController(this);
  }

  /** What to save now: undefined before the first step, or while the page's run is not to be saved. */
  private payload() {
    const loop = this.opts.loop();
    const snapshot = loop.snapshot as NonNullable<L['snapshot']> | undefined;
    if (!snapshot || snapshot.step === 0 || this.opts.savable?.() === false) return undefined;
    const { engine: _, ...settings } = this.opts.settings();
    const payload: SavedTraining<L, D> = { snapshot, scores: loop.scores, trainMs: loop.trainMs, data: this.opts.data() };
    return { step: snapshot.step, settings: JSON.stringify(settings), name: this.opts.name(), payload };
  }

  /** A saved run's settings (saved without the engine), with the engine the page runs on now. */
  private settingsOf(text: string): S {
    return { ...this.opts.defaults, ...(JSON.parse(text) as Partial<S>), engine: this.opts.settings().engine };
  }

  /** Puts a saved run into the page's loop now, for the next worker to start from. */
  private take(run: SavedTraining<L, D>): void {
    const loop = this.opts.loop();
    loop.snapshot = run.snapshot;
    loop.scores = run.scores ?? [];
    loop.trainMs = run.trainMs ?? 0;
    this.opts.takeData(run.data);
  }

  hostConnected(): void {
    this.stopWatching = pauseWhileHidden(
      () => this.opts.loop(),
      () => this.keepHidden,
      (hidden) => {
        this.hiddenPaused ||= hidden;
        this.host.requestUpdate();
      },
    );
  }

  hostDisconnected(): void {
    this.stopWatching?.();
  }

  /** The page's saved run from the last visit, taken when the link asks for the same training (the session's `prepare`). */
  async resumeSaved(): Promise<void> {
    const saved = await this.keeper.current();
    if (!saved) return;
    const settings = this.settingsOf(saved.meta.settings);
    const same = this.opts.savable?.() !== false && this.opts.same(settings, this.opts.settings());
    if (same || this.opts.adopt?.(settings, saved.payload.data)) this.take(saved.payload);
    else this.keeper.startNew();
  }

  /** The loop took a snapshot: save it. */
  saved(): void {
    void this.keeper.save();
  }

  /** The visitor pressed start: saving goes on (after "delete all"), the hidden-tab note goes. */
  started(): void {
    this.keeper.resume();
    this.hiddenPaused = false;
  }

  /** Other settings, other data: the next save is a new run. */
  startNew(): void {
    this.keeper.startNew();
  }

  /** Reset: the run so far is saved where it stood, then the page's `reset` starts a new one. */
  async reset(reset: () => Promise<void>): Promise<void> {
    await this.opts.loop().pause();
    await this.keeper.settled();
    this.keeper.startNew();
    await reset();
  }

  /** Reopens a saved run: the run on the page is paused and saved first, so nothing of either is lost. */
  private async reopen(id: string): Promise<void> {
    await this.opts.loop().pause();
    const run = await this.keeper.open(id);
    if (run) await this.restart(run);
  }

  private restart(run: SavedRun<SavedTraining<L, D>>): Promise<void> {
    return this.opts.restartWith(this.settingsOf(run.meta.settings), () => this.take(run.payload));
  }

  /** Opens a run file (from another browser) as a new saved run, then reopens it as above. */
  private async openFile(bytes: Uint8Array, name: string): Promise<void> {
    await this.opts.loop().pause();
    await this.keeper.settled();
    const run = await this.keeper.importFile(bytes, (why) => t(`runs.refused.${why}`, { file: name }));
    if (run) await this.restart(run);
  }

  render() {
    return html`<gmp-saved-runs .keeper=${this.keeper as RunKeeper<unknown>} .version=${this.keeper.version} ?keepHidden=${this.keepHidden}
      ?hiddenPaused=${this.hiddenPaused} .reopen=${(id: string) => void this.reopen(id)}
      .openFile=${(bytes: Uint8Array, name: string) => void this.openFile(bytes, name)}
      .changeKeepHidden=${(keep: boolean) => {
        this.keepHidden = keep;
        this.host.requestUpdate();
      }}></gmp-saved-runs>`;
  }
}
