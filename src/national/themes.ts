/** A theme of community justice work, and the words that show a partnership's next steps take it up. */
export interface Theme {
  id: string;
  title: string;
}

interface ThemeRule extends Theme {
  words: RegExp;
}

/**
 * The themes, in the order of the National Strategy's aims (diversion and intervention, community
 * sentences, reintegration, understanding), then the ways of working partnerships name most.
 */
const THEMES: ThemeRule[] = [
  { id: 'diversion', title: 'Diversion from prosecution and early intervention', words: /\bdiversion|\bdirect measures?\b|early intervention|structured deferred/i },
  { id: 'custody', title: 'Support in police custody and arrest referral', words: /police custody|custody (suite|centre|referral)|arrest referral/i },
  { id: 'bail', title: 'Bail supervision and alternatives to remand', words: /\bbail\b|\bremand|electronic monitoring/i },
  { id: 'community-sentences', title: 'Community sentences and unpaid work', words: /community payback|unpaid work|community sentence|\bCPOs?\b|drug treatment and testing|\bDTTOs?\b/i },
  { id: 'programmes', title: 'Programmes, risk management and public protection', words: /caledonian|moving forward|\bMF2C\b|\bMFMC\b|\bMAPPA\b|risk management|public protection/i },
  { id: 'health', title: 'Health, mental health and substance use', words: /\bhealth|mental|alcohol|\bdrugs?\b|substance|recovery|\bGPs?\b|medication/i },
  { id: 'housing', title: 'Housing and homelessness', words: /housing|homeless|tenanc|accommodation|\bSHORE\b/i },
  { id: 'employability', title: 'Employability, training and volunteering', words: /employab|employment|\bjobs?\b|volunteer|job ?seeking/i },
  { id: 'throughcare', title: 'Release from prison and throughcare', words: /throughcare|release|liberation|leaving (prison|custody)|reintegration/i },
  { id: 'victims-families', title: 'Victims and families', words: /victim|\bfamil(y|ies)\b/i },
  { id: 'women-young-people', title: 'Women, children and young people', words: /\bwomen|young (people|adults?)|\byouth|children/i },
  { id: 'lived-experience', title: 'Lived experience and community participation', words: /lived experience|participation|community engagement|service users?|voices|have your say/i },
  { id: 'workforce', title: 'Workforce development and public understanding', words: /training|workforce|workshop|awareness|understanding|confidence in|communication/i },
  { id: 'trauma', title: 'Trauma-informed practice', words: /trauma/i },
  { id: 'evidence', title: 'Data, evidence and needs assessment', words: /\bdata\b|evidence|needs (and strengths )?assessment|\bSNSA\b|self-evaluation|performance/i },
];

/**
 * The themes each partnership's next steps take up: a theme counts for a partnership when its
 * words appear in the text. A partnership may take up several themes; none is inferred otherwise.
 */
export function findThemes(texts: { who: string; text: string }[]): (Theme & { partnerships: string[] })[] {
  return THEMES.map(({ id, title, words }) => ({ id, title, partnerships: texts.filter((t) => words.test(t.text)).map((t) => t.who) }))
    .sort((a, b) => b.partnerships.length - a.partnerships.length || THEMES.findIndex((t) => t.id === a.id) - THEMES.findIndex((t) => t.id === b.id));
}
