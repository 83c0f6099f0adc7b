/** Quote a word inside a message. */
export function quote(text: string): string {
  return `'${text}'`;
}
