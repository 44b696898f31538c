/**
 * Draws the demo's cover images (simple seascapes, one per og:image URL in the demo pages) as PNG files
 * under demo/archive/images/ and lists them in the manifest, so the offline demo shows pictures.
 * Deterministic: rerunning gives the same bytes. Run: node --import tsx scripts/demo-images.ts
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { fnv1a } from '../src/cluster/shingles.js';

const ARCHIVE = fileURLToPath(new URL('../demo/archive/', import.meta.url));
const OG_IMAGE = /property="og:image" content="([^"]+)"/g;
const WIDTH = 480;
const HEIGHT = 270;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function png(pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT);
  for (let y = 0; y < HEIGHT; y++) {
    raw[y * (WIDTH * 3 + 1)] = 0;
    for (let x = 0; x < WIDTH; x++) raw.set(pixel(x, y), y * (WIDTH * 3 + 1) + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** A seascape whose sky, sea, sun and cable line vary with the seed. */
function seascape(seed: number): Buffer {
  const hue = (seed % 360) / 360;
  const horizon = 140 + (seed % 50);
  const sunX = 60 + (seed % 360);
  const mix = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);
  const sky: [number, number, number] = [mix(120, 255, hue), mix(150, 190, 1 - hue), 210];
  return png((x, y) => {
    if (y < horizon) {
      const t = y / horizon;
      const d = Math.hypot(x - sunX, y - horizon * 0.45);
      if (d < 22) return [255, 236, 170];
      return [mix(sky[0], 250, t), mix(sky[1], 235, t), mix(sky[2], 225, t)];
    }
    const t = (y - horizon) / (HEIGHT - horizon);
    const wave = Math.sin(x / 9 + y * 0.8) > 0.7 ? 18 : 0;
    const cable = Math.abs(y - (horizon + 40 + x / 6)) < 1.5 ? 60 : 0;
    return [mix(30, 10, t) + wave + cable, mix(80, 40, t) + wave + cable, mix(120, 80, t) + wave];
  });
}

async function pages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

const manifestPath = join(ARCHIVE, 'manifest.json');
const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
const urls = new Set<string>();
for (const file of await pages(join(ARCHIVE, 'pages'))) {
  for (const m of (await readFile(file, 'latin1')).matchAll(OG_IMAGE)) urls.add(m[1] as string);
}
await mkdir(join(ARCHIVE, 'images'), { recursive: true });
const entries = manifest.entries.filter((e: { file?: string }) => !e.file?.startsWith('images/'));
for (const url of [...urls].sort()) {
  const seed = fnv1a(url);
  const file = `images/${seed.toString(16).padStart(8, '0')}.png`;
  await writeFile(join(ARCHIVE, file), seascape(seed));
  entries.push({ url, file, status: 200, headers: { 'content-type': 'image/png' } });
}
manifest.entries = entries;
await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`${urls.size} images written to ${join(ARCHIVE, 'images')}\n`);
