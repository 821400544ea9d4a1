// Waiting that a cancellation cuts short: the timer is cleared at once, so nothing waits on (or keeps alive)
// what was cancelled. No DOM.
import { AbortError, throwIfAborted } from './errors';

/** Waits `ms`; rejects with AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    throwIfAborted(signal);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
