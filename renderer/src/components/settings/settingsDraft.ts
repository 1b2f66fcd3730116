import type { MissedRunPolicy } from '../../../../shared/schemas/payment';
import type { Settings, SettingsPatch } from '../../../../shared/schemas/settings';
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
  notificationChannels: NotificationChannel[];
}

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
    notificationChannels: [...settings.notificationChannels],
  };
}

/**
 * What changed, as a settings:update patch. The core checks every value and its messages
 * are shown; only text that is not a number at all is caught here, since it can't be sent
 * as one. `problems` pairs a field path with what to fix.
 */
export function patchFrom(
  settings: Settings,
  draft: SettingsDraft,
): { patch: SettingsPatch; problems: [string, string][] } {
  const patch: SettingsPatch = {};
  const problems: [string, string][] = [];
  const number = (path: string, text: string): number => {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) {
      problems.push([path, 'Enter a number.']);
    }
    return value;
  };
  if (draft.actingUserId !== settings.actingUserId) patch.actingUserId = draft.actingUserId;
  if (draft.timezone !== settings.timezone) patch.timezone = draft.timezone.trim();
  if (draft.defaultRunTime !== settings.defaultRunTime) patch.defaultRunTime = draft.defaultRunTime;
  if (draft.missedRunPolicy !== settings.missedRunPolicy) {
    patch.missedRunPolicy = draft.missedRunPolicy;
  }
  const undoSeconds = number('undoSeconds', draft.undoSeconds);
  if (undoSeconds !== settings.undoSeconds) patch.undoSeconds = undoSeconds;
  if (!sameChannels(draft.notificationChannels, settings.notificationChannels)) {
    patch.notificationChannels = draft.notificationChannels;
  }
  const guardian = {
    confirmAbove: draft.confirmAbove.trim(),
    confirmScore: number('guardian.confirmScore', draft.confirmScore),
    flagScore: number('guardian.flagScore', draft.flagScore),
    limits: {
      perPayment: draft.perPayment.trim(),
      daily: draft.daily.trim(),
      monthly: draft.monthly.trim(),
    },
    proposalTtlSeconds: number('guardian.proposalTtlSeconds', draft.proposalTtlSeconds),
  };
  if (JSON.stringify(guardian) !== JSON.stringify(settings.guardian)) patch.guardian = guardian;
  return { patch, problems };
}

function sameChannels(left: NotificationChannel[], right: NotificationChannel[]): boolean {
  return left.length === right.length && left.every((channel) => right.includes(channel));
}
