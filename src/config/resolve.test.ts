import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import { resolveSettings, type SettingFlags, type Settings } from './resolve.js';

async function withConfig(json: unknown, fn: (file: string, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-resolve-'));
  try {
    const file = join(dir, 'daybrief.config.json');
    await writeFile(file, JSON.stringify(json));
    await fn(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Case {
  key: string;
  read: (s: Settings) => unknown;
  fallback: unknown;
  file: Record<string, unknown>;
  fileValue: unknown;
  env?: [string, string, unknown];
  flag?: [SettingFlags, unknown];
}

const CASES: Case[] = [
  {
    key: 'database',
    read: (s) => s.database,
    fallback: 'daybrief.sqlite',
    file: { database: 'file.sqlite' },
    fileValue: 'file.sqlite',
    env: ['DAYBRIEF_DB', 'env.sqlite', 'env.sqlite'],
    flag: [{ db: 'flag.sqlite' }, 'flag.sqlite'],
  },
  {
    key: 'out',
    read: (s) => s.out,
    fallback: 'site',
    file: { out: 'file-site' },
    fileValue: 'file-site',
    env: ['DAYBRIEF_OUT', 'env-site', 'env-site'],
    flag: [{ out: 'flag-site' }, 'flag-site'],
  },
  {
    key: 'title',
    read: (s) => s.title,
    fallback: 'daybrief',
    file: { title: 'File' },
    fileValue: 'File',
    env: ['DAYBRIEF_TITLE', 'Env', 'Env'],
  },
  {
    key: 'newsSearch',
    read: (s) => s.newsSearch,
    fallback: true,
    file: { newsSearch: ['gdelt'] },
    fileValue: ['gdelt'],
    env: ['DAYBRIEF_NEWS_SEARCH', 'bing,google', ['bing', 'google']],
    flag: [{ newsSearch: false }, false],
  },
  {
    key: 'schedule',
    read: (s) => s.schedule,
    fallback: '06:00',
    file: { schedule: '07:15' },
    fileValue: '07:15',
    env: ['DAYBRIEF_SCHEDULE', '08:30', '08:30'],
    flag: [{ schedule: '09:45' }, '09:45'],
  },
  {
    key: 'gdeltEndpoint',
    read: (s) => s.gdelt.endpoint,
    fallback: undefined,
    file: { gdelt: { endpoint: 'http://file.example/doc' } },
    fileValue: 'http://file.example/doc',
    env: ['DAYBRIEF_GDELT_ENDPOINT', 'http://env.example/doc', 'http://env.example/doc'],
  },
  {
    key: 'smtp',
    read: (s) => s.email?.smtp,
    fallback: undefined,
    file: { email: { smtp: 'smtp://file.example:25' } },
    fileValue: 'smtp://file.example:25',
    env: ['DAYBRIEF_SMTP', 'smtps://env.example:465', 'smtps://env.example:465'],
    flag: [{ smtp: 'smtp://flag.example:587' }, 'smtp://flag.example:587'],
  },
  {
    key: 'from',
    read: (s) => s.email?.from,
    fallback: undefined,
    file: { email: { from: 'file@example.org' } },
    fileValue: 'file@example.org',
    env: ['DAYBRIEF_FROM', 'env@example.org', 'env@example.org'],
    flag: [{ from: 'flag@example.org' }, 'flag@example.org'],
  },
  {
    key: 'siteUrl',
    read: (s) => s.email?.siteUrl,
    fallback: undefined,
    file: { email: { siteUrl: 'https://file.example/' } },
    fileValue: 'https://file.example/',
    env: ['DAYBRIEF_SITE_URL', 'https://env.example/', 'https://env.example/'],
    flag: [{ siteUrl: 'https://flag.example/' }, 'https://flag.example/'],
  },
];

const TOPICS = [{ name: 'x', query: 'x' }];

for (const c of CASES) {
  test(`${c.key}: flag > environment > config file > default`, async () => {
    await withConfig({ topics: TOPICS }, async (empty) => {
      const none = await resolveSettings({ config: empty }, { env: {} });
      assert.deepEqual(c.read(none), c.fallback);
      assert.equal(none.sources[c.key], 'default');
    });
    await withConfig({ ...c.file, topics: TOPICS }, async (file) => {
      const fromFile = await resolveSettings({ config: file }, { env: {} });
      assert.deepEqual(c.read(fromFile), c.fileValue);
      assert.equal(fromFile.sources[c.key], 'config');
      if (c.env) {
        const [name, value, expected] = c.env;
        const fromEnv = await resolveSettings({ config: file }, { env: { [name]: value } });
        assert.deepEqual(c.read(fromEnv), expected);
        assert.equal(fromEnv.sources[c.key], 'env');
        if (c.flag) {
          const fromFlag = await resolveSettings({ config: file, ...c.flag[0] }, { env: { [name]: value } });
          assert.deepEqual(c.read(fromFlag), c.flag[1]);
          assert.equal(fromFlag.sources[c.key], 'flag');
        }
      }
    });
  });
}

test('the config file: --config > DAYBRIEF_CONFIG > ./daybrief.config.json', async () => {
  await withConfig({ title: 'A', topics: TOPICS }, async (a, dir) => {
    const b = join(dir, 'b.json');
    await writeFile(b, JSON.stringify({ title: 'B', topics: TOPICS }));
    assert.equal((await resolveSettings({}, { env: { DAYBRIEF_CONFIG: b } })).title, 'B');
    assert.equal((await resolveSettings({ config: a }, { env: { DAYBRIEF_CONFIG: b } })).title, 'A');
    const named = await resolveSettings({}, { env: { DAYBRIEF_CONFIG: b } });
    assert.equal(named.configFile, b);
    assert.equal(named.sources.config, 'env');
    await assert.rejects(
      resolveSettings({}, { env: { DAYBRIEF_CONFIG: join(dir, 'missing.json') } }),
      (err: unknown) => err instanceof DaybriefError && err.code === 'CONFIG_NOT_FOUND',
    );
  });
});

test('allowed hosts: the config file, DAYBRIEF_ALLOW_HOSTS and --allow-host are added together', async () => {
  await withConfig({ fetch: { allowHosts: ['intranet.example'] }, topics: TOPICS }, async (file) => {
    const s = await resolveSettings(
      { config: file, allowHost: ['127.0.0.1:8080'] },
      { env: { DAYBRIEF_ALLOW_HOSTS: '10.0.0.5, [::1]:9000' } },
    );
    assert.deepEqual(s.fetch.allowHosts, ['intranet.example', '10.0.0.5', '[::1]:9000', '127.0.0.1:8080']);
  });
});

test('an environment variable with a bad value: one sentence naming the variable', async () => {
  await withConfig({ topics: TOPICS }, async (file) => {
    for (const [name, value] of [
      ['DAYBRIEF_NEWS_SEARCH', 'maybe'],
      ['DAYBRIEF_SCHEDULE', '25:00'],
      ['DAYBRIEF_SMTP', 'mail.example.org'],
      ['DAYBRIEF_SITE_URL', 'ftp://x.example/'],
      ['DAYBRIEF_FROM', 'not an address'],
      ['DAYBRIEF_ALLOW_HOSTS', 'http://x/'],
      ['DAYBRIEF_GDELT_ENDPOINT', 'nowhere'],
    ] as const) {
      await assert.rejects(resolveSettings({ config: file }, { env: { [name]: value } }), (err: unknown) => {
        assert.ok(err instanceof DaybriefError);
        assert.equal(err.code, 'CONFIG_BAD_ENV');
        assert.match(err.message, new RegExp(`the environment variable ${name} is `));
        assert.equal(err.message.split(/[.;:]\s+[A-Z]/).length, 1, err.message);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      });
    }
    // An empty variable is the same as an unset one.
    assert.equal(
      (await resolveSettings({ config: file }, { env: { DAYBRIEF_DB: '' } })).database,
      'daybrief.sqlite',
    );
  });
});

test('commands without topics accept a config file without topics; those that run topics say what is missing', async () => {
  await withConfig({ database: 'only.sqlite' }, async (file) => {
    assert.equal((await resolveSettings({ config: file }, { env: {} })).database, 'only.sqlite');
    await assert.rejects(
      resolveSettings({ config: file }, { env: {}, requireTopics: true }),
      (err: unknown) => err instanceof DaybriefError && err.code === 'CONFIG_INVALID',
    );
  });
});
