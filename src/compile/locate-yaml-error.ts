/**
 * Where a YAML error should point. yaml reports an unclosed `[`, `{` or quote where it noticed, at the
 * start of the next line: `author: [gzh 团队` on line 3 was reported at 4:1. The writer's mistake is the
 * opener, so such errors point at it: the flow collection or quoted scalar that ends where the error is.
 */
import { isCollection, isScalar, visit, type Document, type YAMLError } from 'yaml';

export function locateYamlError(doc: Document.Parsed | Document, error: YAMLError): number {
  const at = error.pos[0];
  if (error.code !== 'BAD_INDENT' && error.code !== 'MISSING_CHAR') return at;
  let opener: number | undefined;
  visit(doc, (_key, node) => {
    if (opener !== undefined) return visit.BREAK;
    const range = (node as { range?: [number, number, number] }).range;
    if (!range || range[0] >= at || range[1] !== at) return undefined;
    const unclosed = (isCollection(node) && node.flow) || (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'));
    if (unclosed) opener = range[0];
    return undefined;
  });
  return opener ?? at;
}
