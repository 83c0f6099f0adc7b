/** Text or an attribute value made safe inside HTML: the one escape the HTML pages of gzh use (preview, gallery, sandbox view). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
