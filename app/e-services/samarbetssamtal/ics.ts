/**
 * A calendar file (iCalendar, RFC 5545) for one booked talk. It says as little as a calendar
 * needs: a neutral summary, the time, and the address only when it may be shown. No names, no
 * service or unit, no other parent; a calendar synced to a shared account reveals nothing more.
 */

export interface CalendarEvent {
  /** Stable across downloads, so importing again updates rather than duplicates. */
  uid: string;
  start: Date;
  minutes: number;
  /** "Bokad tid": not the unit, not what the talk is about. */
  summary: string;
  /** The visiting address; omitted for digital talks and protected bookings. */
  location?: string | null;
  /** A short neutral line, e.g. where to see the booking. */
  description?: string | null;
  /** When the file was made. */
  stamp: Date;
  /** Cancelled bookings get a file that removes the event from calendars that imported it. */
  cancelled?: boolean;
}

/** 20260303T090000Z */
const utc = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Lines longer than 75 octets are folded (3.1): CRLF and one space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const out: string[] = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = out.length === 0 ? 75 : 74;
    if (size + bytes > limit) {
      out.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += bytes;
  }
  out.push(current);
  return out.join("\r\n ");
}

export function calendarFile(event: CalendarEvent): string {
  const end = new Date(event.start.getTime() + event.minutes * 60_000);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    // Kept with the event by calendar servers: no service name here either.
    "PRODID:-//Ingang//Kalender//SV",
    "CALSCALE:GREGORIAN",
    `METHOD:${event.cancelled ? "CANCEL" : "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "CLASS:PRIVATE",
    "TRANSP:OPAQUE",
    ...(event.cancelled
      ? []
      : ["BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${escapeText(event.summary)}`, "TRIGGER:-PT2H", "END:VALARM"]),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
