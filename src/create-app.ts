import fastifyCors from '@fastify/cors';
import { Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { I18nService } from 'nestjs-i18n';
import {
  assertBodyShape,
  clientErrorAsProblem,
  frameworkErrorAsProblem,
  assertDeclaredRequest,
  declaredRequests,
  databaseUnavailable,
  IDEMPOTENCY_REPLAYED_HEADER,
  JsonLogger,
  ProblemDetailsDto,
  ProblemDetailsFilter,
  enterRequestContext,
  VALIDATION_OPTIONS,
  ValidationProblemDto,
  createPino,
  hardenOpenApiDocument,
  negotiateLanguage,
  uuidv7,
  validationExceptionFactory,
} from '@app/common';
import { isDatabaseUnavailable } from '@app/database';
import { AppModule } from './app.module';
import { AppConfig, SUPPORTED_LANGUAGES } from './config/environment';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { SettingsService } from './settings/settings.service';

export const API_PREFIX = 'api/v1';
const TAG_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness and database check',
  auth: 'Staff sign-in: access and refresh tokens',
  staff: 'Staff members and the capability catalogue',
  roles: 'Roles: named capability presets',
  customers: 'Customers, their primary contacts and customer admins',
  currencies: 'Currencies and exchange rates',
  'customer-groups': 'Customer groups',
  languages: 'Languages with translations',
  settings: 'System settings: company details, defaults and switches, and their activity',
  emails: 'The email outbox: every email queued, its delivery state, and retries',
  'email-templates': 'Email templates: the default texts, changes per language, switching one off, previews',
  portal: 'The client portal: contacts setting their password',
  reports: 'Read-only reports: revenue by customer group as JSON, CSV or PDF',
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : uuidv7();
}

/** The caller's language: the signed-in user's choice (a contact's: its customer's, else the system default), else Accept-Language, else the system default. */
export function languageResolver(defaultLanguage: () => string) {
  return (request: FastifyRequest): string => {
    const user = (request as FastifyRequest & { user?: { kind?: string; language?: string | null } }).user;
    if (user?.language) return user.language;
    // A contact is answered in its customer's language, else the system default (never the browser's).
    if (user?.kind === 'contact') return defaultLanguage();
    return negotiateLanguage(request?.headers?.['accept-language'], SUPPORTED_LANGUAGES) ?? defaultLanguage();
  };
}

export function buildOpenApiDocument(app: NestFastifyApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('CRM customers API')
    .setDescription(
      'Staff, roles and sign-in; customers with their primary contacts, admins, notes and activity; customer groups, currencies, languages and the system settings. Errors are RFC 9457 problem details with a stable `code`; messages follow `Accept-Language` (en, de, fr, es).',
    )
    .setVersion('1')
    .setContact('CRM team', config.appUrl, 'crm@localhost.localdomain')
    .setLicense('Proprietary', `${config.appUrl}/docs`)
    .build();
  const document = SwaggerModule.createDocument(app, builder, {
    extraModels: [ProblemDetailsDto, ValidationProblemDto],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return hardenOpenApiDocument(document, { serverUrl: config.appUrl, tagDescriptions: TAG_DESCRIPTIONS });
}

/**
 * Builds the whole application (used by `main.ts` and by the end-to-end tests): Fastify
 * with JSON logs and request ids, validation, problem details, CORS, Swagger at `/docs`,
 * and migrations applied before it serves.
 */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const registry = new WeakMap<NestFastifyApplication, RegisteredRoute[]>();

/** Every route the application registered, as Fastify saw it (the authorisation tests walk them). */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  return [...(registry.get(app) ?? [])];
}

export interface CreateAppOptions {
  /** Modules mounted next to the application's own (test probes). */
  extraImports?: Type[];
}

/** The database down is a 503 to retry later (never a 401 or a bare 500). */
const classifyDatabaseDown = (exception: unknown) =>
  isDatabaseUnavailable(exception) ? databaseUnavailable() : undefined;

const MAX_PATH_PARAMETER_LENGTH = 16_384;

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const pino = createPino(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: pino,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      requestIdOf(request.headers['x-request-id']),
    return503OnClosing: true,
    // A path parameter of any length reaches its own validation (400/404 problem details)
    // instead of the router's bare 414; the request line itself stays bounded by Node.
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorAsProblem,
    clientErrorHandler: clientErrorAsProblem,
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.extraImports),
    adapter,
    {
      logger: new JsonLogger(pino),
      abortOnError: false,
      // Fastify's own JSON parser only: its errors carry stable codes, and form bodies answer 415.
      bodyParser: false,
    },
  );
  await app.register(fastifyCors, {
    origin: '*',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: [
      'ETag',
      IDEMPOTENCY_REPLAYED_HEADER,
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'X-Request-Id',
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  const routes: RegisteredRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url });
  });
  registry.set(app, routes);
  fastify.addHook('onRequest', enterRequestContext);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('preValidation', async (request) => assertBodyShape(request.body));

  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(
    new ValidationPipe({
      ...VALIDATION_OPTIONS,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  const i18n = app.get(I18nService);
  const translate = (key: string, lang: string, args?: Record<string, unknown>) => {
    const text: unknown = (i18n as I18nService<Record<string, unknown>>).translate(key, { lang, args });
    return typeof text === 'string' && text !== key ? text : undefined;
  };
  const settings = app.get(SettingsService);
  app.useGlobalFilters(
    new ProblemDetailsFilter(
      translate,
      languageResolver(() => settings.defaultLanguageNow()),
      classifyDatabaseDown,
    ),
  );
  const idempotency = app.get(IdempotencyInterceptor);
  app.useGlobalInterceptors(idempotency);
  fastify.addHook('onSend', idempotency.settle);
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app, config);
  const declared = declaredRequests(document);
  fastify.addHook('preValidation', async (request) =>
    assertDeclaredRequest(declared, {
      method: request.method,
      routeUrl: request.routeOptions.url,
      query: request.query,
      body: request.body,
    }),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true },
  });

  return app;
}
