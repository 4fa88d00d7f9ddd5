import { startPortal } from "./support/portal-process";
import {
  WebClient,
  loginResident,
  fillService,
  forsorjningsstodAnswers,
  twoSmallFiles,
  send,
} from "./support/web-client";
const portal = await startPortal();
try {
  const c = new WebClient(portal.url);
  let t = Date.now();
  await loginResident(c, "anna");
  console.log("login", Date.now() - t, [...c.cookies.keys()]);
  t = Date.now();
  const review = await fillService(c, "forsorjningsstod", forsorjningsstodAnswers(), twoSmallFiles());
  console.log("filled", review, Date.now() - t);
  const ref = await send(c, review);
  console.log("sent", ref, Date.now() - t);
} catch (e) {
  console.error(e, (e as any).body?.slice?.(0, 3000));
} finally {
  await portal.stop();
}
