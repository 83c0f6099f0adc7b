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

export function claimDataDir(owner: SandboxOwner): () => void {
  const running = readOwner(owner.dataDir);
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

/** The running sandbox of `dataDir` when it answers on its URL, else undefined. */
export async function findRunningSandbox(dataDir: string): Promise<SandboxOwner | undefined> {
  const owner = readOwner(path.resolve(dataDir));
  if (!owner || owner.pid === process.pid) return undefined;
  const answers = await new Promise<boolean>((resolve) => {
    const req = request(`${owner.url}/__sandbox/log`, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
  return answers ? owner : undefined;
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
