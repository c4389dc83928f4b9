import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated } from './authenticated.decorator';
import { CAPABILITIES, FEATURE_CAPABILITIES } from './capabilities';

export class FeatureCapabilitiesDto {
  @ApiProperty({ enum: Object.keys(FEATURE_CAPABILITIES) })
  feature: string;

  @ApiProperty({ enum: ['view', 'view_own', 'create', 'edit', 'delete'], isArray: true, maxItems: 5 })
  capabilities: readonly string[];
}

export class CapabilityCatalogueDto {
  @ApiProperty({ enum: CAPABILITIES, isArray: true, maxItems: CAPABILITIES.length })
  capabilities: string[];

  @ApiProperty({ type: () => FeatureCapabilitiesDto, isArray: true, maxItems: 50 })
  features: FeatureCapabilitiesDto[];
}

@ApiTags('staff')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The catalogue of staff capabilities',
    description: 'Every capability that staff permissions and roles may hold, and per feature which exist.',
  })
  @ApiOkResponse({ type: CapabilityCatalogueDto })
  catalogue(): CapabilityCatalogueDto {
    return {
      capabilities: [...CAPABILITIES],
      features: Object.entries(FEATURE_CAPABILITIES).map(([feature, capabilities]) => ({ feature, capabilities })),
    };
  }
}
