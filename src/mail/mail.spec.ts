import { TemplateFormatError, compileTemplate } from './mail-templates';
import { backoffMs } from './outbox-worker';

describe('email templates', () => {
  it('takes the subject from the first line and the body after the blank line', () => {
    const template = compileTemplate('Subject: Hi {{name}}\n\nHello {{name}} & co\n');
    expect(template.subject({ name: 'Ana' })).toBe('Hi Ana');
    expect(template.body({ name: 'Ana' })).toBe('Hello Ana & co\n');
  });

  it('refuses a template without a subject line or with broken syntax', () => {
    expect(() => compileTemplate('Hello')).toThrow(TemplateFormatError);
    expect(() => compileTemplate('Subject: x\n\n{{#if a}}never closed')).toThrow();
  });
});

describe('retry backoff', () => {
  it('doubles per attempt, with jitter between half and all of the delay', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, () => 1)).toBe(4000);
    expect(backoffMs(40, 1000, () => 1)).toBe(24 * 60 * 60_000);
  });
});
