import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIfMatch, ETAG_HEADER, Page, ProblemDetailsDto, IfMatch, SendsEtag } from '@app/common';
import type { AuditEventDto } from '../audit/audit.service';
import { ActivityQueryDto } from '../audit/dto/activity.dto';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { SettingsActivityPageDto, SettingsDto, UpdateSettingsDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Get the settings',
    description:
      'Every setting with its value, or its default when never set. Any signed-in staff member may read them: front ends need the default currency and language and the company details, and nothing secret is among them. The ETag is the version, for If-Match.',
  })
  @ApiOkResponse({ type: SettingsDto, headers: ETAG_HEADER })
  @SendsEtag()
  get(): Promise<SettingsDto> {
    return this.settings.get();
  }

  @Patch()
  @Authenticated('settings.edit')
  @ApiOperation({
    summary: 'Change settings',
    description:
      'Partial: only the keys sent change, and within `company` (and its `address`) only the members sent (null clears one). Unknown keys and invalid values answer 400 naming the field, and then nothing changes. `defaultCurrency` switches the default currency (as `PATCH currencies/{code}` with `isDefault: true`); an unknown code is a 400. Every change is in the settings activity. Needs settings.edit.',
  })
  @ApiIfMatch()
  @ApiOkResponse({ type: SettingsDto, headers: ETAG_HEADER })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'SETTINGS_CHANGED_CONCURRENTLY: other changes kept winning; send it again',
  })
  @SendsEtag()
  update(
    @CurrentActor() actor: StaffActor,
    @Body() change: UpdateSettingsDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<SettingsDto> {
    return this.settings.update(actor, change, expectedVersion);
  }

  @Get('activity')
  @Authenticated(['settings.view', 'settings.edit'])
  @ApiOperation({
    summary: 'The settings activity',
    description: 'Every change of the settings: who, when, and each field before and after. Newest first.',
  })
  @ApiOkResponse({ type: SettingsActivityPageDto })
  activity(@Query() query: ActivityQueryDto): Promise<Page<AuditEventDto>> {
    return this.settings.activity(query);
  }
}
