// Signing out after a time without a request (SESSION_COOKIE_AGE on the server).
//
// The page's body carries the timings: data-session-warning (seconds after the last
// request before warning) and data-session-age (seconds before the session ends), and
// data-keep-alive (the address that refreshes the session). Each request, from this tab
// or another of the same browser, starts the count again. At the warning, a modal dialog
// offers "Stay signed in" (a request to the keep-alive) or "Sign out". At the end, what is
// typed on the page and not saved is kept in sessionStorage (this tab only), and the page
// signs out and goes to sign in, coming back here afterwards, where it is put back.

const ACTIVITY_KEY = "phb-session-activity";
const TYPED_PREFIX = "phb-typed:";
const body = document.body;
const warningAfter = Number(body.dataset.sessionWarning) * 1000;
const endsAfter = Number(body.dataset.sessionAge) * 1000;
const keepAliveUrl = body.dataset.keepAlive;
const dialog = document.getElementById("session-timeout");
let lastRequest = Date.now();
let returnFocus = null;
let ending = false;

function noteActivity() {
  lastRequest = Date.now();
  try {
    localStorage.setItem(ACTIVITY_KEY, String(lastRequest));
  } catch (error) {
    // Storage may be refused; this tab still counts its own requests.
  }
}

function latestActivity() {
  let shared = 0;
  try {
    shared = Number(localStorage.getItem(ACTIVITY_KEY)) || 0;
  } catch (error) {
    shared = 0;
  }
  return Math.max(lastRequest, shared);
}

function minutesAndSeconds(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.round(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function csrfToken() {
  const field = dialog.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

// -- What is typed, kept across signing in again ------------------------------------------

function fieldsOf(form) {
  return Array.from(form.elements).filter(
    (field) =>
      field.name &&
      field.name !== "csrfmiddlewaretoken" &&
      !["hidden", "password", "submit", "button", "file"].includes(field.type),
  );
}

function typedForms() {
  return Array.from(document.querySelectorAll("main form"));
}

function changed(field) {
  if (field.type === "radio" || field.type === "checkbox") {
    return field.checked !== field.defaultChecked;
  }
  if (field.tagName === "SELECT") {
    return Array.from(field.options).some((o) => o.selected !== o.defaultSelected);
  }
  return field.value !== field.defaultValue;
}

function keepTyped() {
  const typed = [];
  typedForms().forEach((form, index) => {
    fieldsOf(form).forEach((field) => {
      if (!changed(field)) return;
      const entry = { form: index, name: field.name, type: field.type };
      if (field.type === "radio" || field.type === "checkbox") {
        entry.value = field.value;
        entry.checked = field.checked;
      } else {
        entry.value = field.value;
      }
      typed.push(entry);
    });
  });
  if (!typed.length) return;
  try {
    sessionStorage.setItem(TYPED_PREFIX + location.pathname, JSON.stringify(typed));
  } catch (error) {
    // Nothing can be kept: signing out goes ahead.
  }
}

function putBackTyped() {
  const key = TYPED_PREFIX + location.pathname;
  let typed;
  try {
    typed = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
  } catch (error) {
    return;
  }
  if (!Array.isArray(typed) || !typed.length) return;
  const forms = typedForms();
  let restored = 0;
  for (const entry of typed) {
    const form = forms[entry.form];
    if (!form) continue;
    const fields = fieldsOf(form).filter((f) => f.name === entry.name);
    for (const field of fields) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.value !== entry.value) continue;
        field.checked = entry.checked;
      } else {
        field.value = entry.value;
      }
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      restored += 1;
    }
  }
  if (!restored) return;
  const notice = document.createElement("div");
  notice.className = "nhsuk-inset-text app-restored";
  notice.setAttribute("role", "status");
  notice.tabIndex = -1;
  notice.innerHTML =
    '<span class="nhsuk-u-visually-hidden">Information: </span>' +
    "<p>You were signed out after a time without activity. What you had typed on this " +
    "page has been put back: check it, then save it.</p>";
  const main = document.querySelector("main");
  main.insertBefore(notice, main.firstChild);
  notice.focus();
}

// -- The warning and the end ---------------------------------------------------------------

function openWarning(left) {
  dialog.querySelector("[data-session-left]").textContent = minutesAndSeconds(left);
  if (dialog.open) return;
  returnFocus = document.activeElement;
  dialog.showModal();
  dialog.querySelector("[data-session-stay]").focus();
}

function closeWarning() {
  if (!dialog.open) return;
  dialog.close();
  if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  returnFocus = null;
}

function signOutAndReturn() {
  if (ending) return;
  ending = true;
  keepTyped();
  // Kept for after signing in again: nothing on the page need ask before it goes.
  document.dispatchEvent(new CustomEvent("phb:session-ending"));
  const back = location.pathname + location.search;
  const signIn = `${body.dataset.signIn}?next=${encodeURIComponent(back)}&timed_out=1`;
  const form = dialog.querySelector("[data-session-sign-out]");
  form.querySelector("[data-session-next]").value = signIn;
  form.submit();
}

async function stay() {
  try {
    const response = await fetch(keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.status === 204) {
      noteActivity();
      closeWarning();
      return;
    }
  } catch (error) {
    // The server did not answer: the session may have ended.
  }
  signOutAndReturn();
}

function tick() {
  if (ending) return;
  const idle = Date.now() - latestActivity();
  // A little before the server's end, so that signing out still finds the session.
  if (idle >= endsAfter - 2000) {
    signOutAndReturn();
  } else if (idle >= warningAfter) {
    openWarning(endsAfter - idle);
  } else if (dialog.open) {
    closeWarning(); // another tab made a request
  }
}

if (dialog && warningAfter > 0 && endsAfter > 0) {
  noteActivity();
  dialog.querySelector("[data-session-stay]").addEventListener("click", stay);
  // Escape would leave the warning up in all but name: it means "stay".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  document.addEventListener("htmx:afterRequest", noteActivity);
  document.addEventListener("phb:request", noteActivity);
  window.setInterval(tick, 1000);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => window.setTimeout(putBackTyped, 0));
} else {
  window.setTimeout(putBackTyped, 0);
}
