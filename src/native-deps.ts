/**
 * undici and sharp, loaded on first use: together ~100 ms of every gzh start-up (their module graphs, sharp's
 * native library), and most runs need neither (gzh --version, lint, schedule, a build without images). Both are
 * CommonJS packages, so a synchronous require keeps their callers synchronous.
 */
import { createRequire } from 'node:module';
import type SharpModule from 'sharp';
import type * as UndiciModule from 'undici';

const require = createRequire(import.meta.url);
let undiciModule: typeof UndiciModule | undefined;
let sharpModule: typeof SharpModule | undefined;

export function undici(): typeof UndiciModule {
  return (undiciModule ??= require('undici') as typeof UndiciModule);
}

export function sharp(): typeof SharpModule {
  return (sharpModule ??= require('sharp') as typeof SharpModule);
}
