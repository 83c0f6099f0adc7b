/**
 * Client tokens of the relay: parsed from GZH_RELAY_TOKENS or a tokens file, kept as SHA-256 only, and checked
 * in constant time (every configured hash is compared, with timingSafeEqual, whatever matched).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import type { RelayClientToken } from './types.js';

/** 128 bits as hex: short tokens can be guessed. */
export const MIN_TOKEN_LENGTH = 32;
const TOKEN_CHARS = /^[A-Za-z0-9._~-]+$/;
const ID_CHARS = /^[A-Za-z0-9._-]{1,40}$/;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new random client token (256 bits, URL-safe). */
export function generateRelayToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The configured token `presented` is, if any. Constant time in the position and content of the match. */
export function findClientToken(tokens: readonly RelayClientToken[], presented: string): RelayClientToken | undefined {
  const hash = hashToken(presented);
  let found: RelayClientToken | undefined;
  for (const t of tokens) if (timingSafeEqual(t.sha256, hash) && !found) found = t;
  return found;
}

/** Does `token` allow `account`? */
export function allowsAccount(token: RelayClientToken, account: string): boolean {
  return token.accounts === '*' || token.accounts.includes(account);
}

function checkToken(token: string, where: string): void {
  if (!TOKEN_CHARS.test(token)) throw new ConfigError(`${where}: a token may contain only letters, digits and . _ ~ -`);
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(`${where}: the token is ${token.length} characters long, at least ${MIN_TOKEN_LENGTH} are needed`, { hint: 'make one with `gzh relay --new-token` (or `openssl rand -hex 32`)' });
  }
}

function checkId(id: string, where: string): void {
  if (!ID_CHARS.test(id)) throw new ConfigError(`${where}: token id \`${id}\` must be 1-40 letters, digits, . _ -`);
}

/** A short id for a token given without one: stable across restarts, says nothing usable about the token. */
function idOf(hash: Buffer): string {
  return `token-${hash.toString('hex').slice(0, 8)}`;
}

/**
 * GZH_RELAY_TOKENS: comma-separated entries `TOKEN`, `ID:TOKEN` or `ID:TOKEN:ACCOUNT+ACCOUNT` (`*` or no
 * accounts = all accounts). Whitespace around entries is ignored.
 */
export function parseTokenList(text: string, source = 'GZH_RELAY_TOKENS'): RelayClientToken[] {
  const tokens: RelayClientToken[] = [];
  for (const [i, raw] of text.split(',').entries()) {
    const entry = raw.trim();
    if (!entry) continue;
    const where = `${source} entry ${i + 1}`;
    const parts = entry.split(':');
    if (parts.length > 3) throw new ConfigError(`${where}: expected TOKEN, ID:TOKEN or ID:TOKEN:ACCOUNTS, got ${parts.length} parts`);
    const [idOrToken, maybeToken, accounts] = parts as [string, string | undefined, string | undefined];
    const token = maybeToken ?? idOrToken;
    checkToken(token, where);
    const sha256 = hashToken(token);
    const id = maybeToken === undefined ? idOf(sha256) : idOrToken;
    checkId(id, where);
    const names = accounts === undefined || accounts.trim() === '*' || accounts.trim() === '' ? '*' : accounts.split('+').map((a) => a.trim());
    tokens.push({ id, sha256, accounts: names });
  }
  return tokens;
}

interface FileEntry {
  id?: unknown;
  token?: unknown;
  tokenEnv?: unknown;
  sha256?: unknown;
  accounts?: unknown;
  perMinute?: unknown;
}

/**
 * A tokens file (YAML or JSON): `tokens: [{id, token | tokenEnv | sha256, accounts?, perMinute?}]`.
 * `sha256` (hex) keeps the token itself out of the file; `tokenEnv` names an environment variable holding it.
 */
export function parseTokensFile(text: string, file: string, env: NodeJS.ProcessEnv = process.env): RelayClientToken[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`, { file });
  }
  const list = (data as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(list)) throw new ConfigError(`${file}: expected a \`tokens:\` list`, { file, hint: 'tokens:\n  - id: ci\n    sha256: <hex of sha256(token)>\n    accounts: [main]' });
  return list.map((raw: FileEntry, i) => {
    const where = `${file}: tokens[${i}]`;
    if (!raw || typeof raw !== 'object') throw new ConfigError(`${where} must be an object`, { file });
    const unknown = Object.keys(raw).filter((k) => !['id', 'token', 'tokenEnv', 'sha256', 'accounts', 'perMinute'].includes(k));
    if (unknown.length) throw new ConfigError(`${where}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}`, { file });
    if (typeof raw.id !== 'string') throw new ConfigError(`${where}: \`id\` (a name for logs) is required`, { file });
    checkId(raw.id, where);
    const given = [raw.token, raw.tokenEnv, raw.sha256].filter((v) => v !== undefined).length;
    if (given !== 1) throw new ConfigError(`${where}: give exactly one of \`token\`, \`tokenEnv\`, \`sha256\``, { file });
    let sha256: Buffer;
    if (raw.sha256 !== undefined) {
      if (typeof raw.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(raw.sha256)) throw new ConfigError(`${where}: \`sha256\` must be 64 hex digits, in quotes`, { file, hint: 'printf %s "$TOKEN" | sha256sum (quote it in YAML: an all-digit hash would read as a number)' });
      sha256 = Buffer.from(raw.sha256, 'hex');
    } else {
      const token = raw.tokenEnv !== undefined ? env[String(raw.tokenEnv)]?.trim() : raw.token;
      if (typeof token !== 'string' || !token) throw new ConfigError(`${where}: ${raw.tokenEnv !== undefined ? `environment variable ${String(raw.tokenEnv)} is not set` : '`token` must be a string'}`, { file });
      checkToken(token, where);
      sha256 = hashToken(token);
    }
    let accounts: RelayClientToken['accounts'] = '*';
    if (raw.accounts !== undefined && raw.accounts !== '*') {
      if (!Array.isArray(raw.accounts) || !raw.accounts.every((a) => typeof a === 'string')) throw new ConfigError(`${where}: \`accounts\` must be a list of account names or "*"`, { file });
      accounts = raw.accounts as string[];
    }
    const perMinute = raw.perMinute;
    if (perMinute !== undefined && (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 0)) throw new ConfigError(`${where}: \`perMinute\` must be a whole number ≥ 0`, { file });
    return { id: raw.id, sha256, accounts, ...(perMinute !== undefined ? { perMinute } : {}) };
  });
}

export async function readTokensFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<RelayClientToken[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the tokens file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file });
  }
  return parseTokensFile(text, file, env);
}
