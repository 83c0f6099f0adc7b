/**
 * One sandbox per data folder. The state lives in memory and is saved whole, so two sandboxes on one folder
 * (`gzh sandbox` in one terminal, `gzh publish --sandbox` in another) would overwrite each other's drafts.
 * A running sandbox records itself in `<dataDir>/server.json`; a second one refuses to start there, and
 * `gzh publish --sandbox` finds the running one and publishes through it instead.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'node:http';
import { GzhError } from '../errors.js';

export interface SandboxOwner {
  pid: number;
  url: string;
  appId: string;
  appSecret: string;
  dataDir: string;
}

const OWNER_FILE = 'server.json';

/** The sandbox process serving `dataDir`, if one is alive (a record left by a killed one is ignored). */
export function readOwner(dataDir: string): SandboxOwner | undefined {
  let owner: SandboxOwner;
  try {
    owner = JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as SandboxOwner;
  } catch {
    return undefined;
  }
  if (typeof owner.pid !== 'number' || typeof owner.url !== 'string' || !isLoopback(owner.url) || !isAlive(owner.pid)) return undefined;
  return owner;
}

export async function claimDataDir(owner: SandboxOwner): Promise<() => void> {
  // a record whose server does not answer as this folder's sandbox (stale, or committed by someone) is replaced
  const running = await findRunningSandbox(owner.dataDir);
  if (running && running.pid !== process.pid) {
    throw new GzhError('sandbox/busy', `Another gzh sandbox (pid ${running.pid}, ${running.url}) already serves ${owner.dataDir}`, {
      hint: `Use that one (gzh publish --sandbox does), stop it, or give this one its own folder with --data DIR (or --memory)`,
      exitCode: 2,
    });
  }
  const file = path.join(owner.dataDir, OWNER_FILE);
  writeFileSync(file, JSON.stringify(owner, null, 2));
  return () => {
    if (readOwner(owner.dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/**
 * The running sandbox of `dataDir`, else undefined. A server.json can be stale or committed by someone else: the
 * record must name a loopback URL and a live process, and the server there must say it is that process serving
 * this very folder, before anything (credentials included) is sent to it.
 */
export async function findRunningSandbox(dataDir: string): Promise<SandboxOwner | undefined> {
  const folder = path.resolve(dataDir);
  const owner = readOwner(folder);
  if (!owner || owner.pid === process.pid) return undefined;
  const answer = await new Promise<{ pid?: unknown; dataDir?: unknown; service?: unknown } | undefined>((resolve) => {
    const req = request(`${owner.url}/__sandbox/whoami`, { method: 'GET', timeout: 1000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk.length + text.length > 4096 ? '' : chunk));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 ? (JSON.parse(text) as { pid?: unknown }) : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
  return answer?.service === 'gzh-sandbox' && answer.pid === owner.pid && answer.dataDir === folder ? owner : undefined;
}

/** A record pointing anywhere but this machine is not a sandbox of this machine (a committed server.json could say anything). */
function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname) && new URL(url).protocol === 'http:';
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
