import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A template's switch and version, once staff changed anything about it; a template without
 * a row is enabled, at version 1, with its default texts.
 */
@Entity('email_templates')
export class EmailTemplateState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  updatedBy: string | null;
}

/** A template's subject and body in one language as staff wrote them, over the default file. */
@Entity('email_template_translations')
export class EmailTemplateTranslation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  template: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  updatedBy: string | null;
}
