import { AlertPurpose } from '../alerting.enums';
import type { BilingualText } from '../entities/alert.entity';

/** A NOTICE's subject and text; notices written before subjects travelled are endpoint notices. */
export function noticeOf(alert: {
  purpose: AlertPurpose;
  reason: BilingualText | null;
  change: BilingualText | null;
}): { subject: BilingualText; body: BilingualText } | null {
  if (alert.purpose !== AlertPurpose.NOTICE || !alert.change) return null;
  return {
    subject: alert.reason ?? {
      ja: 'Webhook エンドポイントが無効になりました',
      en: 'A webhook endpoint was disabled',
    },
    body: alert.change,
  };
}
