/**
 * Average-linkage agglomerative clustering of a small group (quadratic memory, cubic time at worst):
 * used only inside one coarse cluster, where it splits look-alike events apart.
 */

/**
 * Merges the two closest clusters while their average pairwise similarity is at least `threshold`.
 * `sim(i, j)` is called once per pair. Returns a cluster number per item (0-based, dense).
 */
export function averageLinkage(
  n: number,
  sim: (i: number, j: number) => number,
  threshold: number,
): number[] {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = sim(i, j);
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  const size = new Array<number>(n).fill(1);
  const alive = new Array<boolean>(n).fill(true);
  const owner = Array.from({ length: n }, (_, i) => i);
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && (s[i * n + j] as number) > best) {
          best = s[i * n + j] as number;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < threshold) break;
    const si = size[bi] as number;
    const sj = size[bj] as number;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const v = ((s[bi * n + k] as number) * si + (s[bj * n + k] as number) * sj) / (si + sj);
      s[bi * n + k] = v;
      s[k * n + bi] = v;
    }
    size[bi] = si + sj;
    alive[bj] = false;
    for (let k = 0; k < n; k++) if (owner[k] === bj) owner[k] = bi;
  }
  const dense = new Map<number, number>();
  return owner.map((o) => {
    let d = dense.get(o);
    if (d === undefined) {
      d = dense.size;
      dense.set(o, d);
    }
    return d;
  });
}
