import { ConfigurationError, loadConfig } from './environment';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('loadConfig', () => {
  it('runs with no configuration at all on the embedded SQLite default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      database: { type: 'sqlite', file: 'var/crm.sqlite' },
      appUrl: 'http://localhost:3000',
      defaultLanguage: 'en',
      logLevel: 'info',
      bodyLimitBytes: 1048576,
    });
    expect(config.jwtSecret).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'mariadb://crm:pw@db:3306/crm',
      JWT_SECRET: 'x'.repeat(40),
      APP_URL: 'https://crm.example.com/',
      SMTP_URL: 'smtp://mail:25',
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'correct horse battery',
      DEFAULT_LANGUAGE: 'de',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      database: { type: 'mysql', url: 'mysql://crm:pw@db:3306/crm' },
      appUrl: 'https://crm.example.com',
      smtpUrl: 'smtp://mail:25',
      adminEmail: 'boss@example.com',
      defaultLanguage: 'de',
      logLevel: 'debug',
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it('names every invalid variable in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'postgres://localhost/crm',
      JWT_SECRET: 'short',
      APP_URL: 'not a url',
      SMTP_URL: 'mail.example.com',
      ADMIN_EMAIL: 'nobody',
      ADMIN_PASSWORD: 'short',
      DEFAULT_LANGUAGE: 'xx',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'ADMIN_EMAIL',
      'ADMIN_PASSWORD',
      'APP_URL',
      'DATABASE_URL',
      'DEFAULT_LANGUAGE',
      'JWT_SECRET',
      'LOG_LEVEL',
      'PORT',
      'SMTP_URL',
    ]);
  });

  it('explains each problem', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be an integer between 0 and 65535']);
    expect(problemsOf({ DEFAULT_LANGUAGE: 'it' })).toEqual(['DEFAULT_LANGUAGE must be one of en, de, fr, es']);
  });

  it('puts every problem into the message printed at boot', () => {
    expect(() => loadConfig({ PORT: '-1', LOG_LEVEL: 'x' })).toThrow(/^Invalid configuration: LOG_LEVEL .*; PORT /);
  });
});
