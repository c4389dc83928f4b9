import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { LanguagesController } from './languages.controller';

@Module({ imports: [SettingsModule], controllers: [LanguagesController] })
export class LanguagesModule {}
