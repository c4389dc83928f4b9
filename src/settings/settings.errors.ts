import { DomainError } from '@app/common';

/** Another change of the settings committed meanwhile: the whole change runs again on the new state. */
export class SettingsChangedMeanwhile extends DomainError {
  constructor() {
    super(409, 'SETTINGS_CHANGED_CONCURRENTLY');
  }
}
