/** Saves a blob through the browser's download path (the desktop shell shows a save dialog). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe slug: "Decision boundary" → "decision-boundary". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plot';
}

/** A download's file name from a document's name: "XOR" → "XOR.py"; characters no file system accepts become dashes. */
export function fileNameFor(suggested: string | undefined, extension: string): string {
  const base = (suggested ?? 'Untitled').replace(/[\\/:*?"<>|]+/g, '-').trim() || 'Untitled';
  return base.toLowerCase().endsWith(extension) ? base : base + extension;
}
