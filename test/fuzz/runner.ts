import { Finding, Verdict, checkRequest, codePoints, verdictOf } from './conformance';
import type { FixtureSet, Fixtures } from './fixtures';
import { Operation, documentsStatus } from './openapi-model';
import { FuzzRequest, serialiseBody, urlOf, wireOf } from './requests';

/**
 * Sends fuzz requests and judges each answer against the document: no 5xx; every 4xx is
 * problem details (a 400 with `errors`); every status is one the operation documents; no
 * 2xx for a request the document forbids; no 400 naming a boundary value the document
 * allows. Failures are collected, never thrown, so that one run lists them all.
 */

export type FailureClass =
  | '5xx'
  | 'undocumented status'
  | 'not problem details'
  | '2xx for forbidden input'
  | 'valid boundary value refused'
  | 'valid create never succeeded'
  | 'no answer'
  | 'no fixture'
  | 'not fuzzed';

/** Most severe first: the order of the report. */
const CLASS_ORDER: FailureClass[] = [
  '5xx',
  'no answer',
  'undocumented status',
  'not problem details',
  '2xx for forbidden input',
  'valid boundary value refused',
  'valid create never succeeded',
  'no fixture',
  'not fuzzed',
];

export interface Failure {
  class: FailureClass;
  op: string;
  kind: string;
  target: string;
  detail: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  status?: number;
  response?: string;
}

export interface Meta {
  phase: 'valid' | 'probe' | 'random';
  kind: string;
  target: string;
  refusedIfNamed?: string;
}

interface OpStats {
  sent: number;
  valid: number;
  validSuccess: number;
  validStatuses: Map<number, number>;
}

const RANK: Record<Verdict, number> = { valid: 0, unclear: 1, forbidden: 2 };

/** Long strings shortened for reading: the start, then how long the whole was. */
export function abbreviate(text: string, keep = 40): string {
  const chars = Array.from(text);
  if (chars.length <= keep + 10) return text;
  return `${chars.slice(0, keep).join('')}…[${codePoints(text)} code points]`;
}

function shortJson(text: string | undefined, limit = 600): string | undefined {
  if (text === undefined) return undefined;
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), (_k, v) => (typeof v === 'string' ? abbreviate(v) : v));
  } catch {
    shown = abbreviate(text, 200);
  }
  if (shown.length > limit) shown = `${shown.slice(0, limit)}…[${shown.length} characters]`;
  return shown;
}

