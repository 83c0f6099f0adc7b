/**
 * Raw HTML written in Markdown, reduced to what WeChat keeps (see sanitize-tree.ts and wechat-schema.ts).
 * Runs before the transforms that draw math and diagrams as SVG: their output is gzh's own.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { sanitizeTree } from '../sanitize-tree.js';

export default function rehypeSanitizeForWechat() {
  return (tree: Root, file: VFile) => sanitizeTree(tree, file);
}
