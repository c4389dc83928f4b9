import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';
import { Fixtures } from './fixtures';
import { sampleOne, valueArb } from './generators';
import { Operation, Schema, operationsOf, successSchema } from './openapi-model';
import { Fill, Probe, probesOf, randomProbeArb } from './probes';
import { FuzzRequest, requestArb } from './requests';
import { Runner, report } from './runner';

/**
 * Property-based fuzz of every operation of the served OpenAPI document: valid requests
 * generated from its schemas, then broken ones (wrong types, nulls, missing and unknown
 * members, text at and one past every maxLength in four alphabets, control characters,
 * deep nesting, huge numbers, oversized arrays, malformed JSON, odd bodies, unknown query
 * parameters, long and undecodable path parameters, bad headers and tokens). The seed is
 * fixed, so every run sends the same requests; every failure of the run is listed at the
 * end. An operation added to the API is fuzzed without a change here; one with a new kind
 * of id in its path needs a record in test/fuzz/fixtures.ts.
 *
 * The operations are dealt round-robin into shards, one spec file each, so that the shards
 * run side by side on separate workers; every shard starts its own app on its own database.
 *
 * Beside the report, under var/test/ (with the shard's number): openapi-fuzz-failures-N.json
 * (every failure in full), openapi-fuzz-refused-valid-N.json (valid requests that got a
 * documented answer other than success), openapi-fuzz-timings-N.json, and with FUZZ_LOG=1
 * openapi-fuzz-log-N.json (every answer in brief).
 */

const SEED = 20260131;
/** Valid requests per operation, and random stacks of one to three probes. */
const VALID_RUNS = 10;
const RANDOM_RUNS = 10;
const outputFile = (name: string, shard: number) => `var/test/openapi-fuzz-${name}-${shard + 1}.json`;

function seedOf(key: string): number {
  let hash = SEED;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash);
}

/** Deletes, and bodies that can delete: they get records of their own and run last. */
function isDestructive(op: Operation): boolean {
  return op.method === 'DELETE' || (op.body !== undefined && JSON.stringify(op.body.schema).includes('"delete"'));
}

/** The scalar members of a list's items: the names `sort` most likely takes. */
function sortFieldsOf(doc: any, op: Operation): string[] {
  const items = successSchema(doc, op)?.properties?.data?.items;
  return Object.entries(items?.properties ?? {})
    .filter(([, s]) => ['string', 'integer', 'number', 'boolean'].includes(s.type ?? ''))
    .map(([name]) => name);
}

