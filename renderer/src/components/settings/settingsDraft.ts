import type { MissedRunPolicy } from '../../../../shared/schemas/payment';
import type {
  NotificationRules,
  OperatorAlerts,
  Settings,
  SettingsPatch,
} from '../../../../shared/schemas/settings';
import type { NotificationChannel } from '../../../../shared/schemas/user';

/** The settings form as typed: every field text, so half-typed values never get lost. */
export interface SettingsDraft {
  actingUserId: string;
  timezone: string;
  defaultRunTime: string;
  missedRunPolicy: MissedRunPolicy;
  undoSeconds: string;
  confirmAbove: string;
  perPayment: string;
  daily: string;
  monthly: string;
  confirmScore: string;
  flagScore: string;
  proposalTtlSeconds: string;
  minimumIntervalSeconds: string;
  notificationChannels: NotificationChannel[];
  quietHoursOn: boolean;
  quietStart: string;
  quietEnd: string;
  operatorAlerts: OperatorAlerts;
}

/** What the quiet-hours fields start from while quiet hours are off. */
const SUGGESTED_QUIET_HOURS = { start: '22:00', end: '07:00' };

export function draftFrom(settings: Settings): SettingsDraft {
  const { guardian } = settings;
  return {
    actingUserId: settings.actingUserId,
    timezone: settings.timezone,
    defaultRunTime: settings.defaultRunTime,
    missedRunPolicy: settings.missedRunPolicy,
    undoSeconds: String(settings.undoSeconds),
    confirmAbove: guardian.confirmAbove,
    perPayment: guardian.limits.perPayment,
    daily: guardian.limits.daily,
    monthly: guardian.limits.monthly,
    confirmScore: String(guardian.confirmScore),
    flagScore: String(guardian.flagScore),
    proposalTtlSeconds: String(guardian.proposalTtlSeconds),
    minimumIntervalSeconds: String(guardian.minimumIntervalSeconds),
    notificationChannels: [...settings.notificationChannels],
    quietHoursOn: settings.notificationRules.quietHours !== null,
    quietStart: (settings.notificationRules.quietHours ?? SUGGESTED_QUIET_HOURS).start,
    quietEnd: (settings.notificationRules.quietHours ?? SUGGESTED_QUIET_HOURS).end,
    operatorAlerts: { ...settings.notificationRules.operatorAlerts },
  };
}

/**
 * What changed, as a settings:update patch. The core checks every value and answers with
 * every field that needs a change at once; nothing is checked here, so the form can't
 * disagree with the core. A number field holding text that is no number is sent as typed,
 * so the core reports it together with every other field (it parses whatever it gets).
 */
export function patchFrom(settings: Settings, draft: SettingsDraft): SettingsPatch {
  const patch: SettingsPatch = {};
  if (draft.actingUserId !== settings.actingUserId) patch.actingUserId = draft.actingUserId;
  if (draft.timezone !== settings.timezone) patch.timezone = draft.timezone.trim();
  if (draft.defaultRunTime !== settings.defaultRunTime) patch.defaultRunTime = draft.defaultRunTime;
  if (draft.missedRunPolicy !== settings.missedRunPolicy) {
    patch.missedRunPolicy = draft.missedRunPolicy;
  }
  const undoSeconds = numberOrText(draft.undoSeconds);
  if (undoSeconds !== settings.undoSeconds) {
    patch.undoSeconds = undoSeconds as SettingsPatch['undoSeconds'];
  }
  if (!sameChannels(draft.notificationChannels, settings.notificationChannels)) {
    patch.notificationChannels = draft.notificationChannels;
  }
  const guardian = {
    confirmAbove: draft.confirmAbove.trim(),
    confirmScore: numberOrText(draft.confirmScore),
    flagScore: numberOrText(draft.flagScore),
    limits: {
      perPayment: draft.perPayment.trim(),
      daily: draft.daily.trim(),
      monthly: draft.monthly.trim(),
    },
    proposalTtlSeconds: numberOrText(draft.proposalTtlSeconds),
    minimumIntervalSeconds: numberOrText(draft.minimumIntervalSeconds),
  };
  if (JSON.stringify(guardian) !== JSON.stringify(settings.guardian)) {
    patch.guardian = guardian as SettingsPatch['guardian'];
  }
  const notificationRules: NotificationRules = {
    quietHours: draft.quietHoursOn ? { start: draft.quietStart, end: draft.quietEnd } : null,
    operatorAlerts: draft.operatorAlerts,
  };
  if (JSON.stringify(notificationRules) !== JSON.stringify(settings.notificationRules)) {
    patch.notificationRules = notificationRules;
  }
  return patch;
}

/** The number typed, or the text itself when it is none ("", "lots"), for the core to refuse. */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
}

function sameChannels(left: NotificationChannel[], right: NotificationChannel[]): boolean {
  return left.length === right.length && left.every((channel) => right.includes(channel));
}
