/**
 * The themes of community justice work a plan's next steps and actions may name (`themes:`), in the
 * order of the National Strategy's aims (diversion and intervention, community sentences,
 * reintegration, understanding), then the ways of working partnerships name most.
 */
export const THEME_TITLES = {
  diversion: 'Diversion from prosecution and early intervention',
  custody: 'Support in police custody and arrest referral',
  bail: 'Bail supervision and alternatives to remand',
  'community-sentences': 'Community sentences and unpaid work',
  programmes: 'Programmes, risk management and public protection',
  health: 'Health, mental health and substance use',
  housing: 'Housing and homelessness',
  employability: 'Employability, training and volunteering',
  throughcare: 'Release from prison and throughcare',
  'victims-families': 'Victims and families',
  'women-young-people': 'Women, children and young people',
  'lived-experience': 'Lived experience and community participation',
  workforce: 'Workforce development and public understanding',
  trauma: 'Trauma-informed practice',
  evidence: 'Data, evidence and needs assessment',
} as const;

export type ThemeId = keyof typeof THEME_TITLES;
export const THEME_IDS = Object.keys(THEME_TITLES) as [ThemeId, ...ThemeId[]];
