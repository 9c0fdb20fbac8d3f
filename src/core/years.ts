// Financial years run 1 April to 31 March and are written `YYYY-YY` in files and reports; in code a
// financial year is the number of the calendar year it starts in.

const FORMS = [
  /^(\d{4})\s*[-/\u2013]\s*(\d{2})$/, // 2024-25, 2024/25, or with an en dash (\u2013)
  /^(\d{4})\s*[-/\u2013]\s*(\d{4})$/, // 2024-2025, 2024/2025
];

/** Parse any financial-year form found in sources; a bare `2024` means the year starting April 2024. */
export function parseFinancialYear(text: string | number): number | undefined {
  const s = String(text).trim();
  if (/^\d{4}$/.test(s)) return Number(s);
  for (const re of FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2].length === 2 ? (Math.floor(start / 100) * 100 + Number(m[2])) : Number(m[2]);
    const endFixed = m[2].length === 2 && end < start ? end + 100 : end;
    if (endFixed !== start + 1) return undefined;
    return start;
  }
  return undefined;
}

/** `2024` → `2024-25`. */
export function formatFinancialYear(start: number): string {
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** `2024` → `1 April 2024 to 31 March 2025`. */
export function describeFinancialYear(start: number): string {
  return `1 April ${start} to 31 March ${start + 1}`;
}

/** The financial year a date (YYYY-MM-DD) falls in. */
export function financialYearOfDate(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return mo >= 4 ? y : y - 1;
}

/**
 * Normalise a due date: a date, a month, or a financial year (its end). Returns YYYY-MM-DD.
 * `2027-28` is the financial year (its second part follows the first); `2027-09` is a month.
 */
export function dueDateOf(due: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) return due;
  const pair = /^(\d{4})-(\d{2})$/.exec(due);
  if (pair && Number(pair[2]) === (Number(pair[1]) + 1) % 100) return `${Number(pair[1]) + 1}-03-31`;
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(due)) {
    const [y, m] = due.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${due}-${String(last).padStart(2, '0')}`;
  }
  if (/^\d{4}-\d{2}$/.test(due)) return undefined;
  const fy = parseFinancialYear(due);
  return fy === undefined ? undefined : `${fy + 1}-03-31`;
}
