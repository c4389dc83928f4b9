/**
 * The generated types `client.ts` relies on, asserted exactly: a property typed `any`,
 * `unknown`, `object` or `Record<string, never>`, a lost enum, a lost `null` or a
 * response without a schema makes this file fail to compile. Type-checked with the
 * client against `./api.ts`, generated at test time; nothing here runs.
 */
import type { components, paths } from './api';
import type {
  Address,
  CreateRefusal,
  CreatedCustomer,
  Credentials,
  Customer,
  CustomerId,
  NewCustomer,
  NotFound,
  Problem,
  TokenPair,
} from './client';

type Schemas = components['schemas'];

/** True only when A and B are the same type (`any` equals nothing but `any`). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Assignable<From, To> = [From] extends [To] ? true : false;

type Language = 'en' | 'de' | 'fr' | 'es';
type PortalPermission = 'invoices' | 'estimates' | 'support';

/** The problem body of every error status of an operation; a status without one gives `MissingProblemBody`. */
type MissingProblemBody = { missingProblemBody: true };
type ProblemBodies<Responses> = {
  [Status in keyof Responses]: Status extends 200 | 201 | 204
    ? Problem
    : Responses[Status] extends { content: { 'application/problem+json': infer Body } }
      ? Body
      : MissingProblemBody;
}[keyof Responses];
type Responses<Path extends keyof paths, Method extends 'get' | 'post'> = paths[Path][Method] extends {
  responses: infer R;
}
  ? R
  : never;

export type LoginTypes = [
  Expect<Equal<Credentials, { email: string; password: string }>>,
  Expect<Equal<TokenPair['accessToken'], string>>,
  Expect<Equal<TokenPair['refreshToken'], string>>,
  Expect<Equal<TokenPair['expiresIn'], number>>,
  Expect<Equal<TokenPair['tokenType'], 'Bearer'>>,
];

export type CreateBodyTypes = [
  // Only the company is required: properties with a default stay optional.
  Expect<Assignable<{ company: string }, NewCustomer>>,
  Expect<Equal<NewCustomer['company'], string>>,
  Expect<Equal<NewCustomer['vat'], string | null | undefined>>,
  Expect<Equal<NewCustomer['phone'], string | null | undefined>>,
  Expect<Equal<NewCustomer['address'], Schemas['AddressDto'] | undefined>>,
  Expect<Equal<NewCustomer['billingAddress'], Schemas['AddressDto'] | undefined>>,
  Expect<Equal<NewCustomer['shippingAddress'], Schemas['AddressDto'] | null | undefined>>,
  Expect<Equal<Schemas['AddressDto']['street'], string | null | undefined>>,
  Expect<Equal<Schemas['AddressDto']['country'], string | null | undefined>>,
  Expect<Equal<NewCustomer['language'], Language | null | undefined>>,
  Expect<Equal<NewCustomer['active'], boolean | undefined>>,
  Expect<Equal<NewCustomer['sendWelcomeEmail'], boolean | undefined>>,
  Expect<Equal<NewCustomer['force'], boolean | undefined>>,
  Expect<Equal<NewCustomer['portalPermissions'], PortalPermission[] | undefined>>,
  Expect<Equal<NewCustomer['primaryContact'], Schemas['PrimaryContactDto'] | undefined>>,
  Expect<Equal<Schemas['PrimaryContactDto']['email'], string>>,
  Expect<Equal<Schemas['PrimaryContactDto']['phone'], string | null | undefined>>,
  Expect<Equal<Schemas['PrimaryContactDto']['title'], string | null | undefined>>,
  Expect<Equal<Schemas['PrimaryContactDto']['password'], string | undefined>>,
];

export type CustomerTypes = [
  Expect<Equal<Customer, Schemas['CustomerDto']>>,
  Expect<Equal<CustomerId, string>>,
  Expect<Equal<Customer['id'], string>>,
  Expect<Equal<Customer['company'], string>>,
  Expect<Equal<Customer['vat'], string | null>>,
  Expect<Equal<Customer['phone'], string | null>>,
  Expect<Equal<Customer['website'], string | null>>,
  Expect<Equal<Customer['address'], Address>>,
  Expect<Equal<Customer['billingAddress'], Address>>,
  Expect<Equal<Customer['shippingAddress'], Address | null>>,
  Expect<
    Equal<
      Address,
      { street: string | null; city: string | null; state: string | null; zip: string | null; country: string | null }
    >
  >,
  Expect<Equal<Customer['currency'], string | null>>,
  Expect<Equal<Customer['language'], Language | null>>,
  Expect<Equal<Customer['groupIds'], string[]>>,
  Expect<Equal<Customer['active'], boolean>>,
  Expect<Equal<Customer['version'], number>>,
  Expect<Equal<Customer['transactionCount'], number>>,
  Expect<Equal<Customer['createdAt'], string>>,
  Expect<Equal<Customer['createdBy'], string | null>>,
  Expect<Equal<Customer['updatedAt'], string>>,
];

export type CreatedCustomerTypes = [
  // The create answers the customer as the read does, plus its primary contact.
  Expect<Equal<Omit<CreatedCustomer, 'primaryContact'>, Omit<Customer, never>>>,
  Expect<Equal<CreatedCustomer['primaryContact'], Schemas['CreatedContactDto'] | null>>,
  Expect<Equal<Schemas['CreatedContactDto']['id'], string>>,
  Expect<Equal<Schemas['CreatedContactDto']['email'], string>>,
  Expect<Equal<Schemas['CreatedContactDto']['permissions'], PortalPermission[]>>,
];

export type ProblemTypes = [
  Expect<
    Equal<
      Problem,
      {
        type: string;
        title: string;
        status: number;
        code: string;
        detail: string;
        instance: string;
        requestId?: string;
      }
    >
  >,
  Expect<Equal<CreateRefusal, Schemas['ValidationProblemDto']>>,
  Expect<Assignable<CreateRefusal, Problem>>,
  Expect<Equal<CreateRefusal['errors'], { field: string; code: string; message: string }[]>>,
  Expect<Equal<NotFound, Problem>>,
  // Every error answer of the operations the client calls is problem details.
  Expect<Assignable<ProblemBodies<Responses<'/api/v1/auth/login', 'post'>>, Problem>>,
  Expect<Assignable<ProblemBodies<Responses<'/api/v1/customers', 'post'>>, Problem>>,
  Expect<Assignable<ProblemBodies<Responses<'/api/v1/customers/{id}', 'get'>>, Problem>>,
];
