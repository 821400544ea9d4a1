// Shrinks WGSL source for the production build (vite.config.ts): comments go, indentation and runs of spaces
// become nothing or one space, spaces beside punctuation that cannot merge into a longer token go. Newlines stay, so a compiler message's line number still points at the line of
// the .wgsl file. WGSL has no string literals, so whitespace inside a token cannot occur.

/** The WGSL `src` without comments (`//` to the line end, `/* … *\/` nested) and without surplus whitespace. */
export function minifyWgsl(src: string): string {
  let out = '';
  let depth = 0; // nesting of block comments: WGSL allows /* /* */ */
  for (let i = 0; i < src.length; ) {
    if (depth === 0 && src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('/*', i)) {
      if (depth === 0) out += ' '; // a comment separates tokens, as a space does
      depth++;
      i += 2;
    } else if (depth > 0 && src.startsWith('*/', i)) {
      depth--;
      i += 2;
    } else {
      if (depth === 0 || src[i] === '\n') out += src[i];
      i++;
    }
  }
  return out
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/\s+/g, ' ')
        // none of , ; : ( ) [ ] { } forms a longer token with a neighbour, so spaces beside them can go
        // (not so around = < > - …: `vec2<f32> = v` must not become `>=`, `a - -b` not `--`)
        .replace(/ ?([,;:()[\]{}]) ?/g, '$1'),
    )
    .join('\n');
}
