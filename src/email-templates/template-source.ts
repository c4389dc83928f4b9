import Handlebars from 'handlebars';

export interface CompiledTemplate {
  subject: Handlebars.TemplateDelegate;
  body: Handlebars.TemplateDelegate;
}

export interface TemplateText {
  subject: string;
  body: string;
}

export interface RenderedEmail {
  language: string;
  subject: string;
  text: string;
}

const SUBJECT_LINE = /^Subject:[ \t]*(.*)\r?\n(?:\r?\n)?/;

/** A template that cannot be read or rendered; `part` says where. */
export class TemplateFormatError extends Error {
  constructor(
    message: string,
    readonly part: 'subject' | 'body' = 'body',
  ) {
    super(message);
    this.name = 'TemplateFormatError';
  }
}

/** A template file: its first line is `Subject: ...`, the body follows one blank line. */
export function parseTemplateFile(source: string): TemplateText {
  const head = SUBJECT_LINE.exec(source);
  if (!head) throw new TemplateFormatError('a template starts with a "Subject: ..." line', 'subject');
  return { subject: head[1].trim(), body: source.slice(head[0].length) };
}

/**
 * Compiles a subject and a body as plain text (values inserted as they are). Compiling is lazy
 * in Handlebars: rendering once with no values surfaces syntax errors now.
 */
export function compileTemplate(text: TemplateText, handlebars: typeof Handlebars): CompiledTemplate {
  const options = { noEscape: true };
  const compiled = {
    subject: compilePart(handlebars, text.subject, options, 'subject'),
    body: compilePart(handlebars, text.body, options, 'body'),
  };
  renderPart(compiled.subject, {}, 'subject');
  renderPart(compiled.body, {}, 'body');
  return compiled;
}

/**
 * Checks a template as staff wrote it, before it is saved: it must compile with the built-in
 * helpers only and render with every value its template declares, and with no other value
 * (a misspelt `{{fristName}}` is an error here, never an empty gap in a sent email).
 */
export function checkTemplate(text: TemplateText, handlebars: typeof Handlebars, values: Record<string, string>): void {
  const options = { noEscape: true, strict: true, knownHelpersOnly: true };
  for (const part of ['subject', 'body'] as const) {
    renderPart(compilePart(handlebars, text[part], options, part), values, part);
  }
}

/** Renders a compiled template: the subject on one line, the body with at most one blank line in a row. */
export function renderTemplate(
  compiled: CompiledTemplate,
  language: string,
  values: Record<string, unknown>,
): RenderedEmail {
  return {
    language,
    subject: renderPart(compiled.subject, values, 'subject').replace(/\s+/g, ' ').trim(),
    text: renderPart(compiled.body, values, 'body').replace(/\n{3,}/g, '\n\n'),
  };
}

function compilePart(
  handlebars: typeof Handlebars,
  source: string,
  options: CompileOptions,
  part: 'subject' | 'body',
): Handlebars.TemplateDelegate {
  try {
    return handlebars.compile(source, options);
  } catch (error) {
    throw new TemplateFormatError(describe(error), part);
  }
}

function renderPart(template: Handlebars.TemplateDelegate, values: object, part: 'subject' | 'body'): string {
  try {
    return template(values);
  } catch (error) {
    throw new TemplateFormatError(describe(error), part);
  }
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 300);
