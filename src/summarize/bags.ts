/*
 * The term bags of a text's sentences with every term interned once: a term is a small integer id
 * (in order of first occurrence over the text) and a sentence's bag is a slice of two flat arrays,
 * its distinct ids in order of first occurrence and their counts. The boilerplate model's likeness
 * features and the ranker's TF-IDF vectors read these instead of one string-keyed map per sentence.
 */

/** Interned term bags of a text's sentences (see the file comment). */
export interface Bags {
  /** Term → id, ids numbered from 0 in order of first occurrence. */
  ids: ReadonlyMap<string, number>;
  /** Sentence `i`'s bag is `term[start[i]]…term[start[i + 1] - 1]` with counts `count[…]`. */
  start: Int32Array;
  term: Int32Array;
  count: Int32Array;
  /** Number of terms of each sentence, repeats included. */
  lengths: Int32Array;
}

/** The interned bags of sentences given their terms. */
export function bagsOf(docs: readonly (readonly string[])[]): Bags {
  let tokens = 0;
  for (const doc of docs) tokens += doc.length;
  const ids = new Map<string, number>();
  const start = new Int32Array(docs.length + 1);
  const term = new Int32Array(tokens);
  const count = new Int32Array(tokens);
  const lengths = new Int32Array(docs.length);
  // Where each id sits in the bag being filled, valid while `owner[id]` is that sentence.
  const slot = new Int32Array(tokens);
  const owner = new Int32Array(tokens).fill(-1);
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as readonly string[];
    start[i] = n;
    lengths[i] = doc.length;
    for (let j = 0; j < doc.length; j++) {
      const t = doc[j] as string;
      let id = ids.get(t);
      if (id === undefined) {
        id = ids.size;
        ids.set(t, id);
      }
      if (owner[id] === i) {
        const at = slot[id] as number;
        count[at] = (count[at] as number) + 1;
      } else {
        owner[id] = i;
        slot[id] = n;
        term[n] = id;
        count[n++] = 1;
      }
    }
  }
  start[docs.length] = n;
  return { ids, start, term, count, lengths };
}

/** Sentence `i`'s bag as term → count, in order of first occurrence (what a per-sentence map holds). */
export function bagAt(bags: Bags, i: number): Map<string, number> {
  const names = [...bags.ids.keys()];
  const out = new Map<string, number>();
  for (let e = bags.start[i] as number; e < (bags.start[i + 1] as number); e++)
    out.set(names[bags.term[e] as number] as string, bags.count[e] as number);
  return out;
}