/** Fuzzes shard `shard` (from 0) of `shards`: every `shards`-th operation in the order they run. */
export function describeFuzz(shard: number, shards: number): void {
  const FAILURES_FILE = outputFile('failures', shard);
  const TIMINGS_FILE = outputFile('timings', shard);
  const REFUSED_VALID_FILE = outputFile('refused-valid', shard);
  const LOG_FILE = outputFile('log', shard);

  describe(`OpenAPI fuzz of every operation (shard ${shard + 1} of ${shards})`, () => {
    let t: TestApp;

    beforeAll(async () => {
      // Failed sign-ins per client address would soon answer every login 429: the fuzz signs in from one address.
      t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '100000' });
    }, 60_000);
    afterAll(() => t?.close());

    it('answers valid and broken requests as the document says', async () => {
      const doc = (await t.get('/docs-json')).body;
      const ops = operationsOf(doc);
      expect(ops.length).toBeGreaterThan(0);

      const token = await (await given(t).admin()).token();
      // Signing out ends the caller's sessions: that operation signs out someone else.
      const logoutToken = await (await given(t).admin()).token();
      // Portal routes take a contact's token: a primary contact's, and another company's for signing out.
      const make = given(t);
      const portalContact = await make.signedInContact();
      const portalToken = portalContact.token;
      const portalLogoutToken = (await make.signedInContact()).token;
      const fixtures = new Fixtures(t, token, (op) => sortFieldsOf(doc, op));
      fixtures.portalCustomerId = portalContact.customer.id;
      await fixtures.init();
      const tokenFor = (op: Operation) => {
        const portal = op.path.startsWith('/api/v1/portal/');
        if (op.path.endsWith('/auth/logout')) return portal ? portalLogoutToken : logoutToken;
        return portal ? portalToken : token;
      };
      const runner = new Runner(t.baseUrl, fixtures, tokenFor);
      /** The settings that open the portal's routes, set again before each (another operation may change them). */
      const openPortal = () =>
        t.request('PATCH', 'settings', {
          body: { allowRegistration: true, contactsMayEditCompany: true, primaryContactManagesContacts: true },
          token,
        });

      const fuzz = async (op: Operation): Promise<void> => {
        if (op.body && !op.body.mediaTypes.includes('application/json')) {
          runner.record({
            class: 'not fuzzed',
            op: op.key,
            kind: '-',
            target: 'body',
            detail: `request bodies of ${op.body.mediaTypes.join(', ')} are not generated yet: teach test/fuzz/requests.ts`,
            method: op.method,
            url: op.path,
            headers: {},
          });
          return;
        }
        if (op.path.startsWith('/api/v1/portal/')) await openPortal();
        const seed = seedOf(op.key);
        const destructive = isDestructive(op);
        let fills = 0;
        const bodyHint = (name: string, schema: Schema) => fixtures.hint(name, schema, { op, in: 'body' });
        const fill: Fill = (schema) =>
          fixtures.substitute(sampleOne(valueArb(schema, 'value', { hint: bodyHint, complete: true }), seed + ++fills));
        const send = async (req: FuzzRequest, probe: Partial<Probe> & { phase: 'valid' | 'probe' | 'random' }) => {
          const set = await fixtures.setFor(destructive);
          await runner.exec(
            op,
            req,
            {
              phase: probe.phase,
              kind: probe.kind ?? probe.phase,
              target: probe.target ?? '-',
              refusedIfNamed: probe.refusedIfNamed,
            },
            set,
            destructive,
          );
        };

        // Valid requests: known-good examples, then generated ones.
        for (const example of fixtures.examples(op)) await send(example, { phase: 'valid', kind: 'example' });
        const valid = requestArb(op, fixtures.hint);
        await fc.assert(
          fc.asyncProperty(valid, (req) => send(req, { phase: 'valid' })),
          { seed, numRuns: VALID_RUNS, endOnFailure: true },
        );

        // Every probe once, each on a complete valid request of its own.
        const complete = requestArb(op, fixtures.hint, { complete: true });
        const sample = fixtures.substitute(sampleOne(complete, seed));
        const probes = probesOf(op, {
          sampleBody: sample.body,
          sampleParameter: (p) =>
            p.in === 'path'
              ? sample.path[p.name].value
              : String(
                  fixtures.substitute(
                    sampleOne(
                      valueArb(p.schema, p.name, {
                        hint: (n, s) => fixtures.hint(n, s, { op, in: p.in as 'query' | 'header' }),
                      }),
                      seed,
                    ),
                  ),
                ),
          fill,
        });
        for (const [i, probe] of probes.entries()) {
          const base = sampleOne(complete, seed + 1 + i);
          await send(probe.apply(base, fill), { ...probe, phase: 'probe' });
        }

        // Random stacks of probes and random values on generated requests.
        await fc.assert(
          fc.asyncProperty(valid, randomProbeArb(op, probes), async (req, stack) => {
            const broken = stack.reduce((r, probe) => probe.apply(r, fill), req);
            await send(broken, {
              phase: 'random',
              kind: stack.map((p) => p.kind).join(' & ') || 'none',
              target: stack.map((p) => p.target).join(' & '),
            });
          }),
          { seed: seed + 1, numRuns: RANDOM_RUNS, endOnFailure: true },
        );
      };

      const ordered = [
        ...ops.filter((op) => !isDestructive(op)),
        ...ops.filter(isDestructive).sort((a, b) => b.path.split('/').length - a.path.split('/').length),
      ].filter((_, i) => i % shards === shard);
      const timings: Record<string, { ms: number; requests: number }> = {};
      for (const op of ordered) {
        const started = Date.now();
        const before = runner.requests;
        await fuzz(op);
        if (op.method !== 'GET') await fixtures.renewShared();
        timings[op.key] = { ms: Date.now() - started, requests: runner.requests - before };
      }

      runner.checkCreates(ordered);
      for (const [op, names] of fixtures.unbound) {
        runner.record({
          class: 'no fixture',
          op,
          kind: 'fixture',
          target: names.join(', '),
          detail: `no record for path parameter ${names.join(', ')}: add one to test/fuzz/fixtures.ts`,
          method: op.split(' ')[0],
          url: op.split(' ')[1],
          headers: {},
        });
      }
      for (const op of ordered.filter((o) => runner.sentTo(o) === 0)) {
        runner.record({
          class: 'not fuzzed',
          op: op.key,
          kind: '-',
          target: '-',
          detail: 'no request was sent to this operation',
          method: op.method,
          url: op.path,
          headers: {},
        });
      }

      mkdirSync('var/test', { recursive: true });
      writeFileSync(FAILURES_FILE, JSON.stringify(runner.failures, null, 2));
      writeFileSync(TIMINGS_FILE, JSON.stringify(timings, null, 2));
      writeFileSync(REFUSED_VALID_FILE, JSON.stringify(runner.refusedValid, null, 2));
      if (runner.log) writeFileSync(LOG_FILE, JSON.stringify(runner.log));
      if (runner.failures.length > 0) {
        throw new Error(
          `The API does not answer as its OpenAPI document says (all of them in ${FAILURES_FILE}):\n\n${report(runner.failures, runner.requests)}`,
        );
      }
    }, 480_000);
  });
}
