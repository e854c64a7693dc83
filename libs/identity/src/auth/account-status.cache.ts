import { Injectable } from '@nestjs/common';
import { PlatformRole } from '@renkei/core/context/actor';

export interface AccountStatus {
  role: PlatformRole;
  organisationId: string;
  disabled: boolean;
  displayName: string;
  /** seconds since the epoch */
  passwordChangedAt: number;
}

/**
 * What every request checks about the account behind an access token, remembered for a few seconds
 * so that a burst of requests costs one read. Changes made through this process forget the entry at
 * once; other API processes notice within TTL_MS.
 */
@Injectable()
export class AccountStatusCache {
  static readonly TTL_MS = 5_000;
  private static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, { status: AccountStatus; until: number }>();

  get(userId: string): AccountStatus | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.entries.delete(userId);
      return undefined;
    }
    return entry.status;
  }

  set(userId: string, status: AccountStatus): void {
    if (this.entries.size >= AccountStatusCache.MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(userId, { status, until: Date.now() + AccountStatusCache.TTL_MS });
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }
}
