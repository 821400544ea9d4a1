// Characters ↔ token ids for the character-level GPT, with the vocabulary shipped beside the model
// (transformer/vocab.json). Text goes through the same normalisation the training text went through
// (Unicode NFC, then the alias table: « » „ “ → ", – → -, tab → space, …); characters still outside the
// vocabulary are left out, and the caller learns which, to tell the user.

export interface VocabFile {
  chars: string[];
  aliases: Record<string, string>;
  separator: string;
}

export interface Encoded {
  ids: number[];
  /** Distinct characters that are not in the vocabulary (left out), in order of appearance. */
  unknown: string[];
  /** How many characters the alias table replaced. */
  mapped: number;
}

export class VocabError extends Error {
  override name = 'VocabError';
}

export class Tokenizer {
  private readonly index = new Map<string, number>();

  constructor(readonly vocab: VocabFile) {
    if (!Array.isArray(vocab?.chars) || vocab.chars.length < 2) throw new VocabError('vocab.json has no character list');
    vocab.chars.forEach((ch, i) => {
      if (typeof ch !== 'string' || [...ch].length !== 1) throw new VocabError(`vocab.json: entry ${i} is not one character`);
      if (this.index.has(ch)) throw new VocabError(`vocab.json: "${ch}" appears twice`);
      this.index.set(ch, i);
    });
  }

  get size(): number {
    return this.vocab.chars.length;
  }

  has(ch: string): boolean {
    return this.index.has(ch);
  }

  encode(text: string): Encoded {
    const ids: number[] = [];
    const unknown: string[] = [];
    let mapped = 0;
    for (const raw of text.normalize('NFC')) {
      const alias = this.vocab.aliases[raw];
      if (alias !== undefined) mapped++;
      for (const ch of alias ?? raw) {
        const id = this.index.get(ch);
        if (id !== undefined) ids.push(id);
        else if (!unknown.includes(ch)) unknown.push(ch);
      }
    }
    return { ids, unknown, mapped };
  }

  decode(ids: readonly number[]): string {
    return ids.map((i) => this.vocab.chars[i] ?? '').join('');
  }
}
