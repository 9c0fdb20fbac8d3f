import { THEME_IDS, THEME_TITLES, type ThemeId } from '../core/themes.js';

/** A theme of community justice work, and the words that show a partnership's next steps take it up. */
export interface Theme {
  id: string;
  title: string;
}

interface ThemeRule extends Theme {
  words: RegExp;
}

/** The words that show a partnership's next steps take up each theme, when its plan names none. */
const WORDS: Record<ThemeId, RegExp> = {
  diversion: /\bdiversion|\bdirect measures?\b|early intervention|structured deferred/i,
  custody: /police custody|custody (suite|centre|referral)|arrest referral/i,
  bail: /\bbail\b|\bremand|electronic monitoring/i,
  'community-sentences': /community payback|unpaid work|community sentence|\bCPOs?\b|drug treatment and testing|\bDTTOs?\b/i,
  programmes: /caledonian|moving forward|\bMF2C\b|\bMFMC\b|\bMAPPA\b|risk management|public protection/i,
  health: /\bhealth|mental|alcohol|\bdrugs?\b|substance|recovery|\bGPs?\b|medication/i,
  housing: /housing|homeless|tenanc|accommodation|\bSHORE\b/i,
  employability: /employab|employment|\bjobs?\b|volunteer|job ?seeking/i,
  // Release from prison in any of its wordings: released, liberated, prison leavers, leaving custody, departure lounge.
  throughcare: /throughcare|through care|releas|liberat|prison leavers?|(leav(e|es|ing)|return(s|ing)? from|out of) (an? )?(HMP|HMYOI|prison|custody)\b|departure lounge|reintegrat/i,
  'victims-families': /victim|\bfamil(y|ies)\b/i,
  'women-young-people': /\bwomen|young (people|adults?)|\byouth|children/i,
  'lived-experience': /lived experience|participation|community engagement|service users?|voices|have your say/i,
  workforce: /training|workforce|workshop|awareness|understanding|confidence in|communication/i,
  trauma: /trauma/i,
  evidence: /\bdata\b|evidence|needs (and strengths )?assessment|\bSNSA\b|self-evaluation|performance/i,
};

const THEMES: ThemeRule[] = THEME_IDS.map((id) => ({ id, title: THEME_TITLES[id], words: WORDS[id] }));

/**
 * The themes each partnership's next steps take up: first those its plan names (`themes:` on the
 * year's report and on its actions); only for a partnership whose plan names none, those whose words
 * appear in its next steps, marked as inferred. A partnership may take up several themes.
 */
export function findThemes(texts: { who: string; text: string; named: ThemeId[] }[]): (Theme & { partnerships: string[]; inferred: string[] })[] {
  return THEMES.map(({ id, title, words }) => {
    const named = texts.filter((t) => t.named.includes(id as ThemeId)).map((t) => t.who);
    const inferred = texts.filter((t) => !t.named.length && words.test(t.text)).map((t) => t.who);
    return { id, title, partnerships: [...named, ...inferred].sort((a, b) => a.localeCompare(b, 'en-GB')), inferred };
  }).sort((a, b) => b.partnerships.length - a.partnerships.length || THEMES.findIndex((t) => t.id === a.id) - THEMES.findIndex((t) => t.id === b.id));
}
