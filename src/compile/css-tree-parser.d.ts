/** `css-tree/parser`: css-tree's parser alone (@types/css-tree types only the package entry). */
declare module 'css-tree/parser' {
  import type { parse } from 'css-tree';
  const parseCss: typeof parse;
  export default parseCss;
}
