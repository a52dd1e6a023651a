import type { Static } from '@sinclair/typebox';
import type { OrderView as OrderViewSchema } from './schemas.js';

/** GET /orders/:id's answer, as a client reads it. */
export type OrderView = Static<typeof OrderViewSchema>;
export type TimelineEntry = OrderView['timeline'][number];
export type TimelineMessage = TimelineEntry['messages'][number];

function clock(iso: string): string {
  // HH:MM:SS.mmm is enough to read a saga of seconds; the date adds nothing here.
  return iso.length >= 23 ? iso.slice(11, 23) : iso;
}

function delay(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isFinite(ms) ? `${ms >= 0 ? '+' : ''}${ms} ms` : '?';
}

export function formatMessage(message: TimelineMessage, writtenAt: string): string {
  const published =
    message.publishedAt === null
      ? 'not published yet'
      : `published ${clock(message.publishedAt)} (${delay(writtenAt, message.publishedAt)})`;
  return `wrote ${message.type} → ${message.topic}, ${published}`;
}

export function formatEntry(entry: TimelineEntry): string[] {
  const from = entry.from ?? 'start';
  const move = from === entry.to ? `${from} (stays)` : `${from} → ${entry.to}`;
  const ignored = entry.outcome === 'ignored' ? ' [ignored]' : '';
  const reason = entry.reason ? ` — ${entry.reason}` : '';
  const head = `#${entry.seq} ${clock(entry.at)}  ${entry.event}: ${move}${ignored}  by ${entry.actor}${reason}`;
  return [head, ...entry.messages.map((message) => `    ${formatMessage(message, entry.at)}`)];
}

/** A readable timeline of one order, one line per saga step and one per message it wrote. */
export function formatTimeline(view: OrderView): string[] {
  const { order } = view;
  const total = order.totalCents === null ? '' : `, total ${order.totalCents}c`;
  const failure = order.failureReason ? `, failure: ${order.failureReason}` : '';
  return [
    `order ${order.id}: ${order.status}${total}${failure}`,
    ...[...view.timeline].sort((a, b) => a.seq - b.seq).flatMap(formatEntry),
  ];
}
