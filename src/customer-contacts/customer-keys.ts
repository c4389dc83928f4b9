import { fold } from '@app/common';

/** The company name with case, accents, punctuation and spacing ignored: "Müller & Söhne" → "mullersohne". */
export function companyKey(company: string): string {
  return fold(company)
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .slice(0, 191);
}

/** VAT numbers are free text; compared upper-cased, letters and digits only ("DE 123.456" → "DE123456"). */
export function vatKey(vat: string | null | undefined): string | null {
  const key = (vat ?? '').toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return key ? key.slice(0, 50) : null;
}

const MAX_TERM = 64;
const PHONE_LIKE = /^\+?[\d\s().\-/]*\d[\d\s().\-/]*$/;
const LEADING_PUNCTUATION = /^[.\-_+@]+/;
const EDGE_PUNCTUATION = /^[.\-_+@]+|[.\-_+@]+$/g;

/** The words of a text, folded, split on anything but letters and digits. */
export function words(text: string | null | undefined): string[] {
  return fold(text ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.slice(0, MAX_TERM));
}

/** A whole email and its parts, so "anna.berg@", "anna" and "berg" all find it. */
function emailTerms(email: string | null | undefined): string[] {
  const lower = (email ?? '').trim().toLowerCase();
  if (!lower) return [];
  return [lower.slice(0, MAX_TERM), ...words(lower)];
}

export interface SearchableCustomer {
  company: string;
  vat?: string | null;
  phone?: string | null;
  contacts?: Array<{ firstName: string; lastName: string; email: string }>;
}

/** Every distinct term a customer is found by, word by word (prefix search over these). */
export function searchTerms(customer: SearchableCustomer): string[] {
  const phoneDigits = (customer.phone ?? '').replace(/\D+/g, '');
  const terms = [
    ...words(customer.company),
    ...(vatKey(customer.vat) ? [vatKey(customer.vat)!.toLowerCase()] : []),
    ...(phoneDigits ? [phoneDigits.slice(0, MAX_TERM)] : []),
    ...(customer.contacts ?? []).flatMap((c) => [...words(c.firstName), ...words(c.lastName), ...emailTerms(c.email)]),
  ];
  return [...new Set(terms)];
}

/**
 * The words of a search query, normalised like the terms: folded; an email-like word kept
 * whole; a query that looks like a phone number becomes one word of its digits. At most
 * five words.
 */
export function queryWords(q: string): string[] {
  if (PHONE_LIKE.test(q.trim())) return [q.replace(/\D+/g, '').slice(0, MAX_TERM)];
  return [
    ...new Set(
      q
        .split(/\s+/)
        .map((raw) => {
          if (raw.includes('@')) return fold(raw).replace(LEADING_PUNCTUATION, '');
          const word = fold(raw).replace(EDGE_PUNCTUATION, '');
          return word.replace(/[^\p{L}\p{N}]+/gu, '');
        })
        .filter(Boolean)
        .map((w) => w.slice(0, MAX_TERM)),
    ),
  ].slice(0, 5);
}
