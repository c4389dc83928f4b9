import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/common';
import { SUPPORTED_LANGUAGES } from '../config/environment';
import { TEMPLATE_NAMES, sampleValues } from './template-catalogue';
import {
  TemplateFormatError,
  checkTemplate,
  compileTemplate,
  parseTemplateFile,
  renderTemplate,
} from './template-source';

const root = join(projectRoot(), 'mail-templates');

describe('email template source', () => {
  it('takes the subject from the first line and the body after the blank line', () => {
    const text = parseTemplateFile('Subject: Hi {{name}}\n\nHello {{name}} & co\n');
    const rendered = renderTemplate(compileTemplate(text), 'en', { name: 'Ana' });
    expect(rendered).toEqual({ language: 'en', subject: 'Hi Ana', text: 'Hello Ana & co\n' });
  });

  it('refuses a file without a subject line, and broken syntax, naming the part', () => {
    expect(() => parseTemplateFile('Hello')).toThrow(TemplateFormatError);
    const broken = () => compileTemplate({ subject: 'x', body: '{{#if a}}never closed' });
    expect(broken).toThrow(TemplateFormatError);
    try {
      broken();
    } catch (error) {
      expect((error as TemplateFormatError).part).toBe('body');
    }
  });

  it('checks an edited template against the values it may use: an unknown one, a helper or a partial is an error', () => {
    const values = { firstName: 'Ana', portalUrl: 'https://p.example' };
    expect(() =>
      checkTemplate({ subject: 'Hi {{firstName}}', body: '{{#if portalUrl}}{{portalUrl}}{{/if}}' }, values),
    ).not.toThrow();
    const misspelt = () => checkTemplate({ subject: 'Hi {{fristName}}', body: 'x' }, values);
    expect(misspelt).toThrow(/fristName/);
    expect(() => checkTemplate({ subject: 'x', body: '{{shout firstName}}' }, values)).toThrow(TemplateFormatError);
    expect(() => checkTemplate({ subject: 'x', body: '{{> footer}}' }, values)).toThrow(TemplateFormatError);
  });

  it('refuses the log helper in every form, and renders nothing that writes outside the email', () => {
    const values = { firstName: 'Ana' };
    const logging = [
      '{{log "leaked" level="error"}}',
      '{{log firstName}}',
      '{{log}}',
      '{{#log "leaked"}}x{{/log}}',
      '{{#with (log "leaked")}}x{{/with}}',
    ];
    for (const body of logging) {
      expect(() => checkTemplate({ subject: 'x', body }, values)).toThrow(TemplateFormatError);
      expect(() => checkTemplate({ subject: body, body: 'x' }, values)).toThrow(
        expect.objectContaining({ part: 'subject' }),
      );
    }
    const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const spies = consoleMethods.map((method) => jest.spyOn(console, method).mockImplementation(() => undefined));
    try {
      // A template saved before the check existed never calls it either: a call does not
      // compile, and a bare {{log}} is only a value the email does not have.
      for (const body of logging.filter((b) => b !== '{{log}}')) {
        expect(() => renderTemplate(compileTemplate({ subject: 'x', body }), 'en', values)).toThrow(
          /unknown helper log/,
        );
      }
      expect(renderTemplate(compileTemplate({ subject: 'x', body: '{{log}}' }), 'en', values).text).toBe('');
      // Refused prototype access stays silent too.
      const probing = compileTemplate({ subject: '{{toString}}', body: '{{lookup this "valueOf"}}{{hasOwnProperty}}' });
      expect(renderTemplate(probing, 'en', values)).toMatchObject({ subject: '', text: '' });
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('has every template of the catalogue in every language, each passing the check of an edit', () => {
    expect(
      readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    ).toEqual([...TEMPLATE_NAMES].sort());
    for (const name of TEMPLATE_NAMES) {
      for (const language of SUPPORTED_LANGUAGES) {
        const text = parseTemplateFile(readFileSync(join(root, name, `${language}.hbs`), 'utf8'));
        expect(() => checkTemplate(text, sampleValues(name))).not.toThrow();
        const rendered = renderTemplate(compileTemplate(text), language, sampleValues(name));
        expect(rendered.subject.length).toBeGreaterThan(0);
        expect(rendered.text).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});