function problemDetailsIssues(status: number, contentType: string, body: any): string[] {
  const issues: string[] = [];
  if (!contentType.includes('application/problem+json')) issues.push(`content-type ${contentType || 'none'}`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [...issues, 'body is not a JSON object'];
  for (const member of ['type', 'title', 'code', 'detail', 'instance']) {
    if (typeof body[member] !== 'string' || body[member] === '') issues.push(`no ${member}`);
  }
  if (body.status !== status) issues.push(`status member ${JSON.stringify(body.status)}`);
  if (status === 400 && !Array.isArray(body.errors)) issues.push('400 without errors array');
  return issues;
}

export class Runner {
  readonly failures: Failure[] = [];
  /** Valid requests that did not succeed (a documented answer, so no failure): what a reader checks first. */
  readonly refusedValid: Array<Pick<Failure, 'op' | 'kind' | 'url' | 'body' | 'status' | 'response'>> = [];
  private readonly stats = new Map<string, OpStats>();
  requests = 0;
  /** Every answer in brief, when asked for (FUZZ_LOG=1): what the probes got, failing or not. */
  readonly log?: Array<Record<string, unknown>> = process.env.FUZZ_LOG ? [] : undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly fixtures: Fixtures,
    private readonly tokenFor: (op: Operation) => string,
  ) {}

  statsOf(op: Operation): OpStats {
    let s = this.stats.get(op.key);
    if (!s) {
      s = { sent: 0, valid: 0, validSuccess: 0, validStatuses: new Map() };
      this.stats.set(op.key, s);
    }
    return s;
  }

  record(failure: Failure): void {
    this.failures.push(failure);
  }

  async exec(op: Operation, generated: FuzzRequest, meta: Meta, set: FixtureSet, destructive: boolean): Promise<void> {
    const req = await this.fixtures.resolve(op, generated, set);
    const findings = checkRequest(op, wireOf(req));
    let verdict = verdictOf(findings);
    if (req.forced && RANK[req.forced] > RANK[verdict]) verdict = req.forced;
    if (meta.phase === 'valid' && verdict !== 'valid') {
      throw new Error(
        `the fuzz generated a request the document does not allow for ${op.key}: ${describeFindings(findings)}\n${JSON.stringify(req)}`,
      );
    }

    const url = urlOf(op, req);
    const headers: Record<string, string> = { ...req.headers };
    let payload: string | undefined;
    if (req.rawBody !== undefined) payload = req.rawBody;
    else if (req.body !== undefined) payload = serialiseBody(req.body);
    if (payload !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    if (req.auth === 'caller' && op.secured) headers.authorization = `Bearer ${this.tokenFor(op)}`;
    if (req.auth === 'invalid' && req.authorization) headers.authorization = req.authorization;

    const stats = this.statsOf(op);
    stats.sent++;
    this.requests++;
    const base: Omit<Failure, 'class' | 'detail'> = {
      op: op.key,
      kind: meta.kind,
      target: meta.target,
      method: op.method,
      url,
      headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'authorization')),
      body: payload,
    };
    if (headers.authorization && req.auth !== 'caller') base.headers.authorization = headers.authorization;

    let status: number;
    let text: string;
    let contentType: string;
    try {
      const res = await fetch(`${this.baseUrl}${url}`, { method: op.method, headers, body: payload });
      status = res.status;
      contentType = res.headers.get('content-type') ?? '';
      text = await res.text();
    } catch (error) {
      this.record({ ...base, class: 'no answer', detail: String((error as Error)?.cause ?? error) });
      return;
    }
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const answered = { ...base, status, response: text };
    this.log?.push({
      op: op.key,
      kind: meta.kind,
      target: meta.target,
      verdict,
      status,
      code: json?.code,
      errors: Array.isArray(json?.errors) ? json.errors.map((e: any) => `${e.field}:${e.code}`).join(',') : undefined,
    });
    if (meta.phase === 'valid') {
      stats.valid++;
      stats.validStatuses.set(status, (stats.validStatuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) stats.validSuccess++;
      else this.refusedValid.push({ op: op.key, kind: meta.kind, url, body: payload, status, response: text });
    }
    if (status >= 200 && status < 300) this.fixtures.succeeded();
    if (destructive && status >= 200 && status < 300) this.fixtures.markUsed();

    if (status >= 500) this.record({ ...answered, class: '5xx', detail: `${status} ${json?.code ?? ''}`.trim() });
    if (!documentsStatus(op, status)) {
      this.record({ ...answered, class: 'undocumented status', detail: `${status} not in ${op.responses.join(',')}` });
    }
    if (status >= 400 && status < 500) {
      const issues = problemDetailsIssues(status, contentType, json);
      if (issues.length) this.record({ ...answered, class: 'not problem details', detail: issues.join('; ') });
    }
    if (status >= 200 && status < 300 && verdict === 'forbidden') {
      this.record({ ...answered, class: '2xx for forbidden input', detail: describeFindings(findings) });
    }
    if (status === 400 && verdict === 'valid' && meta.refusedIfNamed) {
      const named = Array.isArray(json?.errors) && json.errors.some((e: any) => e?.field === meta.refusedIfNamed);
      if (named) {
        this.record({
          ...answered,
          class: 'valid boundary value refused',
          detail: `${meta.refusedIfNamed}: ${json.errors.map((e: any) => `${e.field} ${e.code}`).join(', ')}`,
        });
      }
    }
  }

  /** Creates (a documented 201) must succeed for some valid request. */
  checkCreates(ops: Operation[]): void {
    for (const op of ops) {
      if (!op.responses.includes('201')) continue;
      const s = this.statsOf(op);
      if (s.valid > 0 && s.validSuccess === 0) {
        this.record({
          class: 'valid create never succeeded',
          op: op.key,
          kind: 'valid',
          target: 'body',
          detail: `${s.valid} valid requests answered ${[...s.validStatuses].map(([st, n]) => `${st}×${n}`).join(', ')}`,
          method: op.method,
          url: op.path,
          headers: {},
        });
      }
    }
  }

  sentTo(op: Operation): number {
    return this.statsOf(op).sent;
  }
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.at} ${f.reason}${f.level === 'unclear' ? ' (unclear)' : ''}`).join('; ');
}

/** The failures grouped by class, operation, probe family and answer, one example each. */
export function report(failures: Failure[], requests: number): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    // A stack of random probes groups with its kind of answer; `where` names the probes.
    const family = f.kind.includes(' & ') ? 'random stack' : f.kind.split(':')[0];
    const code = (() => {
      try {
        return (f.status ?? 0) >= 400 ? (JSON.parse(f.response ?? '')?.code ?? '') : '';
      } catch {
        return '';
      }
    })();
    const key = `[${f.class}] ${family} → ${f.status ?? '-'} ${code}`.trim();
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const order = (f: Failure) => CLASS_ORDER.indexOf(f.class);
  const sorted = [...groups].sort(([, a], [, b]) => order(a[0]) - order(b[0]));
  const perClass = CLASS_ORDER.map((c) => [c, failures.filter((f) => f.class === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c}: ${n}`);
  const lines = [
    `${failures.length} failures in ${groups.size} groups, ${requests} requests sent (${perClass.join(', ')})`,
    '',
  ];
  for (const [key, members] of sorted) {
    // The shortest request of the group: the easiest to reproduce.
    const size = (f: Failure) => f.url.length + (f.body?.length ?? 0);
    const first = members.reduce((best, f) => (size(f) < size(best) ? f : best));
    const list = (items: string[], most: number) =>
      `${items.slice(0, most).join(', ')}${items.length > most ? `, … ${items.length - most} more` : ''}`;
    const ops = [...new Set(members.map((m) => m.op))];
    const targets = [...new Set(members.map((m) => `${m.target} (${m.kind})`))];
    lines.push(`${key}  ×${members.length}`);
    lines.push(`    on:    ${list(ops, 8)}`);
    lines.push(`    where: ${list(targets, 6)}`);
    lines.push(`    why:   ${abbreviate(first.detail, 300)}`);
    lines.push(`    sent:  ${first.method} ${abbreviate(first.url, 160)}`);
    const headers = Object.entries(first.headers).map(([k, v]) => `${k}: ${abbreviate(v, 60)}`);
    if (headers.length) lines.push(`           ${headers.join(' | ')}`);
    if (first.body !== undefined) lines.push(`    body:  ${shortJson(first.body)}`);
    if (first.status !== undefined) lines.push(`    got:   ${first.status} ${shortJson(first.response) ?? ''}`);
    lines.push('');
  }
  lines.push('Every failure, one a line:');
  for (const [, members] of sorted) {
    for (const f of members) {
      lines.push(`  [${f.class}] ${f.op} ${f.kind} at ${abbreviate(f.target, 80)} → ${f.status ?? '-'}`);
    }
  }
  return lines.join('\n');
}
