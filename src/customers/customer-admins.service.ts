import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto, unknownReference } from '@app/common';
import { TransactionalConnection, isMissingReference, isUniqueViolation } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../permissions/actor';
import type { Staff } from '../staff/staff.entity';
import { StaffService } from '../staff/staff.service';
import { CustomerAccess } from '../access/customer-access.service';
import { CustomerAdminsRepository } from './customer-admins.repository';
import { adminNotAssigned } from './customers.errors';
import { CustomerAdminDto } from './dto/customer.dto';

/** Staff assigned to a customer as its customer admins (who see it with `customers.view_own`). */
@Injectable()
export class CustomerAdminsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly admins: CustomerAdminsRepository,
    private readonly access: CustomerAccess,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  /** A page of the customer's admins, first assigned first. */
  async list(actor: StaffActor, customerId: string, query: PageQueryDto): Promise<Page<CustomerAdminDto>> {
    await this.access.assertVisible(actor, customerId);
    const assigned = await this.admins.listPage(customerId, query);
    const members = new Map((await this.staff.findByIds(assigned.data.map((a) => a.staffId))).map((m) => [m.id, m]));
    const data = assigned.data.flatMap((admin) => {
      const member = members.get(admin.staffId);
      return member ? [toAdminDto(member, admin.assignedAt)] : [];
    });
    return { data, meta: assigned.meta };
  }

  /**
   * Assigns a staff member; assigning one already assigned changes nothing. The insert
   * decides, not a read before it: of concurrent assignments of one staff member exactly
   * one adds the row and its audit entry, the others answer "already assigned".
   */
  async assign(
    actor: StaffActor,
    customerId: string,
    staffId: string,
  ): Promise<{ created: boolean; admin: CustomerAdminDto }> {
    return this.connection.transaction(async () => {
      await this.access.assertVisible(actor, customerId);
      const staff = await this.staff.findActive(staffId);
      if (!staff) throw unknownReference('staffId');
      const assignedAt = new Date();
      try {
        await this.admins.insert({ customerId, staffId, assignedAt, assignedBy: actor.id });
      } catch (error) {
        if (isUniqueViolation(error)) {
          const existing = await this.admins.find(customerId, staffId);
          return { created: false, admin: toAdminDto(staff, existing?.assignedAt ?? assignedAt) };
        }
        if (isMissingReference(error)) {
          // The customer or the staff member was deleted since they were read.
          await this.access.assertVisible(actor, customerId);
          throw unknownReference('staffId');
        }
        throw error;
      }
      await this.audit.record(actor, [
        { customerId, entityType: 'customer_admin', entityId: staffId, action: 'assign', after: { staffId } },
      ]);
      return { created: true, admin: toAdminDto(staff, assignedAt) };
    });
  }

  async unassign(actor: StaffActor, customerId: string, staffId: string): Promise<void> {
    await this.connection.transaction(async () => {
      await this.access.assertVisible(actor, customerId);
      if (!(await this.admins.delete(customerId, staffId))) throw adminNotAssigned();
      await this.audit.record(actor, [
        { customerId, entityType: 'customer_admin', entityId: staffId, action: 'unassign', before: { staffId } },
      ]);
    });
  }
}

function toAdminDto(staff: Staff, assignedAt: Date): CustomerAdminDto {
  return {
    staffId: staff.id,
    email: staff.email,
    firstName: staff.firstName,
    lastName: staff.lastName,
    assignedAt: assignedAt.toISOString(),
  };
}
