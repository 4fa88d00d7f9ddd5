import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PhoneLink } from "./phone-link";

export interface FooterContact {
  phone: string;
  email: string;
  postalAddress: string;
  visitingAddress: string;
  officeHours: string[];
  socialjourPhone: string;
}

export function SiteFooter({ contact }: { contact: FooterContact }) {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-columns">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">{t("footer.contactHeading")}</h2>
          <dl>
            <dt>{t("footer.phone")}</dt>
            <dd>
              <PhoneLink phone={contact.phone} />
            </dd>
            <dt>{t("footer.email")}</dt>
            <dd>
              <a href={`mailto:${contact.email}`} className="ltr">
                {contact.email}
              </a>
            </dd>
            <dt>{t("footer.visiting")}</dt>
            <dd>{contact.visitingAddress}</dd>
            <dt>{t("footer.postal")}</dt>
            <dd>{contact.postalAddress}</dd>
          </dl>
        </section>
        <section aria-labelledby="footer-hours">
          <h2 id="footer-hours">{t("footer.hoursHeading")}</h2>
          <ul className="footer-links">
            {contact.officeHours.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h2 id="footer-closed">{t("footer.closedHeading")}</h2>
          <p>
            {t("footer.socialjour")} <PhoneLink phone={contact.socialjourPhone} />
          </p>
          <p>
            <strong>{t("footer.emergency")}</strong>
          </p>
        </section>
        <section aria-labelledby="footer-about">
          <h2 id="footer-about">{t("footer.aboutHeading")}</h2>
          <ul className="footer-links">
            <li>
              <Link to="/tillganglighet">{t("footer.accessibility")}</Link>
            </li>
            <li>
              <Link to="/personuppgifter">{t("footer.privacy")}</Link>
            </li>
          </ul>
        </section>
      </div>
    </footer>
  );
}
