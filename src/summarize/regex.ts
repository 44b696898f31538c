/*
 * A long alternation of words (`regist|sign|subscri|…`) is tried alternative by alternative at every
 * position of the text. Written as a trie (`s(?:ign|ubscri|…)|r(?:egist|ead|…)`) the same language is
 * one character dispatch per position: whether it matches somewhere, and where, is unchanged.
 */

/** Characters that are not a literal on their own in a pattern. */
const META = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const QUANTIFIERS = new Set(['?', '*', '+', '{']);
/** `\` + one of these is a literal character (the escapes of punctuation). */
const ESCAPED_LITERAL = /^[\\/()[\]{}.*+?^$|-]$/;

/** The top-level alternatives of a pattern source (`a|(b|c)|d` → `a`, `(b|c)`, `d`). */
export function topAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

interface Node {
  next: Map<string, Node>;
  /** What follows this prefix in alternatives that end in something other than literals ('' = nothing). */
  tails: string[];
}

/** An alternative as its leading literal characters (in source form) and the rest. */
function literalsOf(alt: string): { atoms: string[]; rest: string } {
  const atoms: string[] = [];
  let i = 0;
  while (i < alt.length) {
    const c = alt[i] as string;
    let atom: string;
    if (c === '\\') {
      if (!ESCAPED_LITERAL.test(alt[i + 1] ?? '')) break;
      atom = alt.slice(i, i + 2);
    } else if (META.has(c)) break;
    else atom = c;
    // A quantified character is not a literal of the alternative.
    if (QUANTIFIERS.has(alt[i + atom.length] ?? '')) break;
    atoms.push(atom);
    i += atom.length;
  }
  return { atoms, rest: alt.slice(i) };
}

function emit(node: Node): string {
  const alts = [...node.tails, ...[...node.next].map(([atom, child]) => `${atom}${emit(child)}`)];
  return alts.length === 1 ? (alts[0] as string) : `(?:${alts.join('|')})`;
}

/**
 * `re` with its top-level alternatives merged into a trie on their leading literal characters: the
 * same language, so `test` and the match position are the same, in one dispatch per character.
 * Patterns with backreferences or capture groups are returned as they are (a merge would renumber them).
 */
export function factorAlternatives(re: RegExp): RegExp {
  if (/\\[1-9]|\\k<|\((?!\?)/.test(re.source.replace(/\\\\|\\\(|\[(?:\\.|[^\]])*\]/g, ''))) return re;
  const root: Node = { next: new Map(), tails: [] };
  for (const alt of topAlternatives(re.source)) {
    const { atoms, rest } = literalsOf(alt);
    let at = root;
    for (const atom of atoms) {
      let child = at.next.get(atom);
      if (!child) {
        child = { next: new Map(), tails: [] };
        at.next.set(atom, child);
      }
      at = child;
    }
    at.tails.push(rest);
  }
  return new RegExp(emit(root), re.flags);
}
