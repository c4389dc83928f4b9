import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUuidParam, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { CreateRoleDto, RoleDto, UpdateRoleDto } from './dto/role.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authenticated('staff.view')
  @ApiOperation({ summary: 'List roles (named capability presets)' })
  @ApiOkResponse({ type: [RoleDto] })
  list(): Promise<RoleDto[]> {
    return this.roles.list();
  }

  @Post()
  @Authenticated('staff.create')
  @ApiOperation({ summary: 'Create a role' })
  @ApiCreatedResponse({ type: RoleDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'ROLE_NAME_TAKEN' })
  create(@CurrentActor() actor: StaffActor, @Body() dto: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(actor, dto);
  }

  @Get(':id')
  @Authenticated('staff.view')
  @ApiOperation({ summary: 'Get a role' })
  @ApiUuidParam('id', 'Role id')
  @ApiOkResponse({ type: RoleDto })
  get(@UuidParam('id') id: string): Promise<RoleDto> {
    return this.roles.get(id);
  }

  @Patch(':id')
  @Authenticated('staff.edit')
  @ApiOperation({ summary: 'Update a role', description: '`applyToStaff` also replaces the permissions of its staff.' })
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
