import { escapeMarkdownText } from '../../core/words.js';
import type { PublicationView } from '../types.js';
import type { ReportContext } from './context.js';

/** Publication date, contact, alternative formats and the copy sent to Community Justice Scotland. */
export function buildPublication(ctx: ReportContext): PublicationView {
  const rep = ctx.report;
  const contact = rep?.contact ?? ctx.plan.partnership.contacts?.[0];
  // The default sentence is Markdown built from the contact's details: each is plain text in it.
  const reach = contact ? [contact.email, contact.phone].filter((x): x is string => Boolean(x)).map(escapeMarkdownText).join(' or ') : '';
  return {
    published: rep?.published && ctx.longDate(rep.published),
    contact,
    alternativeFormats:
      ctx.text(rep?.alternative_formats) ??
      `This report can be provided in other formats, such as large print, easy read or another language, on request${contact ? ` to ${escapeMarkdownText(contact.name)}${reach ? ` (${reach})` : ''}` : ''}.`,
    sentToCjs: `As the Community Justice (Scotland) Act 2016 requires, a copy of this report is sent to Community Justice Scotland.`,
  };
}
