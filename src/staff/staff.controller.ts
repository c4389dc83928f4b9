import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUuidParam, Page, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import {
  ApiGrantForbidden,
  ApiStaffChangeForbidden,
  CreateStaffDto,
  StaffDto,
  StaffListQueryDto,
  StaffPageDto,
  UpdateStaffDto,
} from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Authenticated('staff.view')
  @ApiOperation({ summary: 'List staff members', description: 'Sort by email, firstName, lastName or createdAt.' })
  @ApiOkResponse({ type: StaffPageDto })
  list(@Query() query: StaffListQueryDto): Promise<Page<StaffDto>> {
    return this.staff.list(query);
  }

  @Post()
  @Authenticated('staff.create')
  @ApiGrantForbidden()
  @ApiOperation({
    summary: 'Create a staff member',
    description:
      "Only administrators create administrators; others grant only capabilities they hold, and a role's only when they hold all of it.",
  })
  @ApiCreatedResponse({ type: StaffDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'STAFF_EMAIL_TAKEN' })
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(actor, dto);
  }

  @Get(':id')
  @Authenticated('staff.view')
  @ApiOperation({ summary: 'Get a staff member', description: 'The Staff shape; never the password.' })
  @ApiUuidParam('id', 'Staff id')
  @ApiOkResponse({ type: StaffDto })
  get(@UuidParam('id') id: string): Promise<StaffDto> {
    return this.staff.get(id);
  }

  @Patch(':id')
  @Authenticated('staff.edit')
  @ApiStaffChangeForbidden(true)
  @ApiOperation({
    summary: 'Update a staff member',
    description:
      "Deactivating or changing the password ends their sessions. The last active administrator stays. Another person's password, email or deactivation needs every capability they hold; joining a role needs the role's capabilities beyond the member's own.",
  })
  @ApiUuidParam('id', 'Staff id')
  @ApiOkResponse({ type: StaffDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'STAFF_EMAIL_TAKEN or LAST_ADMINISTRATOR' })
  update(
    @CurrentActor() actor: StaffActor,
    @UuidParam('id') id: string,
    @Body() dto: UpdateStaffDto,
  ): Promise<StaffDto> {
    return this.staff.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('staff.delete')
  @ApiStaffChangeForbidden(false)
  @ApiOperation({
    summary: 'Delete a staff member',
    description:
      'Ends their sessions. Not yourself, not the last active administrator, and only by someone holding every capability they hold.',
  })
  @ApiUuidParam('id', 'Staff id')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CANNOT_DELETE_SELF or LAST_ADMINISTRATOR' })
  remove(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<void> {
    return this.staff.remove(actor, id);
  }
}
