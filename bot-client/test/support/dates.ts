/**
 * A moment as a Russian chat shows it (dd.mm.yyyy, hh:mm) in `zone`, written out here rather than taken from
 * the bot's formatter, so that a test checks the bot against an independent rendering.
 */
export function shownIn(zone: string, moment: Date): string {
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone: zone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(moment);
}
