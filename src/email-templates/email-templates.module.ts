import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '../settings/settings.module';
import { EmailTemplateState, EmailTemplateTranslation } from './email-template.entity';
import { EmailTemplatesController } from './email-templates.controller';
import { EmailTemplatesRepository } from './email-templates.repository';
import { EmailTemplates } from './email-templates.service';

/** The email templates: default files, what staff changed through the API, and rendering. */
@Module({
  imports: [TypeOrmModule.forFeature([EmailTemplateState, EmailTemplateTranslation]), SettingsModule],
  controllers: [EmailTemplatesController],
  providers: [EmailTemplatesRepository, EmailTemplates],
  exports: [EmailTemplates],
})
export class EmailTemplatesModule {}
