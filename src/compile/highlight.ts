/**
 * Syntax highlighting with highlight.js grammars through lowlight (hast output, synchronous).
 * Grammars load on first use: importing lowlight's `common` bundle cost ~110 ms of every cold start,
 * and on demand any of highlight.js's ~190 languages works, not only the common 37. The host loads them
 * (loaders.ts): compile reads no files.
 */
import type { Root } from 'hast';
import { createLowlight } from 'lowlight';
import { compileLoaders } from './loaders.js';

type Grammar = Parameters<ReturnType<typeof createLowlight>['register']>[1];

const lowlight = createLowlight();
const missing = new Set<string>();

/** Common fence names that are not highlight.js file names. */
const ALIASES: Record<string, string> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript',
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash',
  py: 'python', python3: 'python', rb: 'ruby', rs: 'rust', golang: 'go', kt: 'kotlin',
  yml: 'yaml', md: 'markdown', html: 'xml', htm: 'xml', svg: 'xml', vue: 'xml',
  'c++': 'cpp', cc: 'cpp', hpp: 'cpp', h: 'c', cs: 'csharp', 'c#': 'csharp', ps1: 'powershell',
  jsonc: 'json', json5: 'json', dockerfile: 'dockerfile', docker: 'dockerfile', text: 'plaintext', txt: 'plaintext',
};

function ensureLanguage(name: string): string | undefined {
  const lang = ALIASES[name] ?? name;
  if (lowlight.registered(lang)) return lang;
  if (missing.has(lang) || !/^[a-z0-9-]+$/.test(lang)) return undefined;
  const grammar = compileLoaders().grammar(lang);
  if (!grammar) {
    missing.add(lang);
    return undefined;
  }
  lowlight.register(lang, grammar as unknown as Grammar);
  return lang;
}

/** Highlighted hast, or undefined for an unknown language (the caller shows plain text). */
export function highlightCode(language: string, code: string): Root | undefined {
  const lang = ensureLanguage(language);
  if (!lang || lang === 'plaintext') return undefined;
  return lowlight.highlight(lang, code);
}
