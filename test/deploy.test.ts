import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { program } from '../src/cli/main.js';
import { resolveSettings, SETTINGS } from '../src/config/resolve.js';
import { checkCall, daybriefCalls, parseUnit, parseYaml, words } from './deploy-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEPLOY = join(ROOT, 'docs', 'deploy');
const SYSTEMD = join(DEPLOY, 'systemd');
const EXEC_KEYS = ['ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecStop', 'ExecReload'];
const DAYBRIEF_VAR = /\bDAYBRIEF_[A-Z_]+\b/g;

/** Each environment variable the resolver reads, with the setting it decides. */
const RESOLVED = new Map(
  SETTINGS.filter((s) => s.env).map((s) => [(s.env as string).split(' ')[0] as string, s.key]),
);

type Compose = {
  services: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

async function units(): Promise<Array<{ file: string; text: string }>> {
  const files = (await readdir(SYSTEMD)).filter((f) => /\.(service|timer)$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(join(SYSTEMD, file), 'utf8') })),
  );
}

async function compose(): Promise<Compose> {
  return parseYaml(await readFile(join(DEPLOY, 'compose.yaml'), 'utf8')) as Compose;
}

/** `daybrief …` lines of the shell blocks in docs/deploy.md. */
async function docCalls(): Promise<string[][]> {
  const md = await readFile(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const blocks = [...md.matchAll(/```(?:sh|bash|console)\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks.flatMap((b) =>
    b
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => /^(npx\s+)?daybrief\s/.test(l))
      .flatMap((l) => daybriefCalls(words(l))),
  );
}

/** The `daybrief` argument lists a compose service runs (the image's entrypoint is daybrief). */
function serviceCalls(service: Record<string, unknown>): string[][] {
  const entrypoint = service.entrypoint as string[] | undefined;
  const command = (service.command as string[] | undefined) ?? [];
  if (!entrypoint) return service.image === 'daybrief:local' ? [command] : [];
  const shell = entrypoint[0] === 'sh' && entrypoint[1] === '-c' ? words(entrypoint[2] ?? '') : entrypoint;
  return daybriefCalls([...shell, ...command]);
}

test('the checker itself: unknown commands, flags and missing values are caught', async () => {
  const cli = await program();
  assert.equal(checkCall(cli, ['worker', '--concurrency', '2', '--until-empty']), undefined);
  assert.equal(checkCall(cli, ['serve', '--schedule', '--port', '8080']), undefined);
  assert.equal(checkCall(cli, ['run', '--no-news-search', '--date=2026-01-02']), undefined);
  assert.match(checkCall(cli, ['worker', '--bogus']) ?? '', /no option --bogus/);
  assert.match(checkCall(cli, ['worker', '--concurrency']) ?? '', /needs a value/);
  assert.match(checkCall(cli, ['launch']) ?? '', /no command "launch"/);
  assert.match(checkCall(cli, ['publish', 'extra']) ?? '', /takes 0 argument/);
  assert.deepEqual(daybriefCalls(words('sh -c "x" && /usr/bin/daybrief run --enqueue; daybrief publish')), [
    ['run', '--enqueue'],
    ['publish'],
  ]);
  assert.throws(() => parseYaml('a:\n  - b: c\n'), /plain scalar with YAML syntax/);
});

test('systemd units: a worker template, serve, a daily timer; every daybrief call is a real command line', async () => {
  const cli = await program();
  const all = await units();
  const names = all.map((u) => u.file);
  for (const want of [
    'daybrief-worker@.service',
    'daybrief-serve.service',
    'daybrief-daily.service',
    'daybrief-daily.timer',
  ])
    assert.ok(names.includes(want), `docs/deploy/systemd/${want}`);
  let calls = 0;
  for (const { file, text } of all) {
    const unit = parseUnit(text);
    assert.ok(unit.has('Unit'), `${file}: [Unit]`);
    if (file.endsWith('.timer')) {
      const service = file.replace(/\.timer$/, '.service');
      assert.ok(names.includes(service), `${file} starts ${service}`);
      assert.ok(unit.get('Timer')?.get('OnCalendar')?.length, `${file}: OnCalendar=`);
      continue;
    }
    const svc = unit.get('Service');
    assert.ok(svc, `${file}: [Service]`);
    assert.deepEqual(
      svc.get('EnvironmentFile'),
      ['/etc/daybrief/daybrief.env'],
      `${file}: settings from the env file`,
    );
    for (const key of EXEC_KEYS) {
      for (const line of svc.get(key) ?? []) {
        const found = daybriefCalls(words(line.replace(/^[-@+!:]+/, '')));
        assert.ok(found.length > 0, `${file}: ${key}= calls daybrief`);
        for (const args of found) {
          calls++;
          assert.equal(checkCall(cli, args), undefined, `${file}: ${key}=${line}`);
        }
      }
    }
  }
  const worker = parseUnit(all.find((u) => u.file === 'daybrief-worker@.service')?.text ?? '');
  assert.match(worker.get('Service')?.get('ExecStart')?.[0] ?? '', /daybrief worker\b/);
  assert.equal(worker.get('Service')?.get('Restart')?.[0], 'always');
  assert.ok(calls >= 6);
});

test('compose: Postgres, N workers by replicas, serve; every daybrief call is a real command line', async () => {
  const cli = await program();
  const c = await compose();
  assert.ok(c.services.postgres, 'a postgres service');
  const worker = c.services.worker as Record<string, unknown>;
  assert.deepEqual((worker.command as string[]).slice(0, 1), ['worker']);
  const replicas = (worker.deploy as { replicas?: unknown } | undefined)?.replicas;
  assert.ok(typeof replicas === 'number' && replicas >= 1, 'worker.deploy.replicas');
  assert.equal((c.services.serve?.command as string[] | undefined)?.[0], 'serve');
  let calls = 0;
  for (const [name, service] of Object.entries(c.services)) {
    for (const args of serviceCalls(service)) {
      calls++;
      assert.equal(checkCall(cli, args), undefined, `compose service ${name}: daybrief ${args.join(' ')}`);
    }
    const env = service.environment as Record<string, string> | undefined;
    if (service.image === 'daybrief:local')
      assert.match(
        env?.DAYBRIEF_DB ?? '',
        /^postgres:\/\/.*@postgres:5432\//,
        `${name}: DAYBRIEF_DB is the postgres service`,
      );
  }
  assert.ok(calls >= 6);
});

test('docs/deploy.md: its daybrief command lines are real ones', async () => {
  const cli = await program();
  const calls = await docCalls();
  assert.ok(calls.length >= 5);
  for (const args of calls)
    assert.equal(checkCall(cli, args), undefined, `docs/deploy.md: daybrief ${args.join(' ')}`);
});

test('every DAYBRIEF_* variable the deployment files use is one the resolver reads, and their values resolve', async () => {
  const files = [
    ...(await units()).map((u) => u.text),
    await readFile(join(SYSTEMD, 'daybrief.env'), 'utf8'),
    await readFile(join(DEPLOY, 'compose.yaml'), 'utf8'),
    await readFile(join(ROOT, 'docs', 'deploy.md'), 'utf8'),
  ];
  const used = new Set(files.flatMap((t) => t.match(DAYBRIEF_VAR) ?? []));
  assert.ok(used.size >= 4);
  for (const name of used) assert.ok(RESOLVED.has(name), `${name} is not read by src/config/resolve.ts`);

  // The values given, one at a time, are taken from the environment (and are valid there).
  const envFile = (await readFile(join(SYSTEMD, 'daybrief.env'), 'utf8'))
    .split('\n')
    .map((l) => /^#?(DAYBRIEF_[A-Z_]+)=(.*)$/.exec(l.trim()))
    .flatMap((m) => (m ? [[m[1] as string, m[2] as string] as const] : []));
  const composeEnv = Object.values((await compose()).services).flatMap((s) =>
    Object.entries((s.environment as Record<string, string> | undefined) ?? {}).filter(([k]) =>
      k.startsWith('DAYBRIEF_'),
    ),
  );
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-deploy-'));
  try {
    const config = join(dir, 'daybrief.config.json');
    await writeFile(config, JSON.stringify({ topics: [{ name: 'NATO', query: 'NATO' }] }));
    for (const [name, value] of [...envFile, ...composeEnv]) {
      const env = { [name]: name === 'DAYBRIEF_CONFIG' ? config : value };
      const settings = await resolveSettings({}, { env, requireTopics: false });
      assert.equal(settings.sources[RESOLVED.get(name) as string], 'env', `${name}=${value} is taken`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
