import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { EmailTemplateState, EmailTemplateTranslation } from './email-template.entity';

/** The edited templates: `email_template_states` and `email_template_translations`. Calls join the current transaction. */
@Injectable()
export class EmailTemplatesRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get states() {
    return this.connection.getRepository(EmailTemplateState);
  }

  private get translations() {
    return this.connection.getRepository(EmailTemplateTranslation);
  }

  allStates(): Promise<EmailTemplateState[]> {
    return this.states.find();
  }

  findState(name: string): Promise<EmailTemplateState | null> {
    return this.states.findOneBy({ name });
  }

  findStateOrFail(name: string): Promise<EmailTemplateState> {
    return this.states.findOneByOrFail({ name });
  }

  /** Which template has a translation in which language (those two columns only). */
  translatedLanguages(): Promise<Array<Pick<EmailTemplateTranslation, 'template' | 'language'>>> {
    return this.translations.find({ select: { template: true, language: true } });
  }

  translationsOf(template: string): Promise<EmailTemplateTranslation[]> {
    return this.translations.findBy({ template });
  }

  /** Inserts the template's row (enabled, version 1) unless it exists. */
  async insertStateIfAbsent(name: string, now: Date): Promise<void> {
    await this.states
      .createQueryBuilder()
      .insert()
      .values({ name, enabled: true, version: 1, updatedAt: now, updatedBy: null })
      .orIgnore()
      .execute();
  }

  /**
   * Applies the change and moves the version on, only while the version is `expectedVersion`
   * when that is given; whether it wrote.
   */
  async advanceState(
    name: string,
    expectedVersion: number | undefined,
    change: Partial<Pick<EmailTemplateState, 'enabled' | 'updatedAt' | 'updatedBy'>>,
  ): Promise<boolean> {
    const write = this.states
      .createQueryBuilder()
      .update()
      .set({ ...change, version: () => 'version + 1' })
      .where('name = :name', { name });
    if (expectedVersion !== undefined) write.andWhere('version = :expectedVersion', { expectedVersion });
    const result = await write.execute();
    return Boolean(result.affected);
  }

  /** Updates the translation, or inserts it when there is none. */
  async saveTranslation(
    template: string,
    language: string,
    row: Pick<EmailTemplateTranslation, 'subject' | 'body' | 'updatedAt' | 'updatedBy'>,
  ): Promise<void> {
    const updated = await this.translations.update({ template, language }, row);
    if (!updated.affected) await this.translations.insert({ template, language, ...row });
  }

  async deleteTranslation(template: string, language: string): Promise<void> {
    await this.translations.delete({ template, language });
  }
}
