// Reactive state written once per field: `reactive(host, { step: 0, phase: 'loading' })` returns an object whose
// every property, when set to a new value, re-renders the host (the field's declaration is its initial value,
// and its type is inferred from it). Lit's own reactive properties need a declaration, a `declare` and a
// constructor line per field without decorators; this keeps one. A change is reported under the field's name,
// so `changed.has('step')` works in updated() as for Lit's own properties.

/** What `reactive` needs of its host: Lit's requestUpdate, which takes the changed field's name, old value and options. */
interface Host {
  requestUpdate(name?: PropertyKey, oldValue?: unknown, options?: { hasChanged?: (value: unknown, old: unknown) => boolean }): void;
}

/**
 * The change was decided here (Object.is). Lit would otherwise compare the host's own property of that name,
 * which a reactive field does not have (undefined), with the old value: a field going from undefined to a
 * value would then not re-render the host.
 */
const CHANGED = { hasChanged: () => true };

export function reactive<S extends object>(host: Host, initial: S): S {
  const values = { ...initial };
  const state = {} as S;
  for (const key of Object.keys(values) as (keyof S)[]) {
    Object.defineProperty(state, key, {
      enumerable: true,
      get: () => values[key],
      set: (v: S[keyof S]) => {
        const old = values[key];
        if (Object.is(old, v)) return;
        values[key] = v;
        host.requestUpdate(key as PropertyKey, old, CHANGED); // named, so updated()/shouldUpdate() see which field changed
      },
    });
  }
  return Object.seal(state);
}
