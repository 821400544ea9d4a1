// What both training pages (#/train, #/train-text) say while their model session goes through its states: the
// same words for measuring, auto's decision, a lost device or a crashed worker, and errors; each page names
// its own start and ready lines.
import { fmt, fmtInt, t, type MessageKey } from '../core/main-thread/i18n';
import { messageOf, ModelLoadError } from '../core/any-thread/errors';
import type { Engine } from '../core/any-thread/engine-choice';
import { describeMedians } from '../core/main-thread/auto-memory';
import type { Message, SessionVoice } from '../ui/model-session';
import './train.strings';

export const engineName = (e: Engine) => t(e === 'wgsl' ? 'train.engine.wgsl' : 'train.engine.cpu');
export const msg = (key: MessageKey, params?: Record<string, string | number>): Message => ({ key, params });

export interface TrainingVoiceHost {
  /** the training loop now (the page makes a new one when its settings change) */
  training(): { step: number; lost(): { kept: number; dropped: number } };
  /** the engine of the worker that last said ready */
  engine(): Engine | undefined;
  /** "setting up … on {engine}" */
  starting: MessageKey;
  ready(engine: Engine): Message;
}

export function trainingVoice(h: TrainingVoiceHost): Partial<SessionVoice> {
  return {
    starting: (engine) => msg(h.starting, { engine: engine === 'auto' ? engineName('wasm') : engineName(engine) }),
    measuring: () => msg('train.measuring'),
    ready: (engine) => h.ready(engine),
    decided: (e) => {
      const medians = describeMedians(e.medians, (ms) => fmt(ms, ms < 10 ? 1 : 0)).replace('wasm', 'CPU');
      return msg('train.auto-decided', { medians, engine: engineName(e.engine) });
    },
    recovering: (e) => {
      const training = h.training();
      const { kept, dropped } = training.lost();
      const droppedText = dropped > 0 ? t('train.lost.dropped', { count: fmtInt(dropped) }) : '';
      return e.type === 'device-lost'
        ? msg('train.lost', { lost: training.step, kept, dropped: droppedText })
        : msg('train.crashed', { message: e.message, kept });
    },
    restarting: () => msg(h.starting, { engine: engineName(h.engine() ?? 'wgsl') }),
    failed: (message) => msg('train.failed', { message }),
    error: (e) => (e instanceof ModelLoadError ? msg(e.key, e.params) : msg('train.error', { message: messageOf(e) })),
  };
}

/** What a training page's model session and loop hold, as far as its status line needs them. */
export interface TrainingState {
  session: { state: string; files?: unknown; statusText(): string };
  training: { phase: string; step: number };
  engine: Engine | undefined;
}

/** What data-phase says: loading, starting, ready, running, paused or error. */
export function trainingPhase({ session, training }: TrainingState): string {
  if (session.state === 'error') return 'error';
  if (session.state === 'loading') return session.files ? 'starting' : 'loading';
  return training.phase === 'pausing' ? 'running' : training.phase;
}

/** The status line: the session's while it loads, then running, paused, or the page's own ready line. */
export function trainingStatus(s: TrainingState, ready: (engine: Engine) => string): string {
  const { training: tr, engine } = s;
  if (s.session.state !== 'ready' || !engine) return s.session.statusText();
  if (tr.phase === 'running' || tr.phase === 'pausing') return t('train.running', { engine: engineName(engine) });
  if (tr.phase === 'paused') return t('train.paused', { step: fmtInt(tr.step) });
  return ready(engine);
}
