import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { projectRoot, staleVersion } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { SUPPORTED_LANGUAGES } from '../config/environment';
import { StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import type {
  EmailTemplateDto,
  EmailTemplateSummaryDto,
  PreviewTemplateDto,
  TemplateTextDto,
} from './dto/email-template.dto';
import { EmailTemplateState, EmailTemplateTranslation } from './email-template.entity';
import { templateInvalid, templateNotFound } from './email-templates.errors';
import { EmailTemplatesRepository } from './email-templates.repository';
import { TEMPLATES, TEMPLATE_NAMES, TemplateName, isTemplateName, sampleValues } from './template-catalogue';
import {
  CompiledTemplate,
  RenderedEmail,
  TemplateFormatError,
  TemplateText,
  checkTemplate,
  compileTemplate,
  parseTemplateFile,
  renderTemplate,
} from './template-source';

/** The language every template has a file in, the last resort of rendering. */
export const FALLBACK_LANGUAGE = 'en';

const LANGUAGES: readonly string[] = SUPPORTED_LANGUAGES;

/** A template in the language it will be sent in. */
export interface ChosenTemplate {
  language: string;
  render(values: Record<string, unknown>): RenderedEmail;
}

interface Edited {
  stamp: number;
  compiled: CompiledTemplate;
}

/**
 * The email templates: default files under `mail-templates/<name>/<lang>.hbs`, and what staff
 * changed through the API (a template switched off, a subject and body per language), which
 * wins over the file. Rendering picks the first language of those asked for that has a text,
 * then English. Templates render as plain text, with a few helpers only (see `template-source`).
 */
@Injectable()
export class EmailTemplates {
  private readonly root = join(projectRoot(), 'mail-templates');
  private readonly files = new Map<string, { text: TemplateText; compiled: CompiledTemplate } | null>();
  private readonly edited = new Map<string, Edited>();

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: SettingsService,
    private readonly repository: EmailTemplatesRepository,
  ) {}

  async list(): Promise<EmailTemplateSummaryDto[]> {
    const [states, translations] = await Promise.all([
      this.repository.allStates(),
      this.repository.translatedLanguages(),
    ]);
    return TEMPLATE_NAMES.map((name) => {
      const state = states.find((s) => s.name === name);
      return {
        ...this.describe(name, state),
        customisedLanguages: LANGUAGES.filter((l) => translations.some((t) => t.template === name && t.language === l)),
      };
    });
  }

  async get(name: string): Promise<EmailTemplateDto> {
    const template = this.known(name);
    const [state, translations] = await Promise.all([
      this.repository.findState(template),
      this.repository.translationsOf(template),
    ]);
    return {
      ...this.describe(template, state),
      variables: Object.keys(sampleValues(template)),
      languages: LANGUAGES.map((language) => {
        const edited = translations.find((t) => t.language === language);
        const text = edited ?? this.file(template, language)?.text ?? this.file(template, FALLBACK_LANGUAGE)!.text;
        return {
          language,
          subject: text.subject,
          body: text.body,
          customised: Boolean(edited),
          updatedAt: edited?.updatedAt.toISOString() ?? null,
          updatedBy: edited?.updatedBy ?? null,
        };
      }),
    };
  }

  /** Switches a template on or off; an email of a template that is off is cancelled, never sent. */
  async setEnabled(
    actor: StaffActor,
    name: string,
    enabled: boolean,
    expectedVersion?: number,
  ): Promise<EmailTemplateDto> {
    const template = this.known(name);
    await this.connection.transaction(async () => {
      await this.bump(actor, template, expectedVersion, { enabled });
    });
    return this.get(template);
  }

  /** Saves a subject and body in one language, after checking that they render (400 if not). */
  async saveTranslation(
    actor: StaffActor,
    name: string,
    language: string,
    text: TemplateTextDto,
    expectedVersion?: number,
  ): Promise<EmailTemplateDto> {
    const template = this.known(name);
    const lang = this.language(language);
    this.check(template, text);
    await this.connection.transaction(async () => {
      const now = await this.bump(actor, template, expectedVersion);
      const row = { subject: text.subject, body: text.body, updatedAt: now, updatedBy: actor.id };
      await this.repository.saveTranslation(template, lang, row);
    });
    return this.get(template);
  }

  /** Goes back to the default file in one language. */
  async resetTranslation(actor: StaffActor, name: string, language: string, expectedVersion?: number): Promise<void> {
    const template = this.known(name);
    const lang = this.language(language);
    await this.connection.transaction(async () => {
      await this.bump(actor, template, expectedVersion);
      await this.repository.deleteTranslation(template, lang);
    });
  }

  /**
   * Renders a template with its example values and the company's own details: the saved text
   * in that language, or the subject and body sent (checked as a save would check them).
   */
  async preview(name: string, request: PreviewTemplateDto): Promise<RenderedEmail> {
    const template = this.known(name);
    const language = this.language(request.language ?? FALLBACK_LANGUAGE);
    const settings = await this.settings.current();
    const values = {
      ...sampleValues(template),
      companyName: settings.company.name ?? 'CRM',
      portalUrl: settings.portalUrl ?? '',
    };
    if (request.subject !== undefined || request.body !== undefined) {
      const current = (await this.get(template)).languages.find((l) => l.language === language)!;
      const text = { subject: request.subject ?? current.subject, body: request.body ?? current.body };
      this.check(template, text);
      return renderTemplate(compileTemplate(text), language, values);
    }
    return (await this.choose(template, [language])).render(values);
  }

  /**
   * The template an email goes out with: null when it is switched off; otherwise the first of
   * the languages given with a text (edited or default), else English, ready to render.
   */
  async forSending(name: string, languages: ReadonlyArray<string | null | undefined>): Promise<ChosenTemplate | null> {
    if (!isTemplateName(name)) throw new TemplateFormatError(`no email template "${name}"`);
    const state = await this.repository.findState(name);
    if (state && !state.enabled) return null;
    return this.choose(name, languages);
  }

  private async choose(
    name: TemplateName,
    languages: ReadonlyArray<string | null | undefined>,
  ): Promise<ChosenTemplate> {
    const translations = await this.repository.translationsOf(name);
    for (const language of [...languages, FALLBACK_LANGUAGE]) {
      if (!language) continue;
      const edited = translations.find((t) => t.language === language);
      const compiled = edited ? this.compiledEdit(edited) : this.file(name, language)?.compiled;
      if (compiled) return { language, render: (values) => renderTemplate(compiled, language, values) };
    }
    throw new TemplateFormatError(`no "${name}" email template in ${FALLBACK_LANGUAGE}`);
  }

  /**
   * Takes the template's row (made on its first change) with a version check, moving its
   * version on; answers the time of the change.
   */
  private async bump(
    actor: StaffActor,
    name: TemplateName,
    expectedVersion: number | undefined,
    change: Partial<Pick<EmailTemplateState, 'enabled'>> = {},
  ): Promise<Date> {
    const now = new Date();
    await this.repository.insertStateIfAbsent(name, now);
    const written = await this.repository.advanceState(name, expectedVersion, {
      ...change,
      updatedAt: now,
      updatedBy: actor.id,
    });
    if (!written) {
      const current = await this.repository.findStateOrFail(name);
      throw staleVersion(current.version);
    }
    return now;
  }

  private check(name: TemplateName, text: TemplateText): void {
    try {
      checkTemplate(text, sampleValues(name));
    } catch (error) {
      if (error instanceof TemplateFormatError) throw templateInvalid(error);
      throw error;
    }
  }

  private describe(name: TemplateName, state: EmailTemplateState | null | undefined) {
    const { description, recipient } = TEMPLATES[name];
    return {
      name,
      description,
      recipient,
      enabled: state?.enabled ?? true,
      version: state?.version ?? 1,
      updatedAt: state?.updatedAt.toISOString() ?? null,
    };
  }

  private known(name: string): TemplateName {
    if (!isTemplateName(name)) throw templateNotFound();
    return name;
  }

  private language(language: string): string {
    if (!LANGUAGES.includes(language)) throw templateNotFound();
    return language;
  }

  private compiledEdit(edited: EmailTemplateTranslation): CompiledTemplate {
    const key = `${edited.template}/${edited.language}`;
    const stamp = edited.updatedAt.getTime();
    const cached = this.edited.get(key);
    if (cached?.stamp === stamp) return cached.compiled;
    const compiled = compileTemplate(edited);
    this.edited.set(key, { stamp, compiled });
    return compiled;
  }

  private file(name: TemplateName, language: string) {
    const key = `${name}/${language}`;
    if (!this.files.has(key)) {
      const path = join(this.root, name, `${language}.hbs`);
      const safe = /^[a-z]{2}$/.test(language);
      if (safe && existsSync(path)) {
        const text = parseTemplateFile(readFileSync(path, 'utf8'));
        this.files.set(key, { text, compiled: compileTemplate(text) });
      } else {
        this.files.set(key, null);
      }
    }
    return this.files.get(key)!;
  }
}
