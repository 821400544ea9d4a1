// What every training page does with saved runs, in one controller: the RunKeeper (run-keeper.ts) fed by the
// training loop's snapshots, the saved run a reload resumes (when the link asks for the same training), a run
// reopened from the list or a file, training paused while the tab is hidden, and the saved-runs panel. The
// page says how its run is packed, compared and put back.
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { t } from '../core/main-thread/i18n';
import './saved-runs';
import { pauseWhileHidden, RunKeeper, type SavedRun } from './run-keeper';

export interface TrainingRunsOptions<P> {
  /** the page's id in the store */
  page: string;
  /** the training loop now (pages replace it when their settings change) */
  loop(): { wanted: boolean; play(): void; pause(): Promise<void> };
  /** what to save now; undefined before the first save-worthy step */
  payload(): { step: number; settings: string; name: string; payload: P } | undefined;
  /** whether a saved run's settings (as `payload` wrote them) are the training the page's link asks for */
  sameTraining(settings: string): boolean;
  /** puts a saved run's state into the page, for the next worker to start from */
  take(run: P): void;
  /** a run reopened from the list or a file: its settings onto the page, then training starts again from it */
  reopen(run: SavedRun<P>): Promise<void>;
}

export class TrainingRuns<P> implements ReactiveController {
  readonly keeper: RunKeeper<P>;
  keepHidden = false;
  hiddenPaused = false;
  private stopWatching?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: TrainingRunsOptions<P>,
  ) {
    this.keeper = new RunKeeper<P>(host, { page: opts.page, payload: () => opts.payload() });
    host.addController(this);
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
    if (this.opts.sameTraining(saved.meta.settings)) this.opts.take(saved.payload);
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
    if (run) await this.opts.reopen(run);
  }

  /** Opens a run file (from another browser) as a new saved run, then reopens it as above. */
  private async openFile(bytes: Uint8Array, name: string): Promise<void> {
    await this.opts.loop().pause();
    await this.keeper.settled();
    const run = await this.keeper.importFile(bytes, (why) => t(`runs.refused.${why}`, { file: name }));
    if (run) await this.opts.reopen(run);
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
