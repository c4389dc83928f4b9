import { nextNotifications, notificationsFor } from './email-notifications';

describe('email notifications follow the portal permissions', () => {
  it('start from the permissions', () => {
    expect(notificationsFor(['invoices'])).toEqual({
      invoices: true,
      creditNotes: true,
      estimates: false,
      tickets: false,
      contracts: false,
      projects: false,
      tasks: false,
    });
  });

  it('switch off with the permission they need, and keep the others as they were', () => {
    const current = { ...notificationsFor(['invoices', 'estimates', 'support']), estimates: false, contracts: true };
    const next = nextNotifications(current, ['invoices', 'estimates', 'support'], ['estimates', 'support']);
    expect(next).toMatchObject({
      invoices: false,
      creditNotes: false,
      estimates: false,
      tickets: true,
      contracts: true,
    });
  });

  it('switch on when their permission is granted, and stay off when asked for without it', () => {
    const current = notificationsFor([]);
    expect(nextNotifications(current, [], ['support'], { invoices: true })).toMatchObject({
      tickets: true,
      invoices: false,
    });
    expect(nextNotifications(current, [], ['support'], { tickets: false, tasks: true })).toMatchObject({
      tickets: false,
      tasks: true,
    });
  });
});
