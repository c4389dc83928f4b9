/**
 * A small client of the customers API, written the way a front-end developer would:
 * `fetch` and nothing but the types openapi-typescript generates from `/docs-json`
 * into `./api.ts` (not kept in the repository; `generated-client.e2e-spec.ts` generates
 * it next to a copy of this file, type-checks both strictly and runs this one).
 *
 * No casts, no `any`, no non-null assertions: if the generated types needed one of them
 * here, the document would be describing the API wrongly.
 *
 * Generated with `defaultNonNullable: false` (CLI: `--default-non-nullable false`):
 * with openapi-typescript's default, every request property that has a `default`
 * comes out required, so a create would have to send `active`, `force` and the rest.
 */
import type { components, paths } from './api';

type Schemas = components['schemas'];

type Login = paths['/api/v1/auth/login']['post'];
type CreateCustomer = paths['/api/v1/customers']['post'];
type GetCustomer = paths['/api/v1/customers/{id}']['get'];

export type Credentials = Login['requestBody']['content']['application/json'];
export type TokenPair = Login['responses'][200]['content']['application/json'];
export type NewCustomer = CreateCustomer['requestBody']['content']['application/json'];
export type CreatedCustomer = CreateCustomer['responses'][201]['content']['application/json'];
export type CustomerId = GetCustomer['parameters']['path']['id'];
export type Customer = GetCustomer['responses'][200]['content']['application/json'];
export type Address = Schemas['CustomerAddressDto'];

/** Any refusal: RFC 9457 problem details with a stable `code`. */
export type Problem = Schemas['ProblemDetailsDto'];
/** A 400 of the create: every failing field. */
export type CreateRefusal = CreateCustomer['responses'][400]['content']['application/problem+json'];
export type FieldError = CreateRefusal['errors'][number];
/** A 404 of the read. */
export type NotFound = GetCustomer['responses'][404]['content']['application/problem+json'];

/** What a call gives back: the answer, or the refusal with its status. */
export type Outcome<T, P = Problem> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: P };

/** The answer of a create: the customer, its invalid fields, or another refusal. */
export type CreateOutcome =
  | { kind: 'created'; customer: CreatedCustomer }
  | { kind: 'invalid'; problem: CreateRefusal; fields: string[] }
  | { kind: 'refused'; problem: Problem };

export class CustomersClient {
  private accessToken: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async login(credentials: Credentials): Promise<Outcome<TokenPair>> {
    const outcome = await this.send<TokenPair, Problem>('POST', '/api/v1/auth/login', credentials);
    if (outcome.ok) this.accessToken = outcome.data.accessToken;
    return outcome;
  }

  async createCustomer(customer: NewCustomer): Promise<CreateOutcome> {
    const response = await this.call('POST', '/api/v1/customers', customer);
    if (response.status === 201) {
      const created: CreatedCustomer = await response.json();
      return { kind: 'created', customer: created };
    }
    if (response.status === 400) {
      const problem: CreateRefusal = await response.json();
      return { kind: 'invalid', problem, fields: problem.errors.map((error: FieldError) => error.field) };
    }
    const problem: Problem = await response.json();
    return { kind: 'refused', problem };
  }

  getCustomer(id: CustomerId): Promise<Outcome<Customer, NotFound>> {
    return this.send<Customer, NotFound>('GET', `/api/v1/customers/${encodeURIComponent(id)}`);
  }

  private async send<T, P>(method: string, path: string, body?: unknown): Promise<Outcome<T, P>> {
    const response = await this.call(method, path, body);
    if (response.ok) {
      const data: T = await response.json();
      return { ok: true, status: response.status, data };
    }
    const problem: P = await response.json();
    return { ok: false, status: response.status, problem };
  }

  private call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.accessToken !== null) headers.authorization = `Bearer ${this.accessToken}`;
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch(`${this.baseUrl}${path}`, init);
  }
}

/** One line per address, as a customer card shows it. */
export function formatAddress(address: Address | null): string {
  if (address === null) return '';
  const place = [address.zip, address.city].filter((part): part is string => part !== null).join(' ');
  return [address.street, place, address.state, address.country]
    .filter((part): part is string => part !== null && part !== '')
    .join(', ');
}

/** The label of a customer in a list: the company, with its VAT number when it has one. */
export function customerLabel(customer: Customer): string {
  const vat: string | null = customer.vat;
  return vat === null ? customer.company : `${customer.company} (${vat})`;
}
