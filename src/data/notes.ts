/**
 * Footnote numbers as published tables print them, stuck to labels and year headings:
 * "Community payback orders1,3,5", "Drug treatment and testing orders 2", "2015-16 7",
 * "2016-176,7", "Reconviction rate [note 4]", "Total¹". The label is read without them; the
 * numbers are kept as notes.
 */

const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };

/** Words after which a number is part of the label, not a footnote: "Aged 16 to 17", "Under 21". */
const NUMBER_WORDS = new Set(['to', 'under', 'over', 'aged', 'age', 'and', 'than', 'at', 'of', 'from', 'upto', 'least', 'or', 'cohort', 'part', 'table', 'year', 'years', 'tier', 'level', 'group', 'stage', 'phase', 'band', 'step']);

export interface Stripped {
  text: string;
  notes: string[];
}

const list = (s: string) => s.split(/[\s,;]+/).filter(Boolean);

/** A label or heading without its footnote numbers, and the numbers. */
export function stripNotes(raw: string): Stripped {
  let text = raw.replace(/\s+/g, ' ').trim();
  const notes: string[] = [];
  // [note 3], (note 3), [Notes 3, 4], [notes 3 and 4], [note 3; note 4]
  text = text
    .replace(/\s*[[(]notes?\s*(\d[\d,;\s]*(?:(?:and|&|note)\s*\d+[\d,;\s]*)*)[\])]/gi, (_, n: string) => {
      notes.push(...list(n.replace(/and|&|note/gi, ',')));
      return '';
    })
    // Markers published in a heading: "2023-24 [p]" (provisional), "2019-20 [x]", "[r]" (revised).
    .replace(/\s*\[([a-z]{1,2})\]/gi, (_, m: string) => {
      notes.push(m.toLowerCase());
      return '';
    })
    .trim();
  // Superscript digits at the end.
  const sup = /([\u2070\u00b9\u00b2\u00b3\u2074-\u2079,]+)$/.exec(text);
  if (sup && /[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]/.test(sup[1])) {
    notes.push(...list([...sup[1]].map((ch) => SUPERSCRIPTS[ch] ?? ',').join('')));
    text = text.slice(0, sup.index).trim();
  }
  // Financial years: "2015-16 7", "2016-176,7", "2016-20177".
  const y = /^(\d{4})(\s*[-/\u2013]\s*)(\d+)([\d,\s]*)$/.exec(text);
  if (y) {
    const start = Number(y[1]);
    const digits = y[3];
    const four = String(start + 1);
    const two = four.slice(2);
    const endLen = digits.startsWith(four) ? 4 : digits.startsWith(two) ? 2 : 0;
    if (endLen) {
      notes.push(...list(digits.slice(endLen) + ',' + y[4]));
      return { text: `${y[1]}${y[2]}${digits.slice(0, endLen)}`, notes };
    }
    return { text, notes };
  }
  // Numbers stuck to the last word: "orders1,3,5", "orders1".
  const glued = /^(.*[A-Za-z)\]])(\d{1,2}(?:\s*,\s*\d{1,2})*)$/.exec(text);
  if (glued && !/[A-Za-z]\d+$/.test(glued[1])) {
    notes.push(...list(glued[2]));
    return { text: glued[1].trim(), notes };
  }
  // A spaced list "orders 1,2", or one spaced number unless the word before makes it part of the label.
  const spaced = /^(.*[A-Za-z)\]])\s+(\d{1,2}(?:\s*,\s*\d{1,2})*)$/.exec(text);
  if (spaced) {
    const lastWord = /([A-Za-z]+)[)\]]?$/.exec(spaced[1])?.[1].toLowerCase() ?? '';
    if (spaced[2].includes(',') || !NUMBER_WORDS.has(lastWord)) {
      notes.push(...list(spaced[2]));
      return { text: spaced[1].trim(), notes };
    }
  }
  return { text, notes };
}

/** A label as compared with the plan's `row:`, `section:` and `column:`: without notes, case or extra spaces. */
export const labelKey = (raw: string): string => stripNotes(raw).text.toLowerCase().replace(/[\u2018\u2019]/g, "'");

/** A financial year as a table heads a column or labels a row ("2015-16", "2015/2016"), footnote numbers set aside. */
export const YEAR_LABEL = /^\d{4}\s*[-/\u2013]\s*\d{2}(\d{2})?$/;
export const isYearHeading = (raw: string): boolean => YEAR_LABEL.test(stripNotes(raw).text);

/** A financial year as a heading might be mistyped or out of range: "2015-17", "2017-2019", "20X6-17", "1899-00". */
export const YEARISH = /^[12][\dX]{3}\s*[-/\u2013]\s*[\dX]{2}([\dX]{2})?$/i;

/**
 * Note texts as tables print them below the figures or on a Notes sheet: "Note 2: Orders ended…",
 * "[note 2] Orders…", "2. Orders…", "[c] Suppressed…". The key is the number (or marker letter).
 */
export function noteText(first: string, second = ''): { key: string; text: string } | undefined {
  const t = first.replace(/\s+/g, ' ').trim();
  const whole = /^\[?notes?\s*(\d+)\]?$/i.exec(t);
  if (whole && second.trim()) return { key: whole[1], text: second.replace(/\s+/g, ' ').trim() };
  const m = /^(?:\[?notes?\s*(\d+)\]?\s*[:.\-\u2013]?|(\d{1,2})[.)]|\[([a-z]{1,2})\])\s+(\S.*)$/i.exec(t);
  if (!m) return undefined;
  return { key: (m[1] ?? m[2] ?? m[3]).toLowerCase(), text: m[4] };
}
