// Loaded with `node --import` into a replica a test starts as its own process, so that process
// reaches the test's stand-ins for Microsoft's https endpoints without leaving the machine:
// Entra ID's login host (as FakeEntraId.routeLogin() does for the test's own process), to the
// port in LEADBOT_TEST_ENTRA_PORT; and OneDrive upload sessions under the https origin in
// LEADBOT_TEST_UPLOAD_ORIGIN, to the plain-HTTP URL in LEADBOT_TEST_UPLOAD_TARGET. leadbot's
// own code still sees (and checks) the https URL it was given.
import { routeLoginTo } from "./loopback-login.js";

const port = Number(process.env.LEADBOT_TEST_ENTRA_PORT);
if (Number.isInteger(port) && port > 0) routeLoginTo(port);

const origin = process.env.LEADBOT_TEST_UPLOAD_ORIGIN;
const target = process.env.LEADBOT_TEST_UPLOAD_TARGET;
if (origin && target) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return realFetch(url.startsWith(origin) ? target + url.slice(origin.length) : input, init);
  };
}
