import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { type GzipMember, gzipMembers, NotGzipMembers } from './gzip-members.js';
import { buildWarc, createReplayTransport, loadWarc } from './index.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-gzip-members-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function collect(path: string): Promise<GzipMember[]> {
  const out: GzipMember[] = [];
  for await (const m of gzipMembers(path)) out.push(m);
  return out;
}

/** A gzip member with a file name and a comment in its header (FNAME, FCOMMENT). */
function namedMember(plain: Buffer): Buffer {
  const raw = zlib.deflateRawSync(plain);
  const header = Buffer.from([0x1f, 0x8b, 8, 8 | 16, 0, 0, 0, 0, 0, 255]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(plain), 0);
  trailer.writeUInt32LE(plain.length, 4);
  return Buffer.concat([header, Buffer.from('name.txt\0a comment\0'), raw, trailer]);
}

test('members come back in order with their offsets, lengths and plain bytes, across read windows', async () => {
  await withDir(async (dir) => {
    // The middle member is larger than a read window (4 MB) and does not compress.
    const plains = [Buffer.from('first'), randomBytes(5 * 2 ** 20), Buffer.from('third '.repeat(1000))];
    const members = [
      zlib.gzipSync(plains[0] as Buffer),
      zlib.gzipSync(plains[1] as Buffer),
      namedMember(plains[2] as Buffer),
    ];
    const file = join(dir, 'a.gz');
    await writeFile(file, Buffer.concat(members));
    const got = await collect(file);
    assert.equal(got.length, 3);
    let offset = 0;
    got.forEach((m, i) => {
      assert.equal(m.offset, offset);
      assert.equal(m.length, members[i]?.length);
      assert.ok(m.plain.equals(plains[i] as Buffer), `member ${i} inflates to its bytes`);
      offset += m.length;
    });
    const bytes = await readFile(file);
    const last = got[2] as GzipMember;
    assert.ok(
      zlib.gunzipSync(bytes.subarray(last.offset, last.offset + last.length)).equals(plains[2] as Buffer),
    );
  });
});

test('trailing bytes, a cut-short member and a bad checksum are NotGzipMembers', async () => {
  await withDir(async (dir) => {
    const good = zlib.gzipSync(Buffer.from('hello '.repeat(100)));
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] ?? 0) ^ 0xff; // in the CRC
    const cases = {
      trailing: Buffer.concat([good, Buffer.from('junk after the member')]),
      cut: good.subarray(0, good.length - 3),
      crc: corrupt,
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = join(dir, `${name}.gz`);
      await writeFile(file, bytes);
      await assert.rejects(collect(file), NotGzipMembers, name);
    }
  });
});

test('a lazy load of a .warc.gz whose records share one member falls back to holding them in memory', async () => {
  await withDir(async (dir) => {
    const plainFile = join(dir, 'a.warc');
    await buildWarc(
      [
        { url: 'https://a.example/1', body: '<p>one</p>' },
        { url: 'https://a.example/2', body: '<p>two</p>' },
      ],
      plainFile,
    );
    const file = join(dir, 'one-member.warc.gz');
    await writeFile(file, zlib.gzipSync(await readFile(plainFile)));
    const index = await loadWarc(file, { lazy: true });
    assert.equal(index.lazy, false);
    assert.deepEqual(index.urls().sort(), ['https://a.example/1', 'https://a.example/2']);
    const replay = createReplayTransport(index);
    const res = await replay.request({ url: 'https://a.example/2', headers: {}, maxBytes: 2 ** 20 });
    assert.equal(Buffer.from(res.body).toString(), '<p>two</p>');
    await replay.close();
  });
});
