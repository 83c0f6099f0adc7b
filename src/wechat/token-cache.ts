/**
 * Access-token file cache, so consecutive gzh runs reuse one token instead of burning the 2000/day quota.
 * One file per (api base, app id, token mode) in a private folder outside the repo (0700 folder, 0600 file).
 * The token is stored encrypted (AES-256-GCM, key derived from the app secret): the file holds neither the
 * secret nor a usable token, and a changed secret simply misses the cache.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface CachedToken {
  token: string;
  /** ms since epoch after which the token should be refreshed (before it expires). */
  refreshAt: number;
}

interface TokenFile {
  v: 1;
  apiBase: string;
  appId: string;
  mode: string;
  refreshAt: number;
  iv: string;
  tag: string;
  data: string;
}

export function defaultTokenCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'gzh');
}

export class TokenFileCache {
  private readonly file: string;
  private readonly key: Buffer;

  constructor(
    dir: string,
    private readonly id: { apiBase: string; appId: string; mode: string },
    appSecret: string,
  ) {
    const name = createHash('sha256').update(`${id.apiBase}\n${id.appId}\n${id.mode}`).digest('hex').slice(0, 24);
    this.file = path.join(dir, `token-${name}.json`);
    this.key = Buffer.from(hkdfSync('sha256', appSecret, `gzh-token-cache:${id.appId}`, 'access_token', 32));
  }

  get path(): string {
    return this.file;
  }

  async read(): Promise<CachedToken | undefined> {
    try {
      const f = JSON.parse(await readFile(this.file, 'utf8')) as TokenFile;
      if (f.v !== 1 || f.apiBase !== this.id.apiBase || f.appId !== this.id.appId || f.mode !== this.id.mode) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(f.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
      const token = Buffer.concat([decipher.update(Buffer.from(f.data, 'base64')), decipher.final()]).toString('utf8');
      return { token, refreshAt: f.refreshAt };
    } catch {
      return undefined; // missing, corrupt, or written with another secret
    }
  }

  async write(value: CachedToken): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(value.token, 'utf8'), cipher.final()]);
    const body: TokenFile = { v: 1, ...this.id, refreshAt: value.refreshAt, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
