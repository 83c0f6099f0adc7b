/**
 * Sandbox state: in memory, mirrored to `<dataDir>/state.json` and `<dataDir>/media/*` when a data dir is
 * given. Every write is atomic (temp file + rename) so a killed sandbox never leaves a torn file.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../replace-file.js';
import { emptyMassData, type MassData } from './mass.js';
import type { SandboxContentImage, SandboxDraft, SandboxMaterial, SandboxPublish } from './types.js';

export interface TokenRecord {
  token: string;
  kind: 'classic' | 'stable';
  /** ms since epoch */
  expiresAt: number;
}

export interface SandboxData extends MassData {
  version: 1;
  drafts: SandboxDraft[];
  materials: SandboxMaterial[];
  images: SandboxContentImage[];
  publishes: SandboxPublish[];
  tokens: TokenRecord[];
  stableToken: string | null;
  forceRefreshes: number[];
  quota: { day: string; counts: Record<string, number> };
  seq: number;
  nextPublishId: number;
}

function emptyData(): SandboxData {
  return {
    version: 1,
    drafts: [],
    materials: [],
    images: [],
    publishes: [],
    tokens: [],
    stableToken: null,
    forceRefreshes: [],
    quota: { day: '', counts: {} },
    seq: 0,
    nextPublishId: 2247483650,
    ...emptyMassData(),
  };
}

export class SandboxStore {
  data: SandboxData = emptyData();
  private readonly media = new Map<string, Uint8Array>();
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dataDir: string | undefined) {}

  async load(): Promise<void> {
    if (!this.dataDir) return;
    await mkdir(path.join(this.dataDir, 'media'), { recursive: true });
    try {
      const text = await readFile(path.join(this.dataDir, 'state.json'), 'utf8');
      this.data = { ...emptyData(), ...(JSON.parse(text) as Partial<SandboxData>) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Write the current state (writes are chained so the last one always wins). */
  save(): Promise<void> {
    if (!this.dataDir) return Promise.resolve();
    const file = path.join(this.dataDir, 'state.json');
    const next = this.writing.then(() => replaceFile(file, JSON.stringify(this.data)));
    this.writing = next.catch(() => {});
    return next;
  }

  async putMedia(file: string, bytes: Uint8Array): Promise<void> {
    if (this.dataDir) await replaceFile(path.join(this.dataDir, 'media', file), bytes);
    else this.media.set(file, bytes);
  }

  async getMedia(file: string): Promise<Uint8Array | undefined> {
    if (!/^[A-Za-z0-9_-]+\.[a-z]+$/.test(file)) return undefined;
    if (!this.dataDir) return this.media.get(file);
    try {
      return await readFile(path.join(this.dataDir, 'media', file));
    } catch {
      return undefined;
    }
  }

  nextSeq(): number {
    return ++this.data.seq;
  }

  async flush(): Promise<void> {
    await this.writing;
  }
}
