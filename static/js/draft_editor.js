// The draft editor: the contents saved as they are typed (htmx posts the form; the answer
// is the "Saved at" line), the revision kept up to date in every form after each save, a
// warning before leaving with something typed and not saved, and the focus moved where a
// keyboard user needs it when a part's form opens or is saved in place.

const editor = document.getElementById("draft-editor");
const contents = document.getElementById("plan-contents");
const status = document.getElementById("autosave-status");
let edits = 0;
let savedEdits = 0;
let sentEdits = 0;
let submitting = false;

function contentsDirty() {
  return edits !== savedEdits;
}

function changed(field) {
  if (!field.name || ["hidden", "submit", "button"].includes(field.type)) return false;
  if (field.type === "radio" || field.type === "checkbox") {
    return field.checked !== field.defaultChecked;
  }
  if (field.tagName === "SELECT") {
    return Array.from(field.options).some((o) => o.selected !== o.defaultSelected);
  }
  return field.value !== field.defaultValue;
}

function partFormDirty() {
  return Array.from(editor.querySelectorAll("[data-inline-form] form")).some((form) =>
    Array.from(form.elements).some(changed),
  );
}

function firstField(container) {
  return container.querySelector(
    "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])",
  );
}

if (editor && contents) {
  contents.addEventListener("input", () => {
    edits += 1;
  });
  contents.addEventListener("change", () => {
    edits += 1;
  });
  // A save by the button (or the sign-off) waits for the requests already on their way,
  // so that it carries the revision their saves make rather than be refused as stale;
  // after it, no save as typed starts.
  let inFlight = 0;
  let waiting = null;
  editor.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.hasAttribute("hx-post") && form !== contents) return;
    submitting = true;
    if (!inFlight) return;
    event.preventDefault();
    waiting = form;
  });
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const { elt, xhr } = event.detail;
    if (elt === contents && submitting) {
      event.preventDefault();
      return;
    }
    if (elt === contents) sentEdits = edits;
    inFlight += 1;
    xhr.addEventListener("loadend", () => {
      // After htmx has handled the answer (and the new revision is in every form).
      window.setTimeout(() => {
        inFlight -= 1;
        if (!inFlight && waiting) {
          const form = waiting;
          waiting = null;
          form.submit();
        }
      }, 0);
    });
  });

  // Every save answers with the draft's new revision: each form of the editor carries it.
  document.body.addEventListener("phb:draft-saved", (event) => {
    const revision = String(event.detail.revision);
    editor.querySelectorAll("input[name=revision]").forEach((input) => {
      input.value = revision;
    });
    if (contents.contains(event.target) || event.target === contents) savedEdits = sentEdits;
  });

  document.addEventListener("phb:session-ending", () => {
    submitting = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting) return;
    if (contentsDirty() || partFormDirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A link followed with the contents typed and not yet saved: save them first, then go.
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[href]");
    if (!link || !contentsDirty() || link.hasAttribute("hx-get")) return;
    if (link.getAttribute("href").startsWith("#") || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const sent = edits;
    const body = new FormData(contents);
    const token = contents.querySelector("input[name=csrfmiddlewaretoken]").value;
    try {
      const response = await fetch(contents.action, {
        method: "POST",
        body,
        headers: { "HX-Request": "true", "X-CSRFToken": token },
        credentials: "same-origin",
      });
      const trigger = response.headers.get("HX-Trigger") || "";
      if (response.ok && trigger.includes("phb:draft-saved")) {
        savedEdits = sent;
        submitting = true;
        window.location.assign(link.href);
        return;
      }
      const html = await response.text();
      const parsed = new DOMParser().parseFromString(html, "text/html");
      status.textContent = parsed.body.textContent.trim();
    } catch (error) {
      status.textContent = "Not saved: the server did not answer. Save the plan, then go on.";
    }
    status.tabIndex = -1;
    status.focus();
  });
}

if (editor) {
  // A part's form opened in place: its first field (or what is wrong) has the focus. A part
  // saved in place: the message that says so has it.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const target = event.detail.target;
    if (!target || !editor.contains(target)) return;
    const saved = target.querySelector("[data-focus-after-swap]");
    if (saved) {
      saved.focus();
      return;
    }
    const form = target.querySelector("[data-inline-form]");
    if (!form || target.id === "line-totals") return;
    const summary = form.querySelector(".nhsuk-error-summary");
    if (summary) {
      summary.tabIndex = -1;
      summary.focus();
      return;
    }
    const field = firstField(form);
    if (field) field.focus();
  });

  // Cancel closes the form in place and goes back to the link that opened it.
  editor.addEventListener("click", (event) => {
    const cancel = event.target.closest("[data-inline-cancel]");
    if (!cancel) return;
    event.preventDefault();
    const slot = cancel.closest("[id$=-form-slot]");
    const section = slot.parentElement;
    slot.replaceChildren();
    const add = section.querySelector("[data-add-link]");
    if (add) add.focus();
  });
}
