import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
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

const handlebars = Handlebars.create();
const root = join(projectRoot(), 'mail-templates');

describe('email template source', () => {
  it('takes the subject from the first line and the body after the blank line', () => {
    const text = parseTemplateFile('Subject: Hi {{name}}\n\nHello {{name}} & co\n');
    const rendered = renderTemplate(compileTemplate(text, handlebars), 'en', { name: 'Ana' });
    expect(rendered).toEqual({ language: 'en', subject: 'Hi Ana', text: 'Hello Ana & co\n' });
  });

  it('refuses a file without a subject line, and broken syntax, naming the part', () => {
    expect(() => parseTemplateFile('Hello')).toThrow(TemplateFormatError);
    const broken = () => compileTemplate({ subject: 'x', body: '{{#if a}}never closed' }, handlebars);
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
      checkTemplate({ subject: 'Hi {{firstName}}', body: '{{#if portalUrl}}{{portalUrl}}{{/if}}' }, handlebars, values),
    ).not.toThrow();
    const misspelt = () => checkTemplate({ subject: 'Hi {{fristName}}', body: 'x' }, handlebars, values);
    expect(misspelt).toThrow(/fristName/);
    expect(() => checkTemplate({ subject: 'x', body: '{{shout firstName}}' }, handlebars, values)).toThrow(
      TemplateFormatError,
    );
    expect(() => checkTemplate({ subject: 'x', body: '{{> footer}}' }, handlebars, values)).toThrow(
      TemplateFormatError,
    );
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
        expect(() => checkTemplate(text, handlebars, sampleValues(name))).not.toThrow();
        const rendered = renderTemplate(compileTemplate(text, handlebars), language, sampleValues(name));
        expect(rendered.subject.length).toBeGreaterThan(0);
        expect(rendered.text).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});
