import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/common';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';
import { expectProblem } from '../helpers/problems';

const ALL_LANGUAGES = [
  { code: 'de', name: 'Deutsch' },
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
];

describe('languages', () => {
  describe('with the default configuration', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('lists every language with a translation folder, English as the default, to any signed-in staff member', async () => {
      const nobody = await (await given(t).staff({ permissions: [] })).token();

      const res = await t.get('languages', { token: nobody });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: ALL_LANGUAGES.map((language) => ({ ...language, isDefault: language.code === 'en' })),
        meta: { page: 1, pageSize: 4, total: 4 },
      });
      const folders = readdirSync(join(projectRoot(), 'i18n'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      expect(res.body.data.map((l: { code: string }) => l.code)).toEqual(folders);
    });

    it('answers 401 to anonymous callers', async () => {
      expectProblem(await t.get('languages'), 401, 'UNAUTHORIZED');
    });
  });

  describe('with DEFAULT_LANGUAGE=fr', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ DEFAULT_LANGUAGE: 'fr' });
    });
    afterAll(() => t.close());

    it('marks the configured default language', async () => {
      const staff = await given(t).staff({ permissions: [] });

      const res = await t.get('languages', { token: await staff.token() });

      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(
        ALL_LANGUAGES.map((language) => ({ ...language, isDefault: language.code === 'fr' })),
      );
    });
  });
});
