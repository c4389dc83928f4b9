import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated } from './authenticated.decorator';
import { CAPABILITIES, FEATURE_CAPABILITIES } from './capabilities';
import { PORTAL_PERMISSIONS } from './portal-permissions';

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

  @ApiProperty({
    enum: PORTAL_PERMISSIONS,
    isArray: true,
    maxItems: PORTAL_PERMISSIONS.length,
    description: 'The portal permissions a contact may hold: the portal areas that exist',
  })
  portal: string[];
}

@ApiTags('staff')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'The catalogue of staff capabilities',
    description:
      'Every capability that staff permissions and roles may hold, per feature which exist, and the portal permissions of contacts.',
  })
  @ApiOkResponse({ type: CapabilityCatalogueDto })
  catalogue(): CapabilityCatalogueDto {
    return {
      capabilities: [...CAPABILITIES],
      features: Object.entries(FEATURE_CAPABILITIES).map(([feature, capabilities]) => ({ feature, capabilities })),
      portal: [...PORTAL_PERMISSIONS],
    };
  }
}
