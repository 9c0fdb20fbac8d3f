/**
 * Text a spreadsheet would take as a formula (starting =, +, -, @, a tab or a carriage return) is
 * made inert with a leading apostrophe, as OWASP's CSV-injection guidance says; numbers stay numbers.
 */
export function inertCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s) ? `'${s}` : s;
}

/** A field of a CSV file (RFC 4180): made inert, then quoted when it holds a comma, quote or line break, or starts or ends with a space. */
export const csvField = (value: string) => {
  const s = inertCell(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A CSV file for spreadsheets: a byte order mark, a header row, CRLF line ends. */
export function renderCsv<C extends string>(columns: readonly C[], rows: Record<C, string>[]): string {
  return '\ufeff' + [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}
