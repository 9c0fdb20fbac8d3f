import type { CitationRef, Plan } from '../../core/plan-schema.js';
import type { SourceView } from '../types.js';

/** The kind of a source in the words of its entry in the list of sources. */
function kindWords(status: string): string {
  if (status === 'illustrative') return 'Illustrative statistics: invented for an example, not real figures.';
  if (status === 'document') return '';
  if (status === 'management-information') return 'Management information, not official statistics.';
  return `${status[0].toUpperCase()}${status.slice(1)} statistics.`;
}

export interface Sources {
  /** Every source the report cites, numbered: data sources in the plan's order, then documents, then sources named only in words. */
  list: SourceView[];
  /** The number of the data source a file belongs to. */
  numberOfFile: Map<string, number>;
  /** A citation as the report prints it: "6", or "6, section 2.2". */
  cite: (c: CitationRef | undefined) => string | undefined;
}

/**
 * The report's sources, numbered once: each data source, each document the plan declares, and each
 * source named in words (the same words are one source). Evidence, case studies and local
 * indicators cite a source by its number, as the figures do; the titles are said once, in the list.
 */
export function buildSources(plan: Plan, dataFiles: Map<string, string[]>, longDate: (iso: string) => string): Sources {
  const declared = plan.data ?? [];
  const list: SourceView[] = declared.map((s, i) => ({
    n: i + 1,
    publisher: s.provenance.publisher,
    title: s.provenance.title,
    status: s.provenance.status,
    kind: kindWords(s.provenance.status),
    date: s.provenance.published ? `published ${longDate(s.provenance.published)}` : s.provenance.extracted && `extracted ${longDate(s.provenance.extracted)}`,
    licence: s.provenance.licence,
    url: s.provenance.url,
    note: s.provenance.note,
  }));
  const numberOfFile = new Map<string, number>();
  declared.forEach((s, i) => {
    (dataFiles.get(s.id) ?? []).forEach((f) => numberOfFile.set(f, i + 1));
    // A figure cites the source it was read for, when several read one file.
    numberOfFile.set(s.id, i + 1);
  });
  const byRef = new Map<string, number>(declared.map((s, i) => [s.id, i + 1]));
  for (const doc of plan.documents ?? []) {
    list.push({ n: list.length + 1, publisher: doc.publisher, title: doc.title, status: 'document', kind: '', date: doc.published && `published ${longDate(doc.published)}`, url: doc.url, note: doc.note });
    byRef.set(doc.id, list.length);
  }
  const inWords = new Map<string, number>();
  const numberOf = (words: string) => {
    const known = byRef.get(words) ?? inWords.get(words);
    if (known) return known;
    list.push({ n: list.length + 1, publisher: '', title: words, status: 'document', kind: '' });
    inWords.set(words, list.length);
    return list.length;
  };
  const cite = (c: CitationRef | undefined) => {
    if (c === undefined) return undefined;
    const n = typeof c === 'string' ? numberOf(c) : (byRef.get(c.ref) ?? numberOf(c.ref));
    return typeof c === 'string' || !c.at ? String(n) : `${n}, ${c.at}`;
  };
  return { list, numberOfFile, cite };
}
