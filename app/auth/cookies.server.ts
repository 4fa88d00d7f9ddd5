import { parse, serialize, type SerializeOptions } from "cookie";

/**
 * The portal's own cookies. Over https they carry the __Host- prefix, which the browser
 * only accepts with Secure, Path=/ and no Domain: no subdomain can plant or read them.
 */
export function portalCookie(name: string, secure: boolean) {
  const fullName = secure ? `__Host-${name}` : name;
  const base: SerializeOptions = { httpOnly: true, sameSite: "lax", secure, path: "/" };
  return {
    name: fullName,
    read: (header: string | null | undefined): string | undefined => (header ? parse(header)[fullName] : undefined),
    /** A browser-session cookie: it ends when the browser closes, and the server ends it sooner. */
    set: (value: string) => serialize(fullName, value, base),
    clear: () => serialize(fullName, "", { ...base, maxAge: 0 }),
  };
}

export const sessionCookie = (secure: boolean) => portalCookie("ingang-session", secure);
export const csrfCookie = (secure: boolean) => portalCookie("ingang-csrf", secure);
