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

/**
 * The helpers a template may call: each only shapes the email's own text. Handlebars also
 * registers `log`, which writes to the server's console: staff-edited text must never reach
 * anything but the email, so it is not there.
 */
const TEMPLATE_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup'];
/** What Handlebars calls for a helper it does not have: they only throw. */
const MISSING_HELPER_HANDLERS: readonly string[] = ['helperMissing', 'blockHelperMissing'];

/** A Handlebars instance of its own (nothing registered globally reaches it) with only the helpers above. */
function templateEngine(): typeof Handlebars {
  const engine = Handlebars.create();
  for (const name of Object.keys(engine.helpers)) {
    if (!TEMPLATE_HELPERS.includes(name) && !MISSING_HELPER_HANDLERS.includes(name)) engine.unregisterHelper(name);
  }
  return engine;
}

const engine = templateEngine();

/**
 * The compiler is told which helpers exist, so a template calling any other one (`log`
 * included, which the compiler would otherwise call directly) does not compile.
 */
const COMPILE_OPTIONS: CompileOptions = {
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(
    Object.keys(Handlebars.create().helpers).map((name) => [name, TEMPLATE_HELPERS.includes(name)]),
  ),
};

/**
 * Prototype access is refused without a word: Handlebars would otherwise write a warning to
 * the console for each property a template tries (`{{toString}}`).
 */
const RUNTIME_OPTIONS: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

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
 * Compiles a subject and a body as plain text (values inserted as they are), with the template
 * helpers only. Compiling is lazy in Handlebars: rendering once with no values surfaces syntax
 * errors (and calls of any other helper) now.
 */
export function compileTemplate(text: TemplateText): CompiledTemplate {
  const compiled = {
    subject: compilePart(text.subject, COMPILE_OPTIONS, 'subject'),
    body: compilePart(text.body, COMPILE_OPTIONS, 'body'),
  };
  renderPart(compiled.subject, {}, 'subject');
  renderPart(compiled.body, {}, 'body');
  return compiled;
}

/**
 * Checks a template as staff wrote it, before it is saved: it must compile with the template
 * helpers only and render with every value its template declares, and with no other value
 * (a misspelt `{{fristName}}` is an error here, never an empty gap in a sent email).
 */
export function checkTemplate(text: TemplateText, values: Record<string, string>): void {
  const options = { ...COMPILE_OPTIONS, strict: true };
  for (const part of ['subject', 'body'] as const) {
    renderPart(compilePart(text[part], options, part), values, part);
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

function compilePart(source: string, options: CompileOptions, part: 'subject' | 'body'): Handlebars.TemplateDelegate {
  try {
    return engine.compile(source, options);
  } catch (error) {
    throw new TemplateFormatError(describe(error), part);
  }
}

function renderPart(template: Handlebars.TemplateDelegate, values: object, part: 'subject' | 'body'): string {
  try {
    return template(values, RUNTIME_OPTIONS);
  } catch (error) {
    throw new TemplateFormatError(describe(error), part);
  }
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 300);
