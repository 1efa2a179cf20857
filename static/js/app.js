// Starts the NHS.UK frontend components. Loaded as a module from the page
// head with no inline script, as the Content Security Policy requires.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
