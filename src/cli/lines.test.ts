import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { byteLines } from './lines.js';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** `bytes` as a stream of chunks cut at the given offsets (inside UTF-8 sequences and CRLFs too). */
const chunked = (bytes: Buffer, cuts: number[]) =>
  Readable.from(
    [0, ...cuts, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i ? ends[i - 1] : 0, end)),
    { objectMode: true },
  );

const readline = (bytes: Buffer, cuts: number[]) =>
  collect(createInterface({ input: chunked(bytes, cuts), crlfDelay: Number.POSITIVE_INFINITY }));

test('lines split as readline splits them: LF, CRLF, lone CR, a last line without an end', async () => {
  const text = 'one\ntwo\r\nthree\rfour\n\nfive';
  assert.deepEqual(await collect(byteLines(chunked(Buffer.from(text), []))), [
    'one',
    'two',
    'three',
    'four',
    '',
    'five',
  ]);
});

test('lines agree with readline on random text cut into random chunks', async () => {
  const alphabet = ['a', 'b', ' ', 'é', '€', '𝄞', '\n', '\r', '\r\n', '{"x":1}'];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    const text = Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join('');
    const bytes = Buffer.from(text);
    const cuts = [...new Set(Array.from({ length: rand(6) }, () => rand(bytes.length + 1)))].sort(
      (x, y) => x - y,
    );
    assert.deepEqual(
      await collect(byteLines(chunked(bytes, cuts))),
      await readline(bytes, cuts),
      JSON.stringify({ text, cuts }),
    );
  }
});
