/* Drafts that are never lost (the idea form, templates/ideas/form.html).

   Progressive enhancement; without JavaScript the "Spara utkast" button saves the draft.
   - Every change is copied to this browser (localStorage, one entry per person and idea) and the
     copy is kept until the server has confirmed a save of exactly that text.
   - A draft is saved on the server while the writer types: a debounced POST of the form to
     data-autosave-url (JSON back: id, version, message). The first save of a new idea sends the
     form's draft_key, so a retried request finds the draft it already made.
   - A save based on an old version is refused by the server (409); the text stays here, and the
     writer chooses to open the latest version or to save their own text over it.
   - After a failed save, an expired session (the sign-in redirect) or a crash, the copy is put
     back into the form when the page is opened again, with a notice and a way to discard it.
   - The status is told in a polite live region (#draft-status).
   CSP-strict: loaded as a static file, no inline code. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-draft-form]");
  var status = document.getElementById("draft-status");
  if (!form || !status || !window.fetch) {
    return;
  }
  var storeKey = form.getAttribute("data-store-key");
  var autosaveUrl = form.getAttribute("data-autosave-url");
  var prefix = storeKey.split(":").slice(0, 2).join(":") + ":";
  var newKey = prefix + "new";
  var DELAY = 1500;
  var RETRY = 15000;
  var MAX_AGE = 14 * 24 * 3600 * 1000;
  var SKIP = { csrfmiddlewaretoken: true, action: true, version: true, draft_key: true };
  var timer = null;
  var retryTimer = null;
  var inFlight = false;
  var again = false;
  var edits = 0;
  var stopped = false;
  var leaving = false;
  var undoRestore = null;
  var pendingNotice = null; // a copy of a sent form is announced only once the server keeps it

  function el(name) {
    return form.elements.namedItem(name);
  }

  function value(name) {
    var input = el(name);
    return input ? input.value : "";
  }

  function setValue(name, text) {
    var input = el(name);
    if (input) {
      input.value = text;
    }
  }

  function each(fn) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name && !SKIP[input.name] && input.type !== "submit" && input.type !== "button") {
        fn(input);
      }
    });
  }

  function snapshot() {
    var data = {};
    each(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        data[input.name] = data[input.name] || [];
        if (input.checked) {
          data[input.name].push(input.value);
        }
      } else {
        data[input.name] = input.value;
      }
    });
    return data;
  }

  function apply(data) {
    each(function (input) {
      if (!Object.prototype.hasOwnProperty.call(data, input.name)) {
        return;
      }
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = data[input.name].indexOf(input.value) !== -1;
      } else {
        input.value = data[input.name];
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // --- The copy in this browser ---------------------------------------------------------------

  function read(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function write(key, entry) {
    try {
      window.localStorage.setItem(key, JSON.stringify(entry));
    } catch (e) {
      /* storage full or disabled: the server save still runs */
    }
  }

  function remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      /* nothing to remove */
    }
  }

  function purgeOld() {
    try {
      var now = Date.now();
      for (var i = window.localStorage.length - 1; i >= 0; i -= 1) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf("vardag-idea:") === 0) {
          var entry = read(key);
          if (!entry || now - entry.at > MAX_AGE) {
            remove(key);
          }
        }
      }
    } catch (e) {
      /* storage disabled */
    }
  }

  function keep(submitted) {
    write(storeKey, {
      fields: snapshot(),
      at: Date.now(),
      version: value("version"),
      draftKey: value("draft_key"),
      submitted: Boolean(submitted),
    });
  }

  // --- Status -----------------------------------------------------------------------------------

  function text(name) {
    return status.getAttribute("data-" + name) || "";
  }

  function say(message, kind, extra) {
    status.textContent = message;
    status.className = "draft-status" + (kind ? " draft-status--" + kind : "");
    if (extra) {
      status.appendChild(document.createTextNode(" "));
      status.appendChild(extra);
    }
  }

  function signedOut() {
    stopped = true;
    var link = document.createElement("a");
    link.href = text("login-url") + "?next=" + encodeURIComponent(window.location.pathname);
    link.textContent = text("login-label");
    say(text("signed-out"), "error", link);
  }

  function conflict(data) {
    stopped = true;
    var wrap = document.createElement("span");
    var link = document.createElement("a");
    link.href = data.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = text("latest-label");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = text("overwrite-label");
    button.addEventListener("click", function () {
      adopt(data);
      setValue("version", data.version);
      stopped = false;
      save();
    });
    wrap.appendChild(link);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(button);
    say(data.error, "error", wrap);
  }

  function alreadySubmitted(data) {
    /* The text sent is an idea that has been submitted since (a copy of an earlier "new idea"
       form kept by this browser): forget the copy and give the writer an empty form again. */
    remove(storeKey);
    pendingNotice = null;
    if (undoRestore) {
      undoRestore();
    }
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = text("submitted-label");
    say(data.error, "", link);
  }

  // --- Saving on the server ---------------------------------------------------------------------

  function post(body) {
    return window.fetch(autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    });
  }

  function adopt(data) {
    /* From now on this form edits the draft `data.id` (after the first save of a new idea). */
    if (!data.store_key || data.store_key === storeKey) {
      return;
    }
    remove(storeKey);
    storeKey = data.store_key;
    autosaveUrl = data.autosave_url;
    form.setAttribute("action", data.edit_url);
    form.setAttribute("data-idea", String(data.id));
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", data.edit_url);
    }
  }

  function schedule() {
    edits += 1;
    keep(false);
    if (!autosaveUrl) {
      say(text("local"));
      return;
    }
    if (stopped) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  }

  function handle(code, data, sent) {
    if (code === 200) {
      adopt(data);
      setValue("version", data.version);
      if (edits === sent) {
        remove(storeKey);
      } else {
        keep(false);
      }
      say(data.message, "saved");
      if (pendingNotice) {
        pendingNotice.hidden = false; // the sent form never arrived: its text is a draft now
        pendingNotice = null;
      }
    } else if (code === 409 && data.conflict) {
      conflict(data);
    } else if (code === 409 && data.submitted) {
      alreadySubmitted(data);
    } else if (pendingNotice && code === 409 && !data.conflict) {
      /* The copy is of a form that was sent and arrived (the idea is no longer a draft): there
         is nothing to put back, so the writer is not told of text "not saved". */
      remove(storeKey);
      pendingNotice = null;
      if (undoRestore) {
        undoRestore();
      }
      say("");
    } else {
      say(data.error || text("offline"), "error");
      stopped = code === 409;
    }
  }

  function save() {
    window.clearTimeout(timer);
    timer = null;
    window.clearTimeout(retryTimer);
    if (!autosaveUrl || stopped || leaving) {
      return;
    }
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    var sent = edits;
    var body = new FormData(form);
    body.delete("action");
    say(text("saving"));
    post(body)
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 302) {
          signedOut();
          return null;
        }
        if (response.status === 403) {
          stopped = true;
          say(text("reload"), "error");
          return null;
        }
        return response.json().then(function (data) {
          handle(response.status, data, sent);
        });
      })
      .catch(function () {
        say(text("offline"), "error");
        retryTimer = window.setTimeout(save, RETRY);
      })
      .then(function () {
        inFlight = false;
        if (again && !stopped) {
          save();
        }
      });
  }

  // --- A copy of a "new idea" form that was sent ------------------------------------------------

  function checkSent(entry) {
    /* Whether the sent form arrived cannot be known here, so the copy is offered to the server
       as it is, without touching the form: the writer may already be typing a new idea in it.
       Submitted already: the copy is forgotten. Not arrived: the server keeps it as a draft,
       which is put into the form if nothing has been typed yet, and otherwise linked to. */
    var key = storeKey;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", value("csrfmiddlewaretoken"));
    Object.keys(entry.fields).forEach(function (name) {
      var field = entry.fields[name];
      (Array.isArray(field) ? field : [field]).forEach(function (item) {
        body.append(name, item);
      });
    });
    body.append("version", entry.version || "");
    body.append("draft_key", entry.draftKey || "");
    function forget() {
      var now = read(key);
      if (now && now.at === entry.at && now.submitted) {
        remove(key); // not a copy of what has been typed since
      }
    }
    post(body)
      .then(function (response) {
        if (response.status === 409) {
          forget(); // submitted, or kept on the server already
          return response.json().then(function (data) {
            if (data.submitted && edits === 0 && same(entry.fields, snapshot())) {
              /* The browser put the submitted text back into this form (Back after submitting):
                 it is that form again, so it takes the submitted form's key. "Lämna in idén"
                 once more then finds the idea already made instead of making a second one. */
              setValue("draft_key", entry.draftKey);
              var link = document.createElement("a");
              link.href = data.url;
              link.textContent = text("submitted-label");
              say(data.error, "", link);
            }
          });
        }
        if (response.status !== 200) {
          return null; // signed out or offline: the copy waits for the next visit
        }
        return response.json().then(function (data) {
          forget();
          var notice = document.getElementById("draft-restored");
          var noticeText = document.getElementById("draft-restored-text");
          var time = clock(entry.at);
          if (edits === 0 && !inFlight && timer === null) {
            apply(entry.fields);
            adopt(data);
            setValue("version", data.version);
            setValue("draft_key", data.draft_key);
            noticeText.textContent = noticeText.getAttribute("data-template").replace("{time}", time);
            document.getElementById("draft-discard").hidden = true; // it is a saved draft now
            say(data.message, "saved");
          } else {
            noticeText.textContent = noticeText.getAttribute("data-kept").replace("{time}", time);
            var link = document.createElement("a");
            link.href = data.edit_url;
            link.textContent = noticeText.getAttribute("data-kept-label");
            noticeText.appendChild(document.createTextNode(" "));
            noticeText.appendChild(link);
            document.getElementById("draft-discard").hidden = true;
          }
          notice.hidden = false;
        });
      })
      .catch(function () {
        /* offline: the copy stays in this browser for the next visit */
      });
  }

  function clock(at) {
    return new Date(at).toLocaleTimeString(document.documentElement.lang || "sv", {
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  // --- Putting a lost copy back -----------------------------------------------------------------

  function restore() {
    purgeOld();
    var current = snapshot();
    var entry = read(storeKey);
    var fresh = read(newKey);
    if (!entry && form.getAttribute("data-idea") && fresh && fresh.draftKey === value("draft_key")) {
      // Written on the "new idea" page; its first save reached the server as this draft.
      remove(newKey);
      if (!fresh.submitted) {
        entry = fresh;
        entry.version = entry.version || "1";
      }
    }
    if (!entry) {
      return;
    }
    if (entry.submitted && !form.getAttribute("data-idea") && autosaveUrl) {
      checkSent(entry);
      return;
    }
    if (entry.submitted && entry.version !== value("version")) {
      remove(storeKey); // the form was sent and the server saved it
      return;
    }
    if (same(entry.fields, current)) {
      if (entry.version === value("version")) {
        remove(storeKey);
      }
      return;
    }
    var serverVersion = value("version");
    apply(entry.fields);
    // Saving the copy is based on the version it was written on: if the idea has been saved
    // since, the server says so instead of overwriting that version.
    setValue("version", entry.version);
    var formKey = value("draft_key");
    if (entry.draftKey && !form.getAttribute("data-idea")) {
      setValue("draft_key", entry.draftKey);
    }
    var notice = document.getElementById("draft-restored");
    var notice_text = document.getElementById("draft-restored-text");
    var time = clock(entry.at);
    notice_text.textContent = notice_text.getAttribute("data-template").replace("{time}", time);
    if (entry.submitted && autosaveUrl) {
      pendingNotice = notice; // shown when the server keeps the copy (it may hold it already)
    } else {
      notice.hidden = false;
    }
    undoRestore = function () {
      /* Back to the form as the server gave it, with its own key for a new draft. */
      apply(current);
      setValue("version", serverVersion);
      setValue("draft_key", formKey);
      notice.hidden = true;
      undoRestore = null;
      stopped = false;
    };
    document.getElementById("draft-discard").addEventListener("click", function () {
      apply(current);
      if (stopped || value("version") === entry.version) {
        setValue("version", serverVersion); // the copy was never saved: back to the server's
        stopped = false;
      }
      if (!form.getAttribute("data-idea")) {
        setValue("draft_key", formKey); // a new idea of its own, not the discarded copy's
      }
      notice.hidden = true;
      undoRestore = null;
      remove(storeKey);
      edits += 1;
      if (autosaveUrl) {
        save();
      }
    });
    edits += 1;
    keep(false);
    if (autosaveUrl) {
      save();
    } else {
      say(text("local"));
    }
  }

  form.addEventListener("input", schedule);
  form.addEventListener("submit", function () {
    /* The form itself carries the text now: no automatic save may run beside it (it would be a
       second writer of the same draft, based on the same version). */
    window.clearTimeout(timer);
    timer = null;
    leaving = true;
    keep(true);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false; // back from the browser's page cache: the form is live again
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer !== null && !inFlight && !leaving) {
      save();
    }
  });
  restore();
})();
