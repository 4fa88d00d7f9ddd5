import { data } from "@remix-run/node";

/** Any path the portal does not know: the translated 404 from the root error boundary. */
export function loader() {
  throw data(null, { status: 404 });
}

export function action() {
  throw data(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
