/**
 * Readers for the deployment files of docs/deploy: systemd units (INI), the small YAML subset that
 * compose.yaml is written in, and the `daybrief …` command lines in both, checked against the CLI's
 * commander definition.
 */
import type { Command, Option } from 'commander';

/** A unit file: section → key → values (a key may repeat, as ExecStart= does in a oneshot). */
export type Unit = Map<string, Map<string, string[]>>;

export function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([A-Za-z]+)\]$/.exec(line);
    if (head) {
      section = new Map();
      unit.set(head[1] as string, section);
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`line ${n + 1}: not "Key=value" inside a [Section]: ${raw}`);
    const list = section.get(kv[1] as string) ?? [];
    list.push(kv[2] as string);
    section.set(kv[1] as string, list);
  }
  return unit;
}

interface Line {
  n: number;
  indent: number;
  text: string;
}

/**
 * YAML, the subset compose.yaml uses: block mappings, block sequences of scalars, plain and
 * double-quoted scalars, flow sequences and `{}` written as JSON, anchors (`&a`) on block values and
 * aliases (`*a`). Anything else throws, so a richer file fails the test instead of being misread.
 */
export function parseYaml(text: string): unknown {
  const lines: Line[] = text
    .split('\n')
    .map((raw, n) => ({ n: n + 1, indent: raw.length - raw.trimStart().length, text: raw.trim() }))
    .filter((l) => l.text && !l.text.startsWith('#'));
  const anchors = new Map<string, unknown>();
  let i = 0;
  const fail = (l: Line | undefined, why: string): never => {
    throw new Error(`compose line ${l?.n ?? 'end'}: ${why}: ${l?.text ?? ''}`);
  };
  const scalar = (s: string, l: Line): unknown => {
    if (s.startsWith('*')) {
      if (!anchors.has(s.slice(1))) fail(l, `unknown alias ${s}`);
      return anchors.get(s.slice(1));
    }
    if (s.startsWith('"') || s.startsWith('[') || s.startsWith('{')) {
      try {
        return JSON.parse(s);
      } catch {
        return fail(l, 'not a JSON-style quoted string or flow collection');
      }
    }
    if (/^-?\d+$/.test(s)) return Number(s);
    if (s === 'true' || s === 'false') return s === 'true';
    if (/[:#&*!|>'%@`]/.test(s)) fail(l, 'plain scalar with YAML syntax in it: quote it');
    return s;
  };
  const block = (indent: number): unknown => {
    const first = lines[i] as Line;
    if (first.text.startsWith('- ')) {
      const seq: unknown[] = [];
      while (lines[i]?.indent === indent && lines[i]?.text.startsWith('- ')) {
        const l = lines[i] as Line;
        seq.push(scalar(l.text.slice(2).trim(), l));
        i++;
      }
      return seq;
    }
    const map: Record<string, unknown> = {};
    while (i < lines.length && (lines[i] as Line).indent === indent) {
      const l = lines[i] as Line;
      const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(l.text);
      if (!m) fail(l, 'expected "key: value"');
      const key = m?.[1] as string;
      const rest = m?.[2]?.trim();
      i++;
      if (rest === undefined || rest.startsWith('&')) {
        const next = lines[i];
        const value = next && next.indent > indent ? block(next.indent) : null;
        if (rest) anchors.set(rest.slice(1), value);
        map[key] = value;
      } else map[key] = scalar(rest, l);
    }
    if (i < lines.length && (lines[i] as Line).indent > indent) fail(lines[i], 'unexpected indentation');
    return map;
  };
  const doc = lines.length ? block(lines[0]?.indent ?? 0) : null;
  if (i < lines.length) fail(lines[i], 'unexpected line');
  return doc;
}

/** Shell-ish words: double or single quotes group; `&&`, `||`, `;` and `|` are words of their own. */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(&&|\|\||;|\|)|([^\s;|&"']+)/g))
    out.push(m[1] ?? m[2] ?? m[3] ?? (m[4] as string));
  return out;
}

const CALLS_DAYBRIEF = /(^|\/)daybrief(\.js)?$/;

/** The argument lists of each `daybrief` call in a command line (split at `&&`, `||`, `;`, `|`). */
export function daybriefCalls(tokens: string[]): string[][] {
  const calls: string[][] = [];
  let segment: string[] = [];
  const flush = () => {
    const at = segment.findIndex((t) => CALLS_DAYBRIEF.test(t));
    if (at >= 0) calls.push(segment.slice(at + 1));
    segment = [];
  };
  for (const t of tokens) {
    if (['&&', '||', ';', '|'].includes(t)) flush();
    else segment.push(t);
  }
  flush();
  return calls;
}

function findOption(command: Command, flag: string): Option | undefined {
  return command.options.find((o) => o.long === flag || o.short === flag);
}

/**
 * What is wrong with `daybrief <args>` for this program (unknown command, unknown flag, a flag
 * without its value, too many arguments), or undefined when commander would accept it.
 */
export function checkCall(cli: Command, args: string[]): string | undefined {
  const [name, ...rest] = args;
  const command = cli.commands.find((c) => c.name() === name);
  if (!command) return `no command "${name ?? ''}"`;
  let positional = 0;
  for (let k = 0; k < rest.length; k++) {
    const token = rest[k] as string;
    if (!token.startsWith('-')) {
      positional++;
      continue;
    }
    const [flag, inline] = token.split('=', 2) as [string, string | undefined];
    if (flag === '--help' || flag === '-h') continue;
    const option = findOption(command, flag);
    if (!option) return `${name}: no option ${flag}`;
    if (inline !== undefined) continue;
    const next = rest[k + 1];
    if (option.required) {
      if (next === undefined || next.startsWith('-')) return `${name}: ${flag} needs a value`;
      k++;
    } else if (option.optional && next !== undefined && !next.startsWith('-')) k++;
  }
  const allowed = command.registeredArguments.some((a) => a.variadic)
    ? Number.POSITIVE_INFINITY
    : command.registeredArguments.length;
  if (positional > allowed) return `${name}: takes ${allowed} argument(s), got ${positional}`;
  return undefined;
}
