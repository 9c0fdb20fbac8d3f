/** A field of a CSV file (RFC 4180): quoted when it holds a comma, quote or line break, or starts or ends with a space. */
export const csvField = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A CSV file for spreadsheets: a byte order mark, a header row, CRLF line ends. */
export function renderCsv<C extends string>(columns: readonly C[], rows: Record<C, string>[]): string {
  return '\ufeff' + [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}
