import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { StaffArea } from "../access";

export interface StaffLayoutData {
  name: string | null;
  links: { area: StaffArea; href: string }[];
}

/** Every console page: the sections this staff member may use, then the page. */
export function StaffLayout({ data }: { data: StaffLayoutData }) {
  const { t } = useTranslation("staff");
  return (
    <>
      <nav className="staff-nav" aria-label={t("nav.label")}>
        <ul>
          <li>
            <NavLink to="/personal" end>
              {t("nav.start")}
            </NavLink>
          </li>
          {data.links.map((link) => (
            <li key={link.area}>
              <NavLink to={link.href}>{t(`nav.${link.area}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
