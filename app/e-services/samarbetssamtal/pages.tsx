import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isLanguageCode } from "~/i18n/languages";
import { residentDates } from "~/i18n/resident-dates";
import { AnswerList, isSingleAnswer } from "~/intake/ui/answer-list";
import { CsrfField } from "~/ui/csrf-field";
import { PhoneLink } from "~/ui/phone-link";
import { ErrorSummary } from "~/ui/form/error-summary";
import { timeFormats } from "./format";
import type { BookedTime, BookingPageData, BookingReceiptData } from "./pages.server";
import { SlotChoice } from "./slot-choice";
import type { DayGroup } from "./slots";

const NS = "samarbetssamtal";
/** A booked time: when, how long, where (never an address when protected), and a joint talk said so. */
function TimeSummary({ time }: { time: BookedTime }) {
  const { t, i18n } = useTranslation("samarbetssamtal");
  const format = timeFormats(i18n.language);
  return (
    <dl className="summary-list">
      <dt>{t("booking.when")}</dt>
      <dd>
        {format.date(time.startsAt)} <span className="ltr">{format.range(time.startsAt, time.minutes)}</span>
      </dd>
      <dt>{t("booking.where")}</dt>
      <dd>
        {time.mode === "digitalt" ? t("booking.digital") : time.location ? time.location : t("booking.placeByPhone")}
      </dd>
      <dt>{t("booking.with")}</dt>
      <dd>{t("booking.unit")}</dd>
      {time.joint ? (
        <>
          <dt>{t("booking.jointTitle")}</dt>
          <dd>{t("booking.joint")}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The free times, one fieldset per day; the first free time first and marked. */
function SlotRadios({ groups, error }: { groups: DayGroup[]; error: string | null }) {
  const { i18n } = useTranslation("samarbetssamtal");
  const format = timeFormats(i18n.language);
  const firstId = groups[0]?.slots[0]?.id;
  let index = 0;
  return (
    <>
      {error ? (
        <p id="f-slot-error" className="error-message">
          {error}
        </p>
      ) : null}
      {groups.map((group) => (
        <fieldset className="fieldset" key={group.day}>
          <legend className="legend">{format.day(group.day)}</legend>
          <div className="radios">
            {group.slots.map((slot) => {
              const id = index++ === 0 ? "f-slot" : `f-slot-${index - 1}`;
              return (
                <SlotChoice
                  key={slot.id}
                  slot={slot}
                  first={slot.id === firstId}
                  input={{
                    type: "radio",
                    id,
                    name: "slot",
                    value: slot.id,
                    "aria-describedby": error && id === "f-slot" ? "f-slot-error" : undefined,
                  }}
                />
              );
            })}
          </div>
        </fieldset>
      ))}
    </>
  );
}

// ---- Mina bokningar ------------------------------------------------------------------------

export interface MyBookingsData {
  bookings: { reference: string; createdAt: string; time: BookedTime | null }[];
  invitations: { id: string; kind: string; createdAt: string }[];
}

export function MyBookingsPage({ page }: { page: MyBookingsData }) {
  const { t, i18n } = useTranslation("samarbetssamtal");
  const format = timeFormats(i18n.language);
  return (
    <>
      <h1>{t("myBookings.title")}</h1>
      {page.invitations.length ? (
        <div className="notice">
          <h2>{t("myBookings.invitationsTitle")}</h2>
          <ul>
            {page.invitations.map((i) => (
              <li key={i.id}>
                <Link to={`/samarbetssamtal/inbjudan/${i.id}`}>
                  {t("myBookings.invitation", { talk: t(`talkInSentence.${i.kind}`) })}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>{t("myBookings.bookingsTitle")}</h2>
      {page.bookings.length === 0 ? <p>{t("myBookings.none")}</p> : null}
      <ul className="items">
        {page.bookings.map((b) => (
          <li key={b.reference}>
            <span>
              <span className="reference ltr">{b.reference}</span>
              {" – "}
              {b.time ? (
                <>
                  {format.date(b.time.startsAt)}{" "}
                  <span className="ltr">{format.range(b.time.startsAt, b.time.minutes)}</span>
                </>
              ) : (
                t("myBookings.noTime")
              )}
            </span>
            <Link to={`/samarbetssamtal/bokning/${b.reference}`}>
              {t("myBookings.open")}
              <span className="visually-hidden"> {b.reference}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/samarbetssamtal">{t("myBookings.newRequest")}</Link>
      </p>
    </>
  );
}

// ---- The invitation ------------------------------------------------------------------------

export interface InvitationData {
  id: string;
  kind: string;
  status: "invited" | "accepted" | "declined";
  createdAt: string;
}

export function InvitationPage({ page }: { page: InvitationData }) {
  const { t } = useTranslation("samarbetssamtal");
  const talk = t(`talkInSentence.${page.kind}`);
  if (page.status !== "invited") {
    return (
      <>
        <h1>{t("invitation.title")}</h1>
        <div className="panel" role="status">
          <p>{t(page.status === "declined" ? "invitation.declined" : "invitation.accepted")}</p>
        </div>
        <p>
          <Link to="/samarbetssamtal/bokningar">{t("myBookings.title")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("invitation.title")}</h1>
      <p className="lead">{t("invitation.intro", { talk })}</p>
      <p>{t("invitation.what")}</p>
      <p>{t("invitation.private")}</p>
      <p>{t("invitation.free")}</p>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="intent" value="accept" />
        <button type="submit" className="button">
          {t("invitation.accept")}
        </button>
      </Form>
      <h2>{t("invitation.declineTitle")}</h2>
      <p>{t("invitation.declineBody")}</p>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="intent" value="decline" />
        <button type="submit" className="button secondary-button">
          {t("invitation.decline")}
        </button>
      </Form>
    </>
  );
}

// ---- The receipt ---------------------------------------------------------------------------

/** The engine's receipt, with the booked time, its calendar file and the way to change it first. */
export function BookingReceiptPage({ page }: { page: BookingReceiptData }) {
  const { t, i18n } = useTranslation([NS, "intake"]);
  const receipt = page.receipt;
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const time = residentDates(language).dateTime;
  const manage = `/samarbetssamtal/bokning/${receipt.reference}`;
  return (
    <>
      <div className="panel" role="status">
        <h1>{t(`${NS}:receipt.title`)}</h1>
        <p>
          {t("intake:receipt.reference")}
          <br />
          <strong className="reference ltr">{receipt.reference}</strong>
        </p>
      </div>
      <dl className="summary-list">
        <dt>{t("intake:receipt.arrived")}</dt>
        <dd>{receipt.submittedAt ? time(receipt.submittedAt) : t("intake:receipt.notYet")}</dd>
      </dl>

      <h2>{t(`${NS}:receipt.timeTitle`)}</h2>
      {page.time ? (
        <>
          <TimeSummary time={page.time} />
          <p>
            <a href={`${manage}/kalender`} download>
              {t(`${NS}:booking.calendar`)}
            </a>
          </p>
          {page.time.changeable ? (
            <p>
              <Link to={manage}>{t(`${NS}:receipt.change`, { hours: page.cutoffHours })}</Link>
            </p>
          ) : (
            <p>
              {t(`${NS}:booking.tooLate`, { hours: page.cutoffHours })} <PhoneLink phone={page.phone} />
            </p>
          )}
        </>
      ) : (
        <>
          <p>{t(`${NS}:receipt.noTime`)}</p>
          <p>
            <Link to={manage}>{t(`${NS}:receipt.bookLater`)}</Link>
          </p>
        </>
      )}

      <h2>{t("intake:receipt.nextTitle")}</h2>
      <p>{t(`${NS}:receipt.next`)}</p>
      {page.party === "requester" ? <p>{t(`${NS}:receipt.otherParent`)}</p> : null}
      <p>
        <a href={receipt.pdfUrl} download>
          {t("intake:receipt.pdf")}
        </a>
      </p>
      <h2>{t("intake:receipt.sentTitle")}</h2>
      {receipt.sections.map((section) =>
        isSingleAnswer(section) ? (
          <AnswerList key={section.stepId} serviceId={NS} section={section} changeLinks={false} />
        ) : (
          <section key={section.stepId} aria-labelledby={`r-${section.stepId}`}>
            <h3 id={`r-${section.stepId}`}>{t(`${NS}:steps.${section.stepId}.title`)}</h3>
            <AnswerList serviceId={NS} section={section} changeLinks={false} />
          </section>
        ),
      )}
    </>
  );
}

// ---- One booking ---------------------------------------------------------------------------

export function BookingPage({ page }: { page: BookingPageData }) {
  const { t } = useTranslation([NS, "forms"]);
  const error = page.error
    ? t(`${NS}:booking.errors.${page.error}`, { hours: page.cutoffHours, phone: page.phone })
    : null;
  return (
    <>
      <Link to="/samarbetssamtal/bokningar" className="back-link">
        {t(`${NS}:myBookings.title`)}
      </Link>
      {error ? (
        <ErrorSummary>
          <li>
            <a href={page.groups.length ? "#f-slot" : "#main"}>{error}</a>
          </li>
        </ErrorSummary>
      ) : null}
      {page.done ? (
        <div className="panel" role="status">
          <p>{t(`${NS}:booking.done.${page.done}`)}</p>
        </div>
      ) : null}
      <span className="caption ltr">{page.reference}</span>
      <h1>{t(`${NS}:booking.title`)}</h1>
      {page.time ? (
        <>
          <TimeSummary time={page.time} />
          <p>
            <a href={`/samarbetssamtal/bokning/${page.reference}/kalender`} download>
              {t(`${NS}:booking.calendar`)}
            </a>
          </p>
          {page.time.changeable ? (
            <>
              <h2>{t(`${NS}:booking.cancelTitle`)}</h2>
              <p>{t(`${NS}:booking.cancelBody`, { hours: page.cutoffHours })}</p>
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="cancel" />
                <input type="hidden" name="booking" value={page.time.bookingId} />
                <button type="submit" className="button warning-button">
                  {t(`${NS}:booking.cancel`)}
                </button>
              </Form>
            </>
          ) : (
            <p className="notice">
              {t(`${NS}:booking.tooLate`, { hours: page.cutoffHours })} <PhoneLink phone={page.phone} />
            </p>
          )}
        </>
      ) : (
        <p>{t(`${NS}:booking.noTime`)}</p>
      )}

      {!page.time || page.time.changeable ? (
        <>
          <h2>{t(page.time ? `${NS}:booking.moveTitle` : `${NS}:booking.bookTitle`)}</h2>
          {!page.firstWithinTarget ? <p className="notice">{t(`${NS}:steps.tid.noneWithinBody`)}</p> : null}
          {page.groups.length ? (
            <Form method="post" noValidate>
              <CsrfField />
              <input type="hidden" name="intent" value="book" />
              {page.time ? <input type="hidden" name="booking" value={page.time.bookingId} /> : null}
              <div className={`form-group${error ? " form-group-error" : ""}`}>
                <SlotRadios groups={page.groups} error={error} />
              </div>
              <button type="submit" className="button">
                {t(page.time ? `${NS}:booking.move` : `${NS}:booking.book`)}
              </button>
            </Form>
          ) : (
            <p>{t(`${NS}:booking.noneFree`)}</p>
          )}
        </>
      ) : null}
    </>
  );
}
