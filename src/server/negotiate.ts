/**
 * What a request asks of a representation: which content coding it takes (Accept-Encoding with
 * q-values, RFC 9110 §12.5.3) and whether the copy it already holds is current (If-None-Match,
 * If-Modified-Since, §13.1).
 */

/** The content codings the server can send, in its order of preference. */
export type Coding = 'br' | 'gzip';
const CODINGS: readonly Coding[] = ['br', 'gzip'];
const Q_RE = /^q=([01](?:\.\d{0,3})?)$/i;
/** An HTTP-date: IMF-fixdate, the obsolete RFC 850 form, or asctime (RFC 9110 §5.6.7). */
const HTTP_DATE_RE =
  /^(?:[A-Za-z]{3,9}, \d{2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** The q-value of each coding an Accept-Encoding header names (`x-gzip` is gzip); bad q counts as 0. */
function acceptedCodings(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      if (!/^q=/i.test(param)) continue;
      const m = Q_RE.exec(param);
      q = m ? Math.min(1, Number(m[1])) : 0;
    }
    const coding = name.toLowerCase() === 'x-gzip' ? 'gzip' : name.toLowerCase();
    weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  return weights;
}

/**
 * The coding to send given the request's Accept-Encoding, or undefined for none (identity). Without
 * the header, or with an empty one, the body goes as it is. A coding with q=0 is never chosen, `*`
 * stands for every coding not named, and identity wins only over a coding it outweighs by name
 * (`identity;q=0.9, gzip;q=0.3`); on a tie the server's order (br, then gzip) decides.
 */
export function chooseCoding(
  header: string | undefined,
  offered: readonly Coding[] = CODINGS,
): Coding | undefined {
  if (header === undefined) return undefined;
  if (offered !== CODINGS) return negotiate(header, offered);
  // Clients send a handful of distinct headers: each is parsed once.
  const known = chosen.get(header);
  if (known !== undefined || chosen.has(header)) return known;
  const coding = negotiate(header, offered);
  if (chosen.size >= CHOSEN_MAX) chosen.clear();
  chosen.set(header, coding);
  return coding;
}

/** The codings chosen for the Accept-Encoding headers seen lately. */
const chosen = new Map<string, Coding | undefined>();
const CHOSEN_MAX = 256;

function negotiate(header: string, offered: readonly Coding[]): Coding | undefined {
  if (header.trim() === '') return undefined;
  const weights = acceptedCodings(header);
  const star = weights.get('*');
  const weight = (c: string) => weights.get(c) ?? star ?? 0;
  // Identity is always acceptable; it outweighs a coding only when named with a higher q.
  const identity = weights.get('identity') ?? 0;
  let best: Coding | undefined;
  let bestQ = 0;
  for (const coding of CODINGS) {
    if (!offered.includes(coding)) continue;
    const q = weight(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  if (best === undefined || identity > bestQ) return undefined;
  return best;
}

/** The opaque parts of the entity tags of an If-None-Match header, or `*`. */
function entityTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  const tags: string[] = [];
  for (const m of header.matchAll(/(?:W\/)?"([^"]*)"/g)) tags.push(m[1] ?? '');
  return tags;
}

/** The request headers that make a GET or HEAD conditional. */
export interface Validators {
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

/**
 * True when a GET or HEAD may be answered 304 Not Modified: If-None-Match lists the representation's
 * `etag` (weak comparison: `W/` ignored on either side) or is `*`; only without If-None-Match,
 * If-Modified-Since is a valid date no earlier than `lastModifiedMs` (to the second).
 */
export function isNotModified(req: Validators, etag: string, lastModifiedMs?: number): boolean {
  if (req.ifNoneMatch !== undefined) {
    const tags = entityTags(req.ifNoneMatch);
    if (tags === '*') return true;
    const mine = etag.replace(/^W\//, '').slice(1, -1);
    return tags.includes(mine);
  }
  if (req.ifModifiedSince === undefined || lastModifiedMs === undefined) return false;
  const value = req.ifModifiedSince.trim();
  const since = HTTP_DATE_RE.test(value)
    ? Date.parse(value.endsWith('GMT') ? value : `${value} GMT`)
    : Number.NaN;
  if (Number.isNaN(since)) return false;
  return Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}
