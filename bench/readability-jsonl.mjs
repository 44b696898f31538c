#!/usr/bin/env node
// Readability.js 0.6 on linkedom as a batch process, the peer of `daybrief extract --jsonl` in
// bench:extract's whole-process speed line: reads {"id","url","html"} lines on stdin and writes one
// {"id","title","byline","published","siteName","lang","text"} line per page on stdout. Plain
// JavaScript so that, like bin/daybrief.js (compiled), it starts without a TypeScript loader.
import { createInterface } from 'node:readline';
import { Readability } from '@mozilla/readability';
import { DOMParser } from 'linkedom';

for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  let out = { id: row.id, text: '' };
  try {
    const doc = new DOMParser().parseFromString(row.html, 'text/html');
    const a = new Readability(doc).parse();
    if (a) {
      out = {
        id: row.id,
        title: a.title,
        byline: a.byline,
        published: a.publishedTime,
        siteName: a.siteName,
        lang: a.lang,
        text: a.textContent ?? '',
      };
    }
  } catch {}
  if (!process.stdout.write(`${JSON.stringify(out)}\n`))
    await new Promise((ok) => process.stdout.once('drain', ok));
}
