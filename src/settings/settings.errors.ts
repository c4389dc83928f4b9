import { DomainError } from '@app/common';

/** 412: the settings changed since the version the caller read (If-Match). */
export const staleSettings = (currentVersion: number) =>
  new DomainError(412, 'STALE_VERSION', { currentVersion }, { currentVersion });

/** Another change of the settings committed meanwhile: the whole change runs again on the new state. */
export class SettingsChangedMeanwhile extends DomainError {
  constructor() {
    super(409, 'SETTINGS_CHANGED_CONCURRENTLY');
  }
}
