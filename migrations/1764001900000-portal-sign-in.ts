import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Contacts sign into the portal and companies register there: a customer registered through
 * the portal is `pending` until staff confirm it (then `confirmed`; null for customers staff
 * created). Each person (staff member or contact) gets the moment from
 * which their access tokens count (an access token issued earlier is refused at once, not
 * when it expires), and the audit trail names the contact on whose behalf an administrator
 * acted while logged in as that client.
 */
export class PortalSignIn1764001900000 implements MigrationInterface {
  name = 'PortalSignIn1764001900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['staff', 'contacts']) {
      await queryRunner.addColumn(
        table,
        new TableColumn({ name: 'sessions_valid_after', type: 'datetime', precision: 3, isNullable: true }),
      );
    }
    await queryRunner.addColumn(
      'customers',
      new TableColumn({ name: 'registration', type: 'varchar', length: '16', isNullable: true }),
    );
    await queryRunner.addColumn(
      'audit_events',
      new TableColumn({ name: 'on_behalf_of', type: 'varchar', length: '36', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('audit_events', 'on_behalf_of');
    await queryRunner.dropColumn('customers', 'registration');
    for (const table of ['contacts', 'staff']) await queryRunner.dropColumn(table, 'sessions_valid_after');
  }
}
