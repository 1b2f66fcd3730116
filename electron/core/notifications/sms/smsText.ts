import type { Notification } from '../../../../shared/schemas/notification';

/** One SMS segment: a longer text is split and billed as several. */
export const SMS_MAX_LENGTH = 160;

/**
 * The text of a notification's SMS: the title the money path built from the payment's
 * data (amount, currency, recipient) and the id of the record to look up, nothing else.
 * The notification's longer body stays in the app, and no field a secret could sit in is
 * read. The id is never cut; a long title is.
 */
export function smsText(notification: Pick<Notification, 'id' | 'title' | 'paymentId'>): string {
  const reference = ` Ref ${notification.paymentId ?? notification.id}`;
  // Control characters (a newline in a contact's name) would break the one-line message.
  const title = notification.title
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .trim()
    .replace(/\.+$/, '');
  const room = SMS_MAX_LENGTH - 'ArcFlux: .'.length - reference.length;
  if (title.length <= room) return `ArcFlux: ${title}.${reference}`;
  // "..." rather than "…": one character outside GSM-7 would make the whole text UCS-2,
  // where 160 characters cost three segments instead of one.
  return `ArcFlux: ${title.slice(0, room - 2).trimEnd()}...${reference}`;
}
