// One link-state controller for every page (after TensorFlow Playground's state.ts and material-web's
// controllers): the page's settings are one typed parameter table (core/any-thread/url-state.ts); this reads them from the
// hash, repairs nonsense with a note for each repair, writes changes back at most every LINK_MS with
// `replaceState` (guarded: Safari allows 100 calls in 30 s), writes the repaired link back at load (canonical:
// defaults left out), and hands a new link (typed in, Back) to the page.
//
// This is the one module of the site that calls history.replaceState.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { t } from '../core/main-thread/i18n';
import './session.strings';
import {
  buildHash,
  parseHash,
  type ParamIssue,
  type ParamTable,
  readParams,
  type RepairTexts,
  whyText,
  writeParams,
} from '../core/any-thread/url-state';

/** The link is written at most this often while the state changes (a slider drag, a diffusion run). */
const LINK_MS = 200;
/** At most this many repaired link parameters are listed. */
export const LINK_NOTES = 8;

/** The site's words for the usual link repairs (url-state.ts knows no strings). */
export const REPAIR_TEXTS: RepairTexts = {
  numbers: (count, min, max) => () => t('demo.url.number', { count, min, max }),
  choice: (allowed) => () => t('demo.url.engine', { allowed: allowed.join(', ') }),
};

/** A repaired parameter as the visitor reads it, in the current language. */
export const issueText = (issue: ParamIssue): string =>
  t('demo.url.ignored', { name: issue.name, value: issue.value, why: whyText(issue.why) });

/**
 * Puts `hash` into the address bar without a history entry. False when the browser refused (Safari's limit
 * of 100 calls in 30 s): the caller's next change writes it.
 */
export function replaceLink(hash: string): boolean {
  if (hash === location.hash) return true;
  try {
    history.replaceState(null, '', hash);
    return true;
  } catch {
    return false;
  }
}

/** How a page's state goes into its link and back. */
export interface LinkCodec {
  /** Reads the link's parameters into the page's state; returns what had to be repaired. */
  read(params: URLSearchParams): ParamIssue[];
  /** The page's state as link parameters (undefined: left out). */
  write(): Record<string, string | undefined>;
}

/** A codec over parameter tables (in link order) that read and write the object `target()` returns. */
export function tableCodec<D>(target: () => D, tables: () => readonly ParamTable<D>[]): LinkCodec {
  return {
    read: (params) => tables().flatMap((table) => readParams(table, params, target(), REPAIR_TEXTS)),
    write: () => Object.assign({}, ...tables().map((table) => writeParams(table, target()))),
  };
}

export interface LinkOptions {
  /** The page's route, `/train` (a function where the page knows it only later): a link to another page is never read or written here. */
  path: string | (() => string);
  codec: LinkCodec;
  /** Repairs beyond the table's (an engine this browser cannot run): called after each read. */
  check?: () => ParamIssue[];
  /** A new link arrived after the first read (typed in, Back, a link on the page); the state holds it already. */
  onNewLink?: () => void;
}

export class LinkState implements ReactiveController {
  /** What the last read had to repair, for the page's notes. */
  issues: readonly ParamIssue[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  /** The link as this page last read or wrote it. */
  private seen?: string;
  private readonly onHash = () => {
    if (location.hash === this.seen || parseHash(location.hash).path !== this.path) return;
    this.read();
    this.opts.onNewLink?.();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: LinkOptions,
  ) {
    host.addController(this);
  }

  private get path(): string {
    return typeof this.opts.path === 'function' ? this.opts.path() : this.opts.path;
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.onHash);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHash);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads the link into the state (repairing it); the canonical form goes back into the address bar within LINK_MS. */
  read(): void {
    this.seen = location.hash;
    const issues = this.opts.codec.read(parseHash(location.hash).params);
    this.issues = [...issues, ...(this.opts.check?.() ?? [])];
    this.host.requestUpdate();
    this.write();
  }

  /**
   * Writes the state into the link at most LINK_MS after a change. The timer is not pushed back by later
   * changes, since it reads the state when it fires: a stream of changes still reaches the link. A page whose
   * changes come one click at a time (the chooser, the training settings) writes at once (`now`).
   */
  write(now = false): void {
    if (now) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writeNow();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeNow();
    }, LINK_MS);
  }

  private writeNow(): void {
    // the visitor left for another page, or a new link came (its hashchange brings it here): not ours to write
    if (parseHash(location.hash).path !== this.path) return;
    // not read yet (a page that reads only once its files are in, slow on a busy device): writing its state now
    // would put defaults over the visitor's link before it was read, and its repairs would never be said
    if (this.seen === undefined || location.hash !== this.seen) return;
    const hash = buildHash(this.path, this.opts.codec.write());
    if (replaceLink(hash)) this.seen = hash;
  }
}
