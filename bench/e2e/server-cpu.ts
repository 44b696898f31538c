/**
 * The Postgres server's own CPU time, when it runs on this machine: the postmaster's, its live
 * children's (backends, walwriter, checkpointer…) and, through the postmaster's reaped-children
 * counters, that of the backends that have exited since. Read from /proc; undefined elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The fields after `(comm)` of /proc/<pid>/stat: [state, ppid, …]. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** The postmaster of the backend `backendPid` (from `SELECT pg_backend_pid()`), if it is local. */
export function postmasterOf(backendPid: number): number | undefined {
  const f = statFields(backendPid);
  return f ? Number(f[1]) : undefined;
}

/** CPU ms the server has used so far: the postmaster, its reaped children and its live ones. */
export function serverCpuMs(postmaster: number): number | undefined {
  const own = statFields(postmaster);
  if (!own) return undefined;
  // utime, stime, cutime, cstime are fields 14–17 of the stat line: 11–14 after the comm.
  const sum = (f: string[], from: number, to: number) =>
    f.slice(from, to + 1).reduce((a, b) => a + Number(b), 0);
  let t = sum(own, 11, 14);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && Number(f[1]) === postmaster) t += sum(f, 11, 14);
  }
  return (t * 1000) / clockTicks();
}
