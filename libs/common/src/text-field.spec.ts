import { plainToInstance } from 'class-transformer';
import { Matches, maxLength, validateSync } from 'class-validator';
import { FieldError } from './errors/domain-error';
import { VALIDATION_OPTIONS, validationExceptionFactory } from './errors/validation';
import { TextField, codePointLength, hasControlCharacter } from './text-field';

class Body {
  @TextField({ max: 5, min: 2 })
  name: string;

  @TextField({ max: 10, optional: true, nullable: true })
  city?: string | null;

  @TextField({ max: 10, optional: true })
  title?: string;

  @TextField({ max: 20, optional: true, multiline: true })
  text?: string;

  @TextField({ max: 8, optional: true, nullable: true, pattern: '^[0-9]*$' })
  @Matches(/^[0-9]*$/)
  phone?: string | null;

  @TextField({ max: 8, optional: true, anyCharacter: true })
  password?: string;
}

const VALID = { name: 'Anna' };

/** The failing rules of a body, as `field:code`, and their arguments. */
function errors(body: Record<string, unknown>): FieldError[] {
  const instance = plainToInstance(Body, body);
  const found = validateSync(instance, VALIDATION_OPTIONS);
  return found.length ? validationExceptionFactory(found).fieldErrors : [];
}
const codes = (body: Record<string, unknown>) => errors(body).map((e) => `${e.field}:${e.code}`);

const HEART = '❤️'; // U+2764 U+FE0F: two code points
const GRIN = '😀'; // U+1F600: one code point, two UTF-16 units
const E_ACUTE = 'e\u0301'; // e and a combining acute accent: two code points

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    [HEART, 2],
    [HEART.repeat(3), 6],
    [GRIN, 1],
    [GRIN.repeat(4), 4],
    ['👍🏽', 2], // thumbs up and a skin tone modifier
    ['👨‍👩‍👧', 5], // three people joined by two zero-width joiners
    [E_ACUTE, 2],
    ['é', 1], // precomposed
    ['\ud800', 1], // a lone surrogate
    ['a\udc00b', 3],
  ])('%j is %i code points', (text, length) => {
    expect(codePointLength(text)).toBe(length);
    expect(codePointLength(text)).toBe([...text].length);
  });
});

describe('@TextField', () => {
  it('accepts a valid body', () => {
    expect(codes({ ...VALID, city: 'Bern', title: 'Dr', text: 'a\nb', phone: '123', password: 'x' })).toEqual([]);
  });

  it('counts code points, not what validator.js counts', () => {
    // five code points: what the column holds
    expect(codes({ name: `${HEART}${HEART}${GRIN}` })).toEqual([]);
    // six code points, which @MaxLength(5) would let through as three characters
    const hearts = HEART.repeat(3);
    expect(maxLength(hearts, 5)).toBe(true);
    expect(codes({ name: hearts })).toEqual(['name:maxLength']);
    expect(codes({ name: GRIN.repeat(5) })).toEqual([]);
    expect(codes({ name: GRIN.repeat(6) })).toEqual(['name:maxLength']);
    // combining marks are code points of their own, to validator.js as to the column
    expect(codes({ name: `${E_ACUTE}${E_ACUTE}ab` })).toEqual(['name:maxLength']);
    expect(codes({ name: `${E_ACUTE}${E_ACUTE}a` })).toEqual([]);
  });

  it('counts the minimum in code points too', () => {
    expect(codes({ name: GRIN })).toEqual(['name:minLength']);
    expect(codes({ name: 'a' })).toEqual(['name:minLength']);
    expect(codes({ name: '' })).toEqual(['name:minLength']);
    expect(codes({ name: HEART })).toEqual([]);
  });

  it('refuses text of white space only when the field may not be empty', () => {
    expect(codes({ name: '   ' })).toEqual(['name:isNotEmpty']);
    expect(codes({ name: ' \u00a0 ' })).toEqual(['name:isNotEmpty']);
    expect(codes({ name: ' ab ' })).toEqual([]);
  });

  it('names the rules maxLength and minLength with the limit as the first argument', () => {
    expect(errors({ name: 'abcdef' })).toEqual([
      { field: 'name', code: 'maxLength', message: expect.any(String), args: { property: 'name', c0: 5 } },
    ]);
    expect(errors({ name: 'a' })).toEqual([
      { field: 'name', code: 'minLength', message: expect.any(String), args: { property: 'name', c0: 2 } },
    ]);
    expect(errors({ ...VALID, city: GRIN.repeat(11) })).toEqual([
      { field: 'city', code: 'maxLength', message: expect.any(String), args: { property: 'city', c0: 10 } },
    ]);
  });

  it.each([
    ['NUL', '\u0000'],
    ['bell', '\u0007'],
    ['tab', '\t'],
    ['line feed', '\n'],
    ['carriage return', '\r'],
    ['escape', '\u001b'],
    ['DEL', '\u007f'],
    ['C1 control', '\u0085'],
    ['lone high surrogate', '\ud83d'],
    ['lone low surrogate', '\ude00'],
  ])('refuses a %s in single-line text', (_name, character) => {
    expect(codes({ name: `a${character}b` })).toEqual(['name:matches']);
    expect(codes({ ...VALID, city: `a${character}b` })).toEqual(['city:matches']);
  });

  it('allows tabs and line breaks in multiline text, but no other control character', () => {
    expect(codes({ ...VALID, text: 'one\ntwo\r\nthree\tfour' })).toEqual([]);
    for (const character of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\ud800']) {
      expect(codes({ ...VALID, text: `a${character}b` })).toEqual(['text:matches']);
    }
  });

  it('allows any character where asked to, still counting code points', () => {
    expect(codes({ ...VALID, password: 'a\u0000\t\u007f' })).toEqual([]);
    expect(codes({ ...VALID, password: HEART.repeat(5) })).toEqual(['password:maxLength']);
  });

  it('allows astral characters, combining marks and joiners', () => {
    expect(hasControlCharacter(`${GRIN}${HEART}${E_ACUTE}👨‍👩‍👧`)).toBe(false);
    expect(hasControlCharacter('\u00a0\u2028')).toBe(false);
  });

  it('keeps the rules of its own next to it', () => {
    expect(codes({ ...VALID, phone: '12a' })).toEqual(['phone:matches']);
    expect(codes({ ...VALID, phone: '1'.repeat(9) })).toEqual(['phone:maxLength']);
  });

  it('refuses what is not a string with isString alone', () => {
    expect(codes({ name: 12 })).toEqual(['name:isString']);
    expect(codes({ name: ['Anna'] })).toEqual(['name:isString']);
    expect(codes({ ...VALID, city: 12 })).toEqual(['city:isString']);
  });

  it('requires what is neither optional nor nullable', () => {
    expect(codes({})).toEqual(['name:isString']);
    expect(codes({ name: null })).toEqual(['name:isString']);
  });

  it('lets an optional nullable field be absent or null', () => {
    expect(codes({ ...VALID, city: null })).toEqual([]);
    expect(codes({ ...VALID, city: undefined })).toEqual([]);
  });

  it('lets an optional field that is not nullable be absent, but not null', () => {
    expect(codes({ ...VALID })).toEqual([]);
    expect(codes({ ...VALID, title: null })).toEqual(['title:isString']);
  });

  it('refuses limits that cannot work', () => {
    expect(() => TextField({ max: 0 })).toThrow();
    expect(() => TextField({ max: 5, min: 6 })).toThrow();
  });
});
