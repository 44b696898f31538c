import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DaybriefError } from '../model/errors.js';
import type { LookupFunction } from './address-guard.js';
import { AddressGuard, addressKind, parseAllowHost, parseIPv6 } from './address-guard.js';

/** A resolver answering from a table, as dns.lookup would (with or without `all`). */
function tableLookup(table: Record<string, string[]>): LookupFunction {
  return (hostname, options, callback) => {
    const addresses = table[hostname];
    if (!addresses) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      return callback(err, '');
    }
    const list = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) return callback(null, list);
    return callback(null, list[0]?.address ?? '', list[0]?.family);
  };
}

async function refused(promise: Promise<unknown>, pattern?: RegExp): Promise<DaybriefError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof DaybriefError, `expected a DaybriefError, got ${String(caught)}`);
  assert.equal(caught.code, 'FETCH_PRIVATE_ADDRESS');
  assert.equal(caught.stage, 'fetch');
  if (pattern) assert.match(caught.message, pattern);
  return caught;
}

describe('address classes', () => {
  const refusedAddresses: Array<[string, RegExp]> = [
    ['127.0.0.1', /^loopback$/],
    ['127.255.255.254', /^loopback$/],
    ['10.1.2.3', /^private$/],
    ['172.16.0.1', /^private$/],
    ['172.31.255.255', /^private$/],
    ['192.168.1.1', /^private$/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['169.254.169.254', /^link-local$/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['224.0.0.251', /^multicast$/],
    ['239.255.255.250', /^multicast$/],
    ['255.255.255.255', /^broadcast$/],
    ['240.0.0.1', /^reserved$/],
    ['192.0.2.10', /documentation/],
    ['198.18.0.1', /benchmarking/],
    ['192.0.0.8', /IETF/],
    ['::', /^unspecified$/],
    ['::1', /^loopback$/],
    ['[::1]', /^loopback$/],
    ['0:0:0:0:0:0:0:1', /^loopback$/],
    ['fe80::1', /^link-local$/],
    ['fe80::1%eth0', /^link-local$/],
    ['febf::1', /^link-local$/],
    ['fc00::1', /^unique-local$/],
    ['fd12:3456::1', /^unique-local$/],
    ['fec0::1', /site-local/],
    ['ff02::1', /^multicast$/],
    ['::ffff:127.0.0.1', /^loopback \(IPv4-mapped form of 127\.0\.0\.1\)$/],
    ['::ffff:7f00:1', /^loopback \(IPv4-mapped form of 127\.0\.0\.1\)$/],
    ['::ffff:10.0.0.1', /^private \(IPv4-mapped/],
    ['::ffff:169.254.169.254', /^link-local \(IPv4-mapped/],
    ['::127.0.0.1', /^loopback \(IPv4-compatible/],
    ['::7f00:1', /^loopback \(IPv4-compatible/],
    ['::8.8.8.8', /IPv4-compatible/],
    ['::ffff:0:127.0.0.1', /^loopback \(IPv4-compatible/],
    ['64:ff9b::127.0.0.1', /^loopback \(NAT64 form of 127\.0\.0\.1\)$/],
    ['64:ff9b::a00:1', /^private \(NAT64 form of 10\.0\.0\.1\)$/],
    ['64:ff9b:1::1', /local-use NAT64/],
    ['2002:7f00:1::', /^loopback \(6to4 form of 127\.0\.0\.1\)$/],
    ['2002:c0a8:101::1', /^private \(6to4 form of 192\.168\.1\.1\)$/],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', /^loopback \(Teredo form of 127\.0\.0\.1\)$/],
    ['2001:db8::1', /documentation/],
    ['3fff::1', /documentation/],
    ['100::1', /^reserved$/],
    ['4000::1', /^reserved$/],
  ];
  for (const [address, kind] of refusedAddresses) {
    test(`${address} is refused`, () => {
      assert.match(addressKind(address) ?? 'public', kind);
    });
  }

  const publicAddresses = [
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '192.169.0.1',
    '169.255.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001:81c::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ];
  for (const address of publicAddresses) {
    test(`${address} is public`, () => {
      assert.equal(addressKind(address), undefined);
    });
  }

  test('names are not addresses', () => {
    assert.equal(addressKind('example.com'), undefined);
    assert.equal(addressKind('127.0.0.1.example'), undefined);
  });

  test('IPv6 parsing expands :: and an embedded dotted quad', () => {
    assert.deepEqual(parseIPv6('::ffff:127.0.0.1'), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    assert.deepEqual(parseIPv6('2001:db8::'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(parseIPv6('1:2:3:4:5:6:7:8'), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(parseIPv6('1:2:3'), undefined);
    assert.equal(parseIPv6('127.0.0.1'), undefined);
  });
});

describe('allow-list entries', () => {
  test('host and host:port, written as the URL parser writes them', () => {
    assert.deepEqual(parseAllowHost('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseAllowHost('127.1'), { host: '127.0.0.1' });
    assert.deepEqual(parseAllowHost('2130706433:80'), { host: '127.0.0.1', port: 80 });
    assert.deepEqual(parseAllowHost('Intranet.Example.'), { host: 'intranet.example' });
    assert.deepEqual(parseAllowHost('[::1]:8080'), { host: '::1', port: 8080 });
    assert.deepEqual(parseAllowHost('[::ffff:127.0.0.1]'), { host: '::ffff:7f00:1' });
    assert.deepEqual(parseAllowHost('::1'), { host: '::1' });
  });

  test('anything that is not a host is rejected', () => {
    for (const bad of [
      '',
      'http://x',
      'x/y',
      'user@x',
      'x:0',
      'x:65536',
      'x:port',
      '[::1',
      'a b',
      'x:80:80',
    ]) {
      assert.equal(parseAllowHost(bad), undefined, bad);
    }
  });
});

describe('the check before a request', () => {
  const guard = new AddressGuard({ lookup: tableLookup({ 'evil.test': ['127.0.0.1'] }) });

  // The URL parser turns every numeric IPv4 spelling into a dotted quad; the guard checks that.
  const spellings = [
    'http://127.0.0.1/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://[::1]/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://017700000001/',
    'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://0/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://10.0.0.1/',
    'http://192.168.0.1:8080/',
    'https://172.16.0.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::1]/',
    'http://evil.test/',
    'http://127.0.0.1./',
    'http://127.0.0.1%2e/',
    'http://①②⑦.0.0.1/',
    'http://０x７f.1/',
    'http://0x7f.0x0.0x0.0x1/',
    'http://127.000.000.001/',
    'http://LocalHost/',
    'http://%6c%6fcalhost/',
    'http://user:pw@127.0.0.1:8080/',
  ];
  for (const url of spellings) {
    test(`${url} is refused`, async () => {
      await refused(guard.checkUrl(url), /daybrief fetches only public addresses/);
    });
  }

  test('the message says what was refused and how to allow it', async () => {
    const err = await refused(guard.checkUrl('http://2130706433:8080/x'));
    assert.equal(
      err.message,
      'fetch: refused http://2130706433:8080/x: 127.0.0.1 is a loopback address, and daybrief fetches only public addresses; ' +
        'if this host is yours, allow it with --allow-host 127.0.0.1:8080 or "fetch": {"allowHosts": ["127.0.0.1:8080"]} in the config',
    );
    const named = await refused(guard.checkUrl('http://evil.test/'));
    assert.match(named.message, /evil\.test resolves to 127\.0\.0\.1, a loopback address/);
    assert.match(named.message, /--allow-host evil\.test /);
    assert.deepEqual(named.details, {
      url: 'http://evil.test/',
      host: 'evil.test',
      address: '127.0.0.1',
      kind: 'loopback',
      port: 80,
    });
  });

  test('a name with any private address in its answer is refused', async () => {
    const mixed = new AddressGuard({ lookup: tableLookup({ 'mixed.test': ['93.184.215.14', '10.0.0.5'] }) });
    await refused(mixed.checkUrl('https://mixed.test/'), /resolves to 10\.0\.0\.5, a private address/);
  });

  test('public addresses and names pass; an unknown name is left to the connection', async () => {
    const g = new AddressGuard({ lookup: tableLookup({ 'news.test': ['93.184.215.14', '2606:4700::1'] }) });
    await g.checkUrl('https://news.test/a');
    await g.checkUrl('http://93.184.215.14/');
    await g.checkUrl('http://[2606:4700::1]/');
    await g.checkUrl('http://nowhere.test/');
  });

  test('allowed hosts pass, on the port named or on any port', async () => {
    const g = new AddressGuard({
      allowHosts: ['127.0.0.1:8080', 'intranet.test', '[::1]:9000'],
      lookup: tableLookup({ 'intranet.test': ['10.0.0.7'] }),
    });
    await g.checkUrl('http://127.0.0.1:8080/');
    await g.checkUrl('http://127.1:8080/');
    await g.checkUrl('http://intranet.test/');
    await g.checkUrl('https://intranet.test:8443/');
    await g.checkUrl('http://[::1]:9000/');
    await refused(g.checkUrl('http://127.0.0.1:8081/'));
    await refused(g.checkUrl('http://127.0.0.1/'));
    await refused(g.checkUrl('http://localhost:8080/'));
    await refused(g.checkUrl('http://[::1]:9001/'));
  });

  test('a bad allow-list entry is a config error', () => {
    assert.throws(
      () => new AddressGuard({ allowHosts: ['http://x/'] }),
      (err: unknown) => err instanceof DaybriefError && err.code === 'CONFIG_INVALID',
    );
  });
});

describe('the lookup used at connect time', () => {
  function lookupOnce(lookup: LookupFunction, host: string, all: boolean) {
    return new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
      lookup(host, { all }, (err, result) => resolve({ err, result })),
    );
  }

  test('refuses a name whose answer holds a private address, in both answer shapes', async () => {
    const guard = new AddressGuard({ lookup: tableLookup({ 'evil.test': ['93.184.215.14', '127.0.0.1'] }) });
    for (const all of [true, false]) {
      const { err } = await lookupOnce(guard.guardedLookup(80, 'http:'), 'evil.test', all);
      assert.ok(err instanceof DaybriefError);
      assert.equal(err.code, 'FETCH_PRIVATE_ADDRESS');
    }
  });

  test('passes public answers through as asked', async () => {
    const guard = new AddressGuard({ lookup: tableLookup({ 'news.test': ['93.184.215.14'] }) });
    const all = await lookupOnce(guard.guardedLookup(443, 'https:'), 'news.test', true);
    assert.deepEqual(all, { err: null, result: [{ address: '93.184.215.14', family: 4 }] });
    const one = await lookupOnce(guard.guardedLookup(443, 'https:'), 'news.test', false);
    assert.deepEqual(one, { err: null, result: '93.184.215.14' });
    const missing = await lookupOnce(guard.guardedLookup(443, 'https:'), 'nowhere.test', true);
    assert.equal(missing.err?.code, 'ENOTFOUND');
  });
});

test('messages read well for every kind', async () => {
  const g = new AddressGuard();
  const message = async (url: string) => {
    try {
      await g.checkUrl(url);
    } catch (err) {
      return (err as Error).message;
    }
    return 'not refused';
  };
  assert.match(await message('http://0.0.0.0/'), /0\.0\.0\.0 is an unspecified address \("this network"\),/);
  assert.match(await message('http://[fd00::1]/'), /fd00::1 is a unique-local address,/);
  assert.match(
    await message('http://[::ffff:127.0.0.1]:8080/'),
    /::ffff:7f00:1 is a loopback address \(IPv4-mapped form of 127\.0\.0\.1\),.* --allow-host \[::ffff:7f00:1\]:8080 /,
  );
  assert.match(
    await message('https://10.0.0.1/'),
    /10\.0\.0\.1 is a private address,.* --allow-host 10\.0\.0\.1 or/,
  );
});
