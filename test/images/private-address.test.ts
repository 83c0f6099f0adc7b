/**
 * No private address is fetched (issue 12): every spelling of loopback, private, link-local and metadata
 * addresses is refused before a connection is made, every redirect hop is checked again, and the socket goes
 * to the address that was checked (no DNS rebinding). Real HTTP on 127.0.0.1 and 127.0.0.2 only; "public"
 * hosts are played by an injected resolver plus a test-only list of addresses taken as public.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, defaultConfig } from '../../src/config/schema.js';
import { describePrivateAddress, fetchRemoteImage, remoteOptionsFrom, vetHost } from '../../src/images/index.js';
import { pinLookup } from '../../src/images/check-address.js';
import { caughtGzhError, startLocalServer, type LocalServer } from './local-server.js';
import { makePhoto } from './make-images.js';

let photo: Buffer;
let inner: LocalServer; // 127.0.0.1: the "internal" service an attacker wants
let other: LocalServer; // 127.0.0.2: a second internal address (rebinding and redirect targets)

beforeAll(async () => {
  photo = await makePhoto(300, 200);
  inner = await startLocalServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end();
    else if (url === '/to-other') res.writeHead(302, { location: `http://127.0.0.2:${other.port}/secret.png` }).end();
    else if (url === '/to-internal-name') res.writeHead(301, { location: `http://intranet.test:${inner.port}/photo.jpg` }).end();
    else if (url === '/to-public') res.writeHead(302, { location: `http://cdn.test:${inner.port}/photo.jpg` }).end();
    else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
  });
  other = await startLocalServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo), '127.0.0.2');
});

afterAll(async () => {
  await Promise.all([inner.close(), other.close()]);
});

const base = { timeoutMs: 3000, maxBytes: 1024 * 1024 };

/** A resolver for made-up names; fails the test if asked about anything else. */
function fakeDns(table: Record<string, string[] | (() => string[])>) {
  const calls: string[] = [];
  const lookup = async (name: string) => {
    calls.push(name);
    const entry = table[name];
    if (!entry) throw Object.assign(new Error(`unexpected lookup of ${name}`), { code: 'EUNEXPECTED' });
    const addresses = typeof entry === 'function' ? entry() : entry;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { lookup, calls };
}

describe('address ranges', () => {
  it.each([
    ['169.254.169.254', /link-local/],
    ['10.1.2.3', /private \(RFC 1918\)/],
    ['192.168.1.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['0.0.0.0', /unspecified/],
    ['255.255.255.255', /broadcast/],
    ['224.0.0.1', /multicast/],
    ['198.18.0.1', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fd00::1', /unique-local/],
    ['fc00::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['::ffff:127.0.0.1', /loopback.*IPv4 127\.0\.0\.1 in IPv6 form/],
    ['::ffff:a9fe:a9fe', /link-local.*169\.254\.169\.254/],
    ['64:ff9b::a9fe:a9fe', /link-local.*169\.254\.169\.254/], // NAT64 of the metadata address
  ])('%s is refused as %s', (address, words) => {
    expect(describePrivateAddress(address)).toMatch(words);
  });

  it.each(['93.184.215.14', '172.32.0.1', '100.128.0.1', '8.8.8.8', '2606:4700:4700::1111', '64:ff9b::808:808'])('%s is public', (address) => {
    expect(describePrivateAddress(address)).toBeUndefined();
  });
});

describe('remote images from private addresses', () => {
  const port = () => inner.port;
  // every spelling below really reaches the 127.0.0.1 server (checked with allowPrivateHosts further down)
  const loopbackSpellings = () => [
    `http://127.0.0.1:${port()}/a.jpg`,
    `http://2130706433:${port()}/a.jpg`, // decimal
    `http://0177.0.0.1:${port()}/a.jpg`, // octal
    `http://0x7f.0.0.1:${port()}/a.jpg`, // hex
    `http://0x7f000001:${port()}/a.jpg`,
    `http://127.1:${port()}/a.jpg`,
    `http://[::ffff:127.0.0.1]:${port()}/a.jpg`, // IPv4-mapped IPv6
    `http://localhost:${port()}/a.jpg`,
    `http://LOCALHOST.:${port()}/a.jpg`,
  ];

  it('refuses every spelling of this machine before connecting, naming host and address', async () => {
    const dns = fakeDns({});
    const before = inner.connections;
    // *.localhost is loopback by RFC 6761 (browsers answer it so; this machine's resolver does not)
    for (const url of [...loopbackSpellings(), `http://app.localhost:${port()}/a.jpg`]) {
      const e = await caughtGzhError(fetchRemoteImage(url, { ...base, lookup: dns.lookup }));
      expect(e.code, url).toBe('image/private-address');
      expect(e.message, url).toMatch(new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(e.message, url).toMatch(/127\.0\.0\.1|::ffff:7f00:1|localhost/);
      expect(e.message, url).toMatch(/loopback|private host name/);
      expect(e.hint).toContain('images.allowPrivateHosts: true');
    }
    expect(inner.connections).toBe(before);
    expect(dns.calls).toEqual([]); // IP literals and localhost names never reach DNS
  });

  it('fetches the same spellings with images.allowPrivateHosts (so the refusals above are real)', async () => {
    for (const url of loopbackSpellings()) {
      const got = await fetchRemoteImage(url, { ...base, allowPrivateHosts: true });
      expect(got.bytes.equals(photo), url).toBe(true);
    }
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', /link-local/],
    ['http://10.0.0.1/a.png', '10.0.0.1', /private/],
    ['http://192.168.0.1/a.png', '192.168.0.1', /private/],
    ['http://172.16.5.4/a.png', '172.16.5.4', /private/],
    ['http://100.64.0.1/a.png', '100.64.0.1', /carrier-grade NAT/],
    ['http://0.0.0.0/a.png', '0.0.0.0', /unspecified/],
    ['http://0/a.png', '0.0.0.0', /unspecified/],
    ['http://[fd00::1]/a.png', 'fd00::1', /unique-local/],
    ['http://[fc00::5]/a.png', 'fc00::5', /unique-local/],
    ['http://[fe80::1]/a.png', 'fe80::1', /link-local/],
    ['http://[::1]/a.png', '::1', /loopback/],
    ['http://[::ffff:169.254.169.254]/a.png', '::ffff:a9fe:a9fe', /link-local/],
    ['http://[64:ff9b::169.254.169.254]/a.png', '64:ff9b::a9fe:a9fe', /link-local/],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal', /private host name/],
    ['http://printer.local/a.png', 'printer.local', /private host name/],
    ['http://nas.home.arpa/a.png', 'nas.home.arpa', /private host name/],
  ])('refuses %s', async (url, host, words) => {
    const dns = fakeDns({});
    const e = await caughtGzhError(fetchRemoteImage(url, { ...base, lookup: dns.lookup }));
    expect(e.code).toBe('image/private-address');
    expect(e.message).toContain(`${url}: ${host} is `);
    expect(e.message).toMatch(words);
    expect(dns.calls).toEqual([]);
  });

  it('refuses a name that resolves to a private address, or to a public and a private one', async () => {
    const dns = fakeDns({ 'evil.test': ['10.9.8.7'], 'split.test': ['93.184.215.14', '192.168.7.7'] });
    const one = await caughtGzhError(fetchRemoteImage('https://evil.test/a.png', { ...base, lookup: dns.lookup }));
    expect(one.message).toBe('https://evil.test/a.png: evil.test resolves to 10.9.8.7, a private (RFC 1918) address');
    const both = await caughtGzhError(fetchRemoteImage('https://split.test/a.png', { ...base, lookup: dns.lookup }));
    expect(both.message).toMatch(/split\.test resolves to 192\.168\.7\.7/);
  });

  it('refuses a public host that redirects to the metadata address, without connecting there', async () => {
    const dns = fakeDns({ 'public.test': ['127.0.0.1'] });
    const e = await caughtGzhError(
      fetchRemoteImage(`http://public.test:${inner.port}/to-metadata`, { ...base, lookup: dns.lookup, trustedAddresses: ['127.0.0.1'] }),
    );
    expect(e.code).toBe('image/private-address');
    expect(e.message).toBe(
      `http://public.test:${inner.port}/to-metadata: redirected to http://169.254.169.254/latest/meta-data/iam/: 169.254.169.254 is a link-local address (where cloud metadata services answer)`,
    );
    expect(inner.requests).toContain('/to-metadata'); // the first hop was fetched: the refusal is the redirect's
  });

  it('refuses a redirect to another internal address, and that server sees no connection', async () => {
    const dns = fakeDns({ 'public.test': ['127.0.0.1'] });
    const before = other.connections;
    const e = await caughtGzhError(fetchRemoteImage(`http://public.test:${inner.port}/to-other`, { ...base, lookup: dns.lookup, trustedAddresses: ['127.0.0.1'] }));
    expect(e.code).toBe('image/private-address');
    expect(e.message).toContain(`redirected to http://127.0.0.2:${other.port}/secret.png: 127.0.0.2 is a loopback address`);
    expect(other.connections).toBe(before);
  });

  it('checks a redirect to a name again: private → refused, public → followed', async () => {
    const dns = fakeDns({ 'public.test': ['127.0.0.1'], 'intranet.test': ['10.0.0.8'], 'cdn.test': ['127.0.0.1'] });
    const opts = { ...base, lookup: dns.lookup, trustedAddresses: ['127.0.0.1'] };
    const e = await caughtGzhError(fetchRemoteImage(`http://public.test:${inner.port}/to-internal-name`, opts));
    expect(e.message).toContain('intranet.test resolves to 10.0.0.8');
    const ok = await fetchRemoteImage(`http://public.test:${inner.port}/to-public`, opts);
    expect(ok.finalUrl).toBe(`http://cdn.test:${inner.port}/photo.jpg`);
    expect(ok.bytes.equals(photo)).toBe(true);
    expect(dns.calls).toEqual(['public.test', 'intranet.test', 'public.test', 'cdn.test']);
  });
});

describe('images.allowPrivateHosts', () => {
  it('is off by default, described in the schema, and reaches the fetch through remoteOptionsFrom', async () => {
    const images = defaultConfig().images;
    expect(remoteOptionsFrom(images)).toEqual({ timeoutMs: 15_000, maxBytes: 20 * 1024 * 1024, allowPrivateHosts: false });
    expect(configSchema.shape.images.unwrap().shape.allowPrivateHosts.description).toMatch(/private, loopback and link-local/);
    const on = configSchema.parse({ images: { allowPrivateHosts: true } }).images;
    const got = await fetchRemoteImage(`http://127.0.0.1:${inner.port}/a.jpg`, remoteOptionsFrom(on));
    expect(got.bytes.equals(photo)).toBe(true);
    const e = await caughtGzhError(fetchRemoteImage(`http://127.0.0.1:${inner.port}/a.jpg`, remoteOptionsFrom(images)));
    expect(e.code).toBe('image/private-address');
  });
});

describe('DNS rebinding', () => {
  it('connects to the address that was checked, not to a second answer for the same name', async () => {
    // first answer: a "public" address (127.0.0.1, trusted for the test); any later answer: 127.0.0.2
    let answers = 0;
    const dns = fakeDns({ 'rebind.test': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
    const port = inner.port;
    // the attacker's target: the same port on the second answer's address
    const target = { connections: 0 };
    const attacker = http.createServer((_req, res) => res.writeHead(200).end('internal'));
    attacker.on('connection', () => target.connections++);
    await new Promise<void>((resolve) => attacker.listen(port, '127.0.0.2', resolve));
    try {
      const before = inner.requests.length;
      const got = await fetchRemoteImage(`http://rebind.test:${port}/photo.jpg`, { ...base, lookup: dns.lookup, trustedAddresses: ['127.0.0.1'] });
      expect(got.bytes.equals(photo)).toBe(true);
      expect(inner.requests.slice(before)).toEqual(['/photo.jpg']);
      expect(target.connections).toBe(0);
      expect(dns.calls).toEqual(['rebind.test']); // resolved once: the connection asked nobody again
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }
  });

  it('the pinned lookup answers only for checked hosts, by family, in both callback shapes', () => {
    const lookup = pinLookup(new Map([['img.test', [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800::1', family: 6 }]]]));
    const call = (host: string, options: object) =>
      new Promise<unknown[]>((resolve) => lookup(host, options, (...args: unknown[]) => resolve(args)));
    return Promise.all([
      call('img.test', {}).then((r) => expect(r).toEqual([null, '93.184.215.14', 4])),
      call('IMG.test.', { family: 6 }).then((r) => expect(r).toEqual([null, '2606:2800::1', 6])),
      call('img.test', { all: true }).then((r) =>
        expect(r).toEqual([null, [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800::1', family: 6 }]]),
      ),
      call('other.test', {}).then((r) => expect((r[0] as NodeJS.ErrnoException).code).toBe('ENOTFOUND')),
    ]);
  });
});

describe('names that never resolve', () => {
  it('answers .invalid at once as not found (RFC 6761), without asking DNS', async () => {
    const dns = fakeDns({});
    const e = await caughtGzhError(fetchRemoteImage('https://img.invalid/badge.svg', { ...base, lookup: dns.lookup }));
    expect(e.code).toBe('image/fetch-failed');
    expect(e.message).toBe('https://img.invalid/badge.svg: host img.invalid not found (ENOTFOUND)');
    expect(dns.calls).toEqual([]);
  });

  it('reports a resolver failure with its code', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN offline.test'), { code: 'EAI_AGAIN' });
    };
    await expect(vetHost('offline.test', { lookup })).rejects.toThrow('host offline.test not found (EAI_AGAIN)');
  });

  it('a resolver that hangs is cut off by the image deadline', async () => {
    const lookup = () => new Promise<never>(() => {});
    const e = await caughtGzhError(fetchRemoteImage('https://slow-dns.test/a.png', { ...base, timeoutMs: 200, lookup }));
    expect(e.code).toBe('image/fetch-timeout');
  });
});
