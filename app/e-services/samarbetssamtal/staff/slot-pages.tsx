import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { BookingsPageData, SlotsPageData } from "./pages.server";
import { useStaffFormat } from "~/staff/ui/format";
import { WeekErrorSummary, WeekForm } from "./week-form";

const SS = "samarbetssamtal";
const FIELDS = ["date", "time", "minutes", "kind", "mode", "location", "count", "weeks"] as const;
type SlotField = (typeof FIELDS)[number];

export function SlotsPage({ page }: { page: SlotsPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const err = (field: SlotField) => {
    const code = page.errors?.[field];
    if (!code) return null;
    return field === "weeks" ? t("slots.errors.weeks") : t(`${SS}:staff.errors.${field}.${code}`);
  };
  const problems = FIELDS.filter((field) => err(field));
  const described = (field: SlotField, hint: boolean) =>
    [hint ? `f-${field}-hint` : null, err(field) ? `f-${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const group = (field: SlotField, label: string, control: ReactNode, hint?: string) => (
    <div className={`form-group${err(field) ? " form-group-error" : ""}`}>
      <label className="label" htmlFor={`f-${field}`}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={`f-${field}-hint`}>
          {hint}
        </div>
      ) : null}
      {err(field) ? (
        <p className="error-message" id={`f-${field}-error`}>
          <span className="visually-hidden">{t("forms:errorPrefix")}</span> {err(field)}
        </p>
      ) : null}
      {control}
    </div>
  );
  const pct = (n: number, of: number) => f.percent(of ? n / of : null);
  const when = (startsAt: string, minutes: number) =>
    `${f.date(startsAt)} ${f.time(startsAt)}–${f.time(new Date(Date.parse(startsAt) + minutes * 60_000).toISOString())}`;

  return (
    <>
      {problems.length ? (
        <ErrorSummary>
          {problems.map((field) => (
            <li key={field}>
              <a href={`#f-${field}`}>{err(field)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      <WeekErrorSummary week={page.week} />
      {page.published ? (
        <div className="panel" role="status">
          <p>{t(`${SS}:staff.published`, { count: page.published })}</p>
        </div>
      ) : null}
      {page.cancelled ? (
        <div className={page.cancelled.outcome === "cancelled" ? "panel" : "notice"} role="status">
          <p>
            {page.cancelled.outcome === "cancelled"
              ? t("slots.cancelled", { count: page.cancelled.bookings })
              : t(`slots.cancelRefused.${page.cancelled.outcome}`)}
          </p>
        </div>
      ) : null}
      <h1>{t("slots.title")}</h1>
      <p className="lead">{t("slots.intro")}</p>

      {page.confirm ? (
        <section className="notice" aria-labelledby="confirm-h">
          <h2 id="confirm-h">{t("slots.confirmTitle")}</h2>
          <p>
            {t("slots.confirmBody", {
              when: when(page.confirm.startsAt, page.confirm.minutes),
              references: page.confirm.references.join(", "),
            })}
          </p>
          <Form method="post" className="button-group">
            <CsrfField />
            <input type="hidden" name="slot" value={page.confirm.slotId} />
            <button type="submit" name="intent" value="cancel-confirmed" className="button warning-button">
              {t("slots.confirmCancel")}
            </button>
          </Form>
          <p>
            <a href="/personal/familjeratt/tider">{t("slots.keep")}</a>
          </p>
        </section>
      ) : null}

      <h2>{t(`${SS}:staff.figuresTitle`)}</h2>
      <dl className="summary-list">
        <dt>{t(`${SS}:staff.figures.requests`)}</dt>
        <dd>{f.number(page.figures.requests)}</dd>
        <dt>{t(`${SS}:staff.figures.offeredWithin`)}</dt>
        <dd>{pct(page.figures.offeredWithin, page.figures.requests)}</dd>
        <dt>{t(`${SS}:staff.figures.bookedWithin`)}</dt>
        <dd>{pct(page.figures.bookedWithin, page.figures.requests)}</dd>
      </dl>

      <h2>{t("slots.publishTitle")}</h2>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="publish" />
        {group(
          "date",
          t(`${SS}:staff.fields.date.label`),
          <input
            className="input width-medium"
            type="date"
            id="f-date"
            name="date"
            defaultValue={page.values.date}
            aria-describedby={described("date", true)}
            aria-invalid={err("date") ? true : undefined}
          />,
          t(`${SS}:staff.fields.date.hint`),
        )}
        {group(
          "time",
          t(`${SS}:staff.fields.time.label`),
          <input
            className="input width-short"
            type="time"
            id="f-time"
            name="time"
            defaultValue={page.values.time}
            aria-describedby={described("time", false)}
            aria-invalid={err("time") ? true : undefined}
          />,
        )}
        {group(
          "minutes",
          t(`${SS}:staff.fields.minutes.label`),
          <input
            className="input width-short"
            inputMode="numeric"
            id="f-minutes"
            name="minutes"
            defaultValue={page.values.minutes ?? "60"}
            aria-describedby={described("minutes", true)}
            aria-invalid={err("minutes") ? true : undefined}
          />,
          t(`${SS}:staff.fields.minutes.hint`),
        )}
        {group(
          "kind",
          t(`${SS}:staff.fields.kind.label`),
          <select className="select" id="f-kind" name="kind" defaultValue={page.values.kind ?? "samarbetssamtal"}>
            <option value="samarbetssamtal">{t(`${SS}:fields.samtal.kind.options.samarbetssamtal`)}</option>
            <option value="informationssamtal">{t(`${SS}:fields.samtal.kind.options.informationssamtal`)}</option>
          </select>,
        )}
        {group(
          "mode",
          t(`${SS}:staff.fields.mode.label`),
          <select className="select" id="f-mode" name="mode" defaultValue={page.values.mode ?? "fysiskt"}>
            <option value="fysiskt">{t(`${SS}:fields.motesform.mode.options.fysiskt`)}</option>
            <option value="digitalt">{t(`${SS}:fields.motesform.mode.options.digitalt`)}</option>
          </select>,
        )}
        {group(
          "location",
          t(`${SS}:staff.fields.location.label`),
          <input
            className="input width-long"
            id="f-location"
            name="location"
            defaultValue={page.values.location}
            aria-describedby={described("location", true)}
            aria-invalid={err("location") ? true : undefined}
          />,
          t(`${SS}:staff.fields.location.hint`),
        )}
        {group(
          "count",
          t(`${SS}:staff.fields.count.label`),
          <input
            className="input width-short"
            inputMode="numeric"
            id="f-count"
            name="count"
            defaultValue={page.values.count ?? "1"}
            aria-describedby={described("count", true)}
            aria-invalid={err("count") ? true : undefined}
          />,
          t(`${SS}:staff.fields.count.hint`),
        )}
        {group(
          "weeks",
          t("slots.weeks"),
          <input
            className="input width-short"
            inputMode="numeric"
            id="f-weeks"
            name="weeks"
            defaultValue={page.values.weeks ?? "1"}
            aria-describedby={described("weeks", true)}
            aria-invalid={err("weeks") ? true : undefined}
          />,
          t("slots.weeksHint"),
        )}
        <button type="submit" className="button">
          {t(`${SS}:staff.publish`)}
        </button>
      </Form>

      <WeekForm week={page.week} />

      <h2 id="slots-list">{t("slots.listTitle")}</h2>
      {page.slots.length === 0 ? (
        <p>{t(`${SS}:staff.noSlots`)}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="slots-list" tabIndex={0}>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t(`${SS}:staff.columns.when`)}</th>
                <th scope="col">{t(`${SS}:staff.columns.kind`)}</th>
                <th scope="col">{t(`${SS}:staff.columns.where`)}</th>
                <th scope="col">{t(`${SS}:staff.columns.status`)}</th>
                <th scope="col">
                  <span className="visually-hidden">{t(`${SS}:staff.columns.actions`)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.slots.map((slot) => (
                <tr key={slot.id}>
                  <td>{when(slot.startsAt, slot.minutes)}</td>
                  <td>{t(`${SS}:fields.samtal.kind.options.${slot.kind}`)}</td>
                  <td>{slot.mode === "digitalt" ? t(`${SS}:booking.digital`) : slot.location}</td>
                  <td>
                    {slot.cancelled ? (
                      t(`${SS}:staff.status.cancelled`)
                    ) : slot.references.length ? (
                      <>
                        {t(`${SS}:staff.status.booked`)} (<span className="ltr">{slot.references.join(", ")}</span>)
                      </>
                    ) : (
                      t(`${SS}:staff.status.free`)
                    )}
                  </td>
                  <td>
                    {!slot.cancelled && !slot.past ? (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="slot" value={slot.id} />
                        <button type="submit" className="link-button">
                          {t(`${SS}:staff.cancelSlot`)}
                          <span className="visually-hidden"> {when(slot.startsAt, slot.minutes)}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function BookingsPage({ page }: { page: BookingsPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const marked = page.attendance.attended + page.attendance.noShow;
  return (
    <>
      {page.done ? (
        <div className="panel" role="status">
          <p>{t(`bookings.done.${page.done}`)}</p>
        </div>
      ) : null}
      {page.error ? (
        <div className="notice" role="alert">
          <p>{t(`bookings.errors.${page.error}`)}</p>
        </div>
      ) : null}
      <h1>{t("bookings.title")}</h1>
      <p className="lead">{t("bookings.intro")}</p>
      <ScreeningList page={page} />
      <FollowedRequests page={page} />
      <dl className="summary-list">
        <dt>{t("bookings.attended")}</dt>
        <dd>{f.number(page.attendance.attended)}</dd>
        <dt>{t("bookings.noShows")}</dt>
        <dd>{f.number(page.attendance.noShow)}</dd>
        <dt>{t("bookings.attendanceShare")}</dt>
        <dd>{f.percent(marked ? page.attendance.attended / marked : null)}</dd>
      </dl>
      <h2 id="bookings-list">{t("bookings.listTitle")}</h2>
      {page.bookings.length === 0 ? (
        <p>{t("bookings.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="bookings-list" tabIndex={0}>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t("bookings.columns.when")}</th>
                <th scope="col">{t("bookings.columns.reference")}</th>
                <th scope="col">{t("bookings.columns.talk")}</th>
                <th scope="col">{t("bookings.columns.outcome")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("bookings.columns.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.bookings.map((b) => (
                <tr key={b.bookingId}>
                  <td>
                    {f.date(b.startsAt)} {f.time(b.startsAt)}
                  </td>
                  <td>
                    <span className="ltr">{b.reference}</span> – {t(`bookings.party.${b.party}`)}
                    {b.protected ? ` – ${t("bookings.protected")}` : ""}
                    {b.joint ? ` – ${t("bookings.joint")}` : ""}
                    <br />
                    {t("bookings.request")} <span className="ltr">{b.requestReference}</span>
                    {b.separate ? <strong> – {t("bookings.keptApart")}</strong> : null}
                  </td>
                  <td>
                    {t(`${SS}:fields.samtal.kind.options.${b.kind}`)},{" "}
                    {b.mode === "digitalt" ? t(`${SS}:booking.digital`) : t("bookings.physical")}
                  </td>
                  <td>
                    {b.outcome
                      ? t(`bookings.outcome.${b.outcome}`)
                      : b.markable
                        ? t("bookings.unmarked")
                        : t("bookings.upcoming")}
                  </td>
                  <td>
                    {b.hasPerson && page.messageQueues.includes(b.queue) ? (
                      <p>
                        <Link to={`/personal/meddelanden/${b.reference}#svar`}>
                          {t("bookings.writeMessage")}
                          <span className="visually-hidden"> {b.reference}</span>
                        </Link>
                      </p>
                    ) : null}
                    {b.markable ? (
                      <Form method="post" className="button-group">
                        <CsrfField />
                        <input type="hidden" name="booking" value={b.bookingId} />
                        <button type="submit" name="intent" value="attended" className="link-button">
                          {t("bookings.markAttended")}
                          <span className="visually-hidden"> {b.reference}</span>
                        </button>
                        <button type="submit" name="intent" value="no_show" className="link-button">
                          {t("bookings.markNoShow")}
                          <span className="visually-hidden"> {b.reference}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Requests waiting for screening: nobody is invited until a member of staff releases the request here. */
function ScreeningList({ page }: { page: BookingsPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <section aria-labelledby="screening-h">
      <h2 id="screening-h">{t("bookings.screening.title")}</h2>
      <p>{t("bookings.screening.intro")}</p>
      {page.screening.length === 0 ? <p>{t("bookings.screening.none")}</p> : null}
      {page.screening.map((r) => {
        const error = page.screeningError?.requestId === r.requestId ? page.screeningError.reason : null;
        const id = (name: string) => `r-${r.requestId}-${name}`;
        return (
          <section key={r.requestId} className="notice" aria-labelledby={id("h")}>
            <h3 id={id("h")}>
              {t(`${SS}:fields.samtal.kind.options.${r.kind}`)} <span className="ltr">{r.reference}</span>
            </h3>
            <dl className="summary-list">
              <dt>{t("bookings.screening.received")}</dt>
              <dd>
                {f.date(r.createdAt)} {f.time(r.createdAt)}
              </dd>
              <dt>{t("bookings.screening.answered")}</dt>
              <dd>{r.saidSafe ? t("bookings.screening.saidSafe") : t("bookings.screening.saidNotSafe")}</dd>
              {r.protected ? (
                <>
                  <dt>{t("bookings.protected")}</dt>
                  <dd>{t("bookings.screening.protected")}</dd>
                </>
              ) : null}
              <dt>{t("bookings.screening.requesterTime")}</dt>
              <dd>
                {r.requesterBooked
                  ? `${f.date(r.requesterBooked)} ${f.time(r.requesterBooked)}`
                  : t("bookings.screening.noTime")}
              </dd>
            </dl>
            {error ? (
              <p className="error-message" id={id("error")} role="alert">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span>{" "}
                {t(`bookings.screening.errors.${error}`)}
              </p>
            ) : null}
            <Form method="post" noValidate>
              <CsrfField />
              <input type="hidden" name="request" value={r.requestId} />
              <div className="form-group">
                <div className="choice">
                  <input
                    type="checkbox"
                    id={id("screened")}
                    name="screened"
                    value="ja"
                    aria-describedby={error === "not_screened" ? id("error") : undefined}
                  />
                  <label htmlFor={id("screened")}>{t("bookings.screening.screened")}</label>
                </div>
              </div>
              {r.saidSafe ? (
                <fieldset
                  className="fieldset"
                  aria-describedby={error === "separate_required" ? id("error") : undefined}
                >
                  <legend className="legend">{t("bookings.screening.separateLegend")}</legend>
                  <div className="radios">
                    <div className="choice">
                      <input type="radio" id={id("sep-ja")} name="separate" value="ja" />
                      <label htmlFor={id("sep-ja")}>{t("bookings.screening.separateYes")}</label>
                    </div>
                    <div className="choice">
                      <input type="radio" id={id("sep-nej")} name="separate" value="nej" />
                      <label htmlFor={id("sep-nej")}>{t("bookings.screening.separateNo")}</label>
                    </div>
                  </div>
                </fieldset>
              ) : (
                <>
                  <input type="hidden" name="separate" value="ja" />
                  <p>{t("bookings.screening.alwaysSeparate")}</p>
                </>
              )}
              <p className="hint">{t("bookings.screening.days")}</p>
              <button type="submit" name="intent" value="release" className="button">
                {t("bookings.screening.release")}
                <span className="visually-hidden"> {r.reference}</span>
              </button>
            </Form>
          </section>
        );
      })}
    </section>
  );
}

/** Released requests: the two parents of each, who has been invited, who has answered and booked. */
function FollowedRequests({ page }: { page: BookingsPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  if (page.requests.length === 0) return null;
  return (
    <>
      <h2 id="requests-list">{t("bookings.requests.title")}</h2>
      <div className="table-wrap" role="region" aria-labelledby="requests-list" tabIndex={0}>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t("bookings.requests.columns.request")}</th>
              <th scope="col">{t("bookings.requests.columns.apart")}</th>
              <th scope="col">{t("bookings.requests.columns.invitation")}</th>
              <th scope="col">{t("bookings.requests.columns.answer")}</th>
              <th scope="col">{t("bookings.requests.columns.booked")}</th>
              <th scope="col">{t("bookings.requests.columns.interpreter")}</th>
              <th scope="col">{t("bookings.requests.columns.days")}</th>
            </tr>
          </thead>
          <tbody>
            {page.requests.map((r) => (
              <tr key={r.requestId}>
                <td>
                  <span className="ltr">{r.reference}</span>
                  <br />
                  {t(`${SS}:fields.samtal.kind.options.${r.kind}`)}
                </td>
                <td>{r.separate ? <strong>{t("bookings.keptApart")}</strong> : t("bookings.requests.mayMeet")}</td>
                <td>{t(`bookings.requests.invitation.${r.invitation}`)}</td>
                <td>{t(`bookings.requests.answer.${r.answer}`)}</td>
                <td>
                  {[
                    r.requesterBooked ? t("bookings.party.requester") : null,
                    r.inviteeBooked ? t("bookings.party.invitee") : null,
                  ]
                    .filter(Boolean)
                    .join(", ") || t("bookings.requests.noneBooked")}
                </td>
                <td>
                  {r.requesterInterpreter || r.inviteeInterpreter ? (
                    <ul>
                      {r.requesterInterpreter ? (
                        <li>
                          {t("bookings.party.requester")}: <span dir="auto">{r.requesterInterpreter}</span>
                        </li>
                      ) : null}
                      {r.inviteeInterpreter ? (
                        <li>
                          {t("bookings.party.invitee")}: <span dir="auto">{r.inviteeInterpreter}</span>
                        </li>
                      ) : null}
                    </ul>
                  ) : (
                    t("bookings.requests.noInterpreter")
                  )}
                </td>
                <td>
                  {r.days ? (
                    <>
                      <ul>
                        {(["requester", "invitee"] as const).map((party) => (
                          <li key={party}>
                            {t("bookings.requests.daysOf", {
                              party: t(`bookings.party.${party}`),
                              days: r.days![party].map((d) => f.date(`${d}T12:00:00Z`)).join(", "),
                            })}
                          </li>
                        ))}
                      </ul>
                      {r.swappable ? (
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="request" value={r.requestId} />
                          <button type="submit" name="intent" value="swap-days" className="link-button">
                            {t("bookings.requests.swap")}
                            <span className="visually-hidden"> {r.reference}</span>
                          </button>
                        </Form>
                      ) : null}
                    </>
                  ) : (
                    t("bookings.requests.noSplit")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
