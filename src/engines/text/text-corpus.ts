// Text ↔ ids for the character models trained in the page: a vocabulary of at most 256 characters, so a text
// fits a Uint8Array. Characters are whole code points (for..of), never UTF-16 halves.

/** The distinct characters of `text`, sorted by code point. */
export function vocabularyOf(text: string): string[] {
  return [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/**
 * The ids of the characters of `text` found in `vocab`; the others are left out and listed once each in
 * `outside`, in order of first appearance, so the caller can tell the user.
 */
export function encodeText(text: string, vocab: readonly string[]): { ids: Uint8Array; outside: string[] } {
  if (vocab.length > 256) throw new RangeError(`a vocabulary of ${vocab.length} characters does not fit byte ids: use at most 256`);
  const index = new Map<string, number>();
  for (const [i, ch] of vocab.entries()) index.set(ch, i);
  const ids = new Uint8Array(text.length); // UTF-16 length ≥ code points
  const outside: string[] = [];
  const seenOutside = new Set<string>();
  let n = 0;
  for (const ch of text) {
    const id = index.get(ch);
    if (id !== undefined) ids[n++] = id;
    else if (!seenOutside.has(ch)) {
      seenOutside.add(ch);
      outside.push(ch);
    }
  }
  return { ids: ids.slice(0, n), outside };
}

/** The text that `ids` spell in `vocab`. */
export function decodeIds(ids: ArrayLike<number>, vocab: readonly string[]): string {
  const parts: string[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const ch = vocab[ids[i]!];
    if (ch === undefined) throw new RangeError(`id ${ids[i]} at ${i} is outside the vocabulary of ${vocab.length} characters`);
    parts[i] = ch;
  }
  return parts.join('');
}
