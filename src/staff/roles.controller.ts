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
import { CreateRoleDto, RoleDto, RoleListQueryDto, RolePageDto, UpdateRoleDto } from './dto/role.dto';
import { ApiGrantForbidden } from './dto/staff.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authenticated('staff.view')
  @ApiOperation({
    summary: 'List roles',
    description: 'Roles are named capability presets. Sort by name; q matches the name by prefix.',
  })
  @ApiOkResponse({ type: RolePageDto })
  list(@Query() query: RoleListQueryDto): Promise<Page<RoleDto>> {
    return this.roles.list(query);
  }

  @Post()
  @Authenticated('staff.create')
  @ApiGrantForbidden()
  @ApiOperation({
    summary: 'Create a role',
    description: 'Names are unique, case-insensitively. Only capabilities the caller holds may be included.',
  })
  @ApiCreatedResponse({ type: RoleDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ROLE_NAME_TAKEN' })
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(actor, dto);
  }

  @Get(':id')
  @Authenticated('staff.view')
  @ApiOperation({ summary: 'Get a role', description: 'The role and its capabilities.' })
  @ApiUuidParam('id', 'Role id')
  @ApiOkResponse({ type: RoleDto })
  get(@UuidParam('id') id: string): Promise<RoleDto> {
    return this.roles.get(id);
  }

  @Patch(':id')
  @Authenticated('staff.edit')
  @ApiGrantForbidden()
  @ApiOperation({
    summary: 'Update a role',
    description:
      '`applyToStaff` also replaces the permissions of its staff; what a member gains by it must be held by the caller.',
  })
  @ApiUuidParam('id', 'Role id')
  @ApiOkResponse({ type: RoleDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ROLE_NAME_TAKEN' })
  update(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string, @Body() dto: UpdateRoleDto): Promise<RoleDto> {
    return this.roles.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('staff.delete')
  @ApiOperation({ summary: 'Delete a role', description: 'Staff keep their capabilities; their role becomes empty.' })
  @ApiUuidParam('id', 'Role id')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.roles.remove(id);
  }
}
