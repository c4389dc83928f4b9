/**
 * What the screens of a front end send, typed by the generated request types: the spec
 * runs the client with exactly these values, so the bodies are checked with the client.
 */
import type { Credentials, NewCustomer } from './client';

export function credentials(email: string, password: string): Credentials {
  return { email, password };
}

/** A customer form filled in completely: text, three addresses, a primary contact. */
export const newCustomer: NewCustomer = {
  company: 'Müller & Söhne GmbH',
  vat: 'DE123456789',
  phone: '+49 (30) 987-654',
  website: 'https://mueller.example.test',
  address: { street: 'Hauptstraße 1', city: 'Berlin', state: 'Berlin', zip: '10115', country: 'DE' },
  billingAddress: { street: 'Postfach 12 34', city: 'Hamburg', state: null, zip: '20095', country: 'DE' },
  shippingAddress: { street: 'Lagerweg 7', city: 'Wien', state: null, zip: '1010', country: 'AT' },
  language: 'de',
  primaryContact: {
    firstName: 'Erika',
    lastName: 'Mustermann',
    email: 'erika.mustermann@example.test',
    phone: '+49 30 123456',
    title: 'Buyer',
  },
  portalPermissions: ['invoices', 'support'],
  sendWelcomeEmail: false,
};

/** A form the types accept and the server refuses: a blank company, letters in the phone, no email. */
export const invalidCustomer: NewCustomer = {
  company: ' ',
  phone: 'call me',
  primaryContact: { firstName: 'Erika', lastName: 'Mustermann', email: 'not an email' },
};

/** Another company with the same VAT number: a likely duplicate. */
export const duplicateCustomer: NewCustomer = { company: 'Another company', vat: newCustomer.vat };
