import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { projectRoot } from '@app/common';

export const TEMPLATE_NAMES = ['welcome'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const FALLBACK_LANGUAGE = 'en';

export interface RenderedEmail {
  language: string;
  subject: string;
  text: string;
}

interface CompiledTemplate {
  subject: Handlebars.TemplateDelegate;
  body: Handlebars.TemplateDelegate;
}

const SUBJECT_LINE = /^Subject:[ \t]*(.*)\r?\n(?:\r?\n)?/;

export class TemplateFormatError extends Error {}

/**
 * Splits a template file into its subject (the first line, `Subject: ...`) and its body
 * (everything after the blank line that follows), and compiles both as plain text.
 */
export function compileTemplate(source: string, handlebars: typeof Handlebars = Handlebars): CompiledTemplate {
  const head = SUBJECT_LINE.exec(source);
  if (!head) throw new TemplateFormatError('a template starts with a "Subject: ..." line');
  const options = { noEscape: true };
  const subject = handlebars.compile(head[1].trim(), options);
  const body = handlebars.compile(source.slice(head[0].length), options);
  // Compiling is lazy in Handlebars; rendering once with no values surfaces syntax errors now.
  subject({});
  body({});
  return { subject, body };
}

/**
 * The email templates: files under `mail-templates/<name>/<lang>.hbs`, rendered with
 * Handlebars (an isolated instance, plain text). The language asked for, else the fallback
 * language given (the system default), else English.
 */
@Injectable()
export class MailTemplates {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, CompiledTemplate | null>();
  private readonly root = join(projectRoot(), 'mail-templates');

  render(
    template: string,
    languages: ReadonlyArray<string | null | undefined>,
    context: Record<string, unknown>,
  ): RenderedEmail {
    for (const language of [...languages, FALLBACK_LANGUAGE]) {
      if (!language) continue;
      const found = this.load(template, language);
      if (found) {
        return {
          language,
          subject: found.subject(context).replace(/\s+/g, ' ').trim(),
          text: found.body(context).replace(/\n{3,}/g, '\n\n'),
        };
      }
    }
    throw new TemplateFormatError(`no "${template}" email template in ${FALLBACK_LANGUAGE}`);
  }

  private load(template: string, language: string): CompiledTemplate | null {
    const key = `${template}/${language}`;
    if (!this.compiled.has(key)) {
      const file = join(this.root, template, `${language}.hbs`);
      const safe = /^[a-z_-]+$/.test(template) && /^[a-z]{2}$/.test(language);
      this.compiled.set(
        key,
        safe && existsSync(file) ? compileTemplate(readFileSync(file, 'utf8'), this.handlebars) : null,
      );
    }
    return this.compiled.get(key)!;
  }
}
